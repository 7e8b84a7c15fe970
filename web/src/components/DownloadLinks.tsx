import type { ExportUrls } from '../api/exports.js';
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
