import { useState } from 'react';
import type { ExportUrls } from '../api/exports.js';
import { detailOf } from '../api/http.js';
import { fetchAllRecords, recordsToCsv } from '../api/listCsv.js';
import { useT } from '../i18n/index.js';

/** "Download CSV / HXL" for exactly what a list or report shows; `scope` says what the file holds. */
export function DownloadLinks({ urls, scope }: { urls: ExportUrls; scope: string }) {
  const t = useT();
  return (
    <p className="download-links">
      <a href={urls.csv} download>
        {t('downloads.csv')}
      </a>
      <a href={urls.hxl} download>
        {t('downloads.hxl')}
      </a>
      <span className="download-links__scope">{scope}</span>
    </p>
  );
}

/** Hands `csv` to the browser as a download named `fileName`. */
function saveCsv(csv: string, fileName: string): void {
  const url = URL.createObjectURL(new Blob([csv], { type: 'text/csv;charset=utf-8' }));
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** A "Download CSV" button whose file `make` prepares when it is pressed; `scope` says what it holds. */
function CsvButton({
  make,
  fileName,
  scope,
}: {
  make: () => Promise<string>;
  fileName: string;
  scope: string;
}) {
  const t = useT();
  const [state, setState] = useState<{ busy: boolean; problem?: string }>({ busy: false });
  const download = async () => {
    setState({ busy: true });
    try {
      saveCsv(await make(), fileName);
      setState({ busy: false });
    } catch (error) {
      setState({ busy: false, problem: detailOf(error) });
    }
  };
  return (
    <div className="download-links">
      <button type="button" className="link-button" disabled={state.busy} onClick={() => void download()}>
        {state.busy ? t('downloads.preparing') : t('downloads.csv')}
      </button>
      <span className="download-links__scope">{scope}</span>
      {state.problem ? (
        <p className="form-problem" role="alert">
          {t('downloads.failed', { detail: state.problem })}
        </p>
      ) : null}
    </div>
  );
}

/**
 * "Download CSV" for a list the server has no export of: every page of `listUrl` (the list's own
 * API call, filters and sort included) written as CSV in the browser, one column per API field.
 */
export function ListCsvDownload({ listUrl, fileName }: { listUrl: string; fileName: string }) {
  const t = useT();
  return (
    <CsvButton
      make={async () => recordsToCsv(await fetchAllRecords<Record<string, unknown>>(listUrl))}
      fileName={fileName}
      scope={t('downloads.clientScope')}
    />
  );
}

/** "Download CSV" for a report's rows as it shows them (a report is one answer, not pages). */
export function RowsCsvDownload({
  rows,
  fileName,
}: {
  rows: readonly Readonly<Record<string, unknown>>[];
  fileName: string;
}) {
  const t = useT();
  return (
    <CsvButton make={async () => recordsToCsv(rows)} fileName={fileName} scope={t('downloads.reportScope')} />
  );
}
