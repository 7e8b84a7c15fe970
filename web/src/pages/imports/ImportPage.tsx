import { type FormEvent, useCallback, useEffect, useId, useState } from 'react';
import type { Role } from '../../../../src/core/auth/actor.js';
import { errorOf, request } from '../../api/http.js';
import { permission } from '../../api/permissions.js';
import { useSession } from '../../api/useSession.js';
import { useReason } from '../../components/auth/ActionGate.js';
import { DetailFields } from '../../components/DetailFields.js';
import { formatCount, formatMoment } from '../../format.js';
import { useT } from '../../i18n/index.js';
import { Link, navigate } from '../../router.js';
import type { PageProps } from '../../routes.js';

/** An import as GET /api/v1/imports/:id answers it (src/api/routes/imports/imports.routes.ts). */
interface ImportRun {
  readonly id: string;
  readonly status: 'staging' | 'checked' | 'applying' | 'applied' | 'failed' | 'interrupted';
  readonly entity: RunEntity;
  readonly format: string;
  readonly mode: 'all_or_nothing' | 'skip_invalid';
  readonly file: {
    readonly name: string;
    readonly sha256: string | null;
    readonly bytes: number;
    readonly encoding: string | null;
  };
  readonly progress: { readonly rows: number; readonly total: number };
  readonly counts: {
    readonly created: number;
    readonly updated: number;
    readonly unchanged: number;
    readonly rejected: number;
  } | null;
  readonly problems: readonly {
    readonly row: number;
    readonly column: string;
    readonly value: string | null;
    readonly reason: string;
  }[];
  readonly problem_count: number;
  readonly error: string | null;
  readonly created_at: string;
  readonly applied_at: string | null;
}

type Entity = 'pledges' | 'needs' | 'organisations' | 'items' | 'events' | 'shipments' | 'receipts';
type RunEntity = 'pledge' | 'need' | 'organisation' | 'item' | 'event' | 'shipment' | 'receipt';

/**
 * What each kind of row is, who may import it (the roles that may create such records one by one:
 * WRITERS in src/interchange/import/import.service.ts, which the server enforces), its label, and the
 * list an applied import links to.
 */
const ENTITIES: readonly {
  readonly entity: Entity;
  readonly run: RunEntity;
  readonly roles: readonly Role[];
  readonly label: string;
  readonly list: string;
  readonly see: string;
}[] = [
  {
    entity: 'pledges',
    run: 'pledge',
    roles: ['coordinator', 'donor'],
    label: 'imports.entityPledges',
    list: '/pledges',
    see: 'imports.seePledges',
  },
  {
    entity: 'needs',
    run: 'need',
    roles: ['coordinator', 'recipient'],
    label: 'imports.entityNeeds',
    list: '/needs',
    see: 'imports.seeNeeds',
  },
  {
    entity: 'organisations',
    run: 'organisation',
    roles: ['admin', 'coordinator'],
    label: 'imports.entityOrganisations',
    list: '/organisations',
    see: 'imports.seeOrganisations',
  },
  {
    entity: 'items',
    run: 'item',
    roles: ['admin', 'coordinator'],
    label: 'imports.entityItems',
    list: '/items',
    see: 'imports.seeItems',
  },
  {
    entity: 'events',
    run: 'event',
    roles: ['admin', 'coordinator'],
    label: 'imports.entityEvents',
    list: '/events',
    see: 'imports.seeEvents',
  },
  {
    entity: 'shipments',
    run: 'shipment',
    roles: ['coordinator', 'donor'],
    label: 'imports.entityShipments',
    list: '/shipments',
    see: 'imports.seeShipments',
  },
  {
    entity: 'receipts',
    run: 'receipt',
    roles: ['coordinator', 'recipient'],
    label: 'imports.entityReceipts',
    list: '/shipments',
    see: 'imports.seeShipments',
  },
];
type Format = 'csv' | 'hxl' | 'xlsx' | 'iati';
type Mode = 'all_or_nothing' | 'skip_invalid';

const CONTENT_TYPE: Readonly<Record<Format, string>> = {
  csv: 'text/csv',
  hxl: 'text/csv',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  iati: 'application/xml',
};

/** The format a file's name suggests; what it really is, the server tells from its bytes. */
function formatOfName(name: string): Format | undefined {
  const lower = name.toLowerCase();
  if (lower.endsWith('.xlsx')) return 'xlsx';
  if (lower.endsWith('.xml')) return 'iati';
  return undefined;
}

const BUSY = new Set<ImportRun['status']>(['staging', 'applying']);
/** How many problems one page shows (the API keeps the first 100). */
const PROBLEMS_PER_PAGE = 20;

async function readImport(id: string, offset: number): Promise<ImportRun> {
  const url = `/api/v1/imports/${encodeURIComponent(id)}?offset=${offset}&limit=${PROBLEMS_PER_PAGE}`;
  const response = await request(url);
  if (!response.ok) throw await errorOf(url, response);
  return (await response.json()) as ImportRun;
}

/** Reads an import and reads it again while it is still being checked or written. */
function useImport(id: string | undefined, offset: number) {
  const [run, setRun] = useState<ImportRun | undefined>(undefined);
  const [error, setError] = useState<string | undefined>(undefined);
  const [version, setVersion] = useState(0);
  // biome-ignore lint/correctness/useExhaustiveDependencies: a new version reads the import again (after apply).
  useEffect(() => {
    if (!id) return;
    let stopped = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const poll = async () => {
      try {
        const next = await readImport(id, offset);
        if (stopped) return;
        setRun(next);
        setError(undefined);
        if (BUSY.has(next.status)) timer = setTimeout(poll, 500);
      } catch (caught) {
        if (!stopped) setError(caught instanceof Error ? caught.message : String(caught));
      }
    };
    void poll();
    return () => {
      stopped = true;
      if (timer) clearTimeout(timer);
    };
  }, [id, offset, version]);
  const reload = useCallback(() => setVersion((v) => v + 1), []);
  return { run, error, reload };
}

function UploadForm({ role }: { role: Role | undefined }) {
  const t = useT();
  const ids = useId();
  const offered = ENTITIES.filter((e) => role !== undefined && e.roles.includes(role));
  const [file, setFile] = useState<File | undefined>(undefined);
  const [entity, setEntity] = useState<Entity>(offered[0]?.entity ?? 'pledges');
  const [format, setFormat] = useState<Format>('csv');
  const [mode, setMode] = useState<Mode>('all_or_nothing');
  const [sending, setSending] = useState(false);
  const [problem, setProblem] = useState<string | undefined>(undefined);

  const onFile = (chosen: File | undefined) => {
    setFile(chosen);
    const suggested = chosen ? formatOfName(chosen.name) : undefined;
    if (suggested) {
      setFormat(suggested);
      if (suggested === 'iati' && offered.some((e) => e.entity === 'pledges')) setEntity('pledges');
    }
  };

  const onSubmit = async (event: FormEvent) => {
    event.preventDefault();
    if (!file) {
      setProblem(t('imports.chooseFile'));
      return;
    }
    setSending(true);
    setProblem(undefined);
    const query = new URLSearchParams({ entity, format, mode, file_name: file.name.slice(0, 200) });
    const url = `/api/v1/imports?${query}`;
    try {
      const response = await request(url, {
        method: 'POST',
        headers: { 'content-type': CONTENT_TYPE[format] },
        rawBody: file,
      });
      if (!response.ok) throw await errorOf(url, response);
      const run = (await response.json()) as ImportRun;
      navigate(`/imports/${run.id}`);
    } catch (caught) {
      setProblem(caught instanceof Error ? caught.message : String(caught));
    } finally {
      setSending(false);
    }
  };

  return (
    <form className="import-form" onSubmit={onSubmit} noValidate>
      <div className="form-field">
        <label htmlFor={`${ids}-file`}>{t('imports.file')}</label>
        <input
          id={`${ids}-file`}
          type="file"
          accept=".csv,.txt,.xlsx,.xml,text/csv,application/xml"
          aria-describedby={`${ids}-file-hint`}
          onChange={(event) => onFile(event.target.files?.[0])}
        />
        <p className="form-field__hint" id={`${ids}-file-hint`}>
          {t('imports.fileHint')}
        </p>
      </div>
      <div className="form-field">
        <label htmlFor={`${ids}-entity`}>{t('imports.entity')}</label>
        <select
          id={`${ids}-entity`}
          value={entity}
          onChange={(event) => setEntity(event.target.value as Entity)}
        >
          {offered.map((e) => (
            <option key={e.entity} value={e.entity} disabled={format === 'iati' && e.entity !== 'pledges'}>
              {t(e.label)}
            </option>
          ))}
        </select>
      </div>
      <div className="form-field">
        <label htmlFor={`${ids}-format`}>{t('imports.format')}</label>
        <select
          id={`${ids}-format`}
          value={format}
          onChange={(event) => {
            const next = event.target.value as Format;
            setFormat(next);
            if (next === 'iati' && offered.some((e) => e.entity === 'pledges')) setEntity('pledges');
          }}
        >
          <option value="csv">{t('imports.formatCsv')}</option>
          <option value="hxl">{t('imports.formatHxl')}</option>
          <option value="xlsx">{t('imports.formatXlsx')}</option>
          <option value="iati">{t('imports.formatIati')}</option>
        </select>
      </div>
      <fieldset className="form-field import-form__mode">
        <legend>{t('imports.mode')}</legend>
        <label>
          <input
            type="radio"
            name={`${ids}-mode`}
            value="all_or_nothing"
            checked={mode === 'all_or_nothing'}
            onChange={() => setMode('all_or_nothing')}
          />{' '}
          {t('imports.modeAll')}
        </label>
        <label>
          <input
            type="radio"
            name={`${ids}-mode`}
            value="skip_invalid"
            checked={mode === 'skip_invalid'}
            onChange={() => setMode('skip_invalid')}
          />{' '}
          {t('imports.modeSkip')}
        </label>
      </fieldset>
      {problem ? (
        <p className="form-problem" role="alert">
          {problem}
        </p>
      ) : null}
      <button type="submit" className="button--primary" disabled={sending}>
        {sending ? t('imports.checking') : t('imports.check')}
      </button>
    </form>
  );
}

const STATUS_IDS: Readonly<Record<ImportRun['status'], string>> = {
  staging: 'imports.status.staging',
  checked: 'imports.status.checked',
  applying: 'imports.status.applying',
  applied: 'imports.status.applied',
  failed: 'imports.status.failed',
  interrupted: 'imports.status.interrupted',
};

function ImportResult({ id }: { id: string }) {
  const t = useT();
  const [offset, setOffset] = useState(0);
  const { run, error, reload } = useImport(id, offset);
  const [applying, setApplying] = useState(false);
  const [applyProblem, setApplyProblem] = useState<string | undefined>(undefined);

  if (error && !run) {
    return (
      <p className="state state--error" role="alert">
        {error}
      </p>
    );
  }
  if (!run) {
    return (
      <p className="state state--loading" role="status">
        {t('imports.loading')}
      </p>
    );
  }

  const counts = run.counts;
  const blocked = run.mode === 'all_or_nothing' && (counts?.rejected ?? 0) > 0;
  const onApply = async () => {
    setApplying(true);
    setApplyProblem(undefined);
    const url = `/api/v1/imports/${encodeURIComponent(run.id)}/apply`;
    try {
      const response = await request(url, { method: 'POST' });
      if (!response.ok) throw await errorOf(url, response);
      reload();
    } catch (caught) {
      setApplyProblem(caught instanceof Error ? caught.message : String(caught));
    } finally {
      setApplying(false);
    }
  };
  const kind = ENTITIES.find((e) => e.run === run.entity) ?? (ENTITIES[0] as (typeof ENTITIES)[number]);

  return (
    <div className="import-result" aria-live="polite">
      <DetailFields
        fields={[
          [t('imports.fileName'), run.file.name],
          [
            t('imports.fileSize'),
            t('imports.bytes', { bytes: formatCount(run.file.bytes) }) +
              (run.file.encoding ? ` · ${run.file.encoding}` : ''),
          ],
          [t('imports.sha256'), <code key="sha">{run.file.sha256 ?? '—'}</code>],
          [t('imports.what'), t(kind.label)],
          [t('imports.mode'), run.mode === 'all_or_nothing' ? t('imports.modeAll') : t('imports.modeSkip')],
          [t('imports.uploaded'), formatMoment(run.created_at)],
          [t('imports.statusLabel'), t(STATUS_IDS[run.status])],
        ]}
      />
      {BUSY.has(run.status) ? (
        <p className="state state--loading" role="status">
          {t('imports.progress', {
            rows: formatCount(run.progress.rows),
            total: formatCount(run.progress.total),
          })}
        </p>
      ) : null}
      {run.error ? (
        <p className="notice notice--warn" role="alert">
          {run.error}
        </p>
      ) : null}
      {counts ? (
        <div className="data-table-scroll">
          <table className="data-table import-counts">
            <caption>
              {run.status === 'applied' ? t('imports.countsApplied') : t('imports.countsChecked')}
            </caption>
            <thead>
              <tr>
                <th scope="col">{t('imports.created')}</th>
                <th scope="col">{t('imports.updated')}</th>
                <th scope="col">{t('imports.unchanged')}</th>
                <th scope="col">{t('imports.rejected')}</th>
              </tr>
            </thead>
            <tbody>
              <tr>
                <td className="num">{formatCount(counts.created)}</td>
                <td className="num">{formatCount(counts.updated)}</td>
                <td className="num">{formatCount(counts.unchanged)}</td>
                <td className="num">{formatCount(counts.rejected)}</td>
              </tr>
            </tbody>
          </table>
        </div>
      ) : null}
      {run.problem_count > 0 ? (
        <>
          <div className="data-table-scroll">
            <table className="data-table import-problems">
              <caption>
                {run.problem_count > 100
                  ? t('imports.problemsKept', { count: run.problem_count })
                  : t('imports.problems', { count: run.problem_count })}
              </caption>
              <colgroup>
                <col style={{ width: '5rem' }} />
                <col style={{ width: '20%' }} />
                <col style={{ width: '25%' }} />
                <col />
              </colgroup>
              <thead>
                <tr>
                  <th scope="col">{t('imports.row')}</th>
                  <th scope="col">{t('imports.column')}</th>
                  <th scope="col">{t('imports.value')}</th>
                  <th scope="col">{t('imports.reason')}</th>
                </tr>
              </thead>
              <tbody>
                {run.problems.map((problem) => (
                  <tr key={`${problem.row}:${problem.column}:${problem.reason}`}>
                    <td className="num">{formatCount(problem.row)}</td>
                    <td>{problem.column || '—'}</td>
                    <td>{problem.value ?? '—'}</td>
                    <td>{problem.reason}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          {run.problem_count > PROBLEMS_PER_PAGE ? (
            <div className="pager">
              <button
                type="button"
                disabled={offset === 0}
                onClick={() => setOffset(Math.max(0, offset - PROBLEMS_PER_PAGE))}
              >
                {t('imports.previous')}
              </button>
              <button
                type="button"
                disabled={offset + PROBLEMS_PER_PAGE >= Math.min(run.problem_count, 100)}
                onClick={() => setOffset(offset + PROBLEMS_PER_PAGE)}
              >
                {t('imports.next')}
              </button>
            </div>
          ) : null}
        </>
      ) : null}
      {run.status === 'checked' ? (
        <div className="import-apply">
          {blocked ? (
            <p className="notice notice--warn" id="import-blocked">
              {t('imports.blocked')}
            </p>
          ) : (
            <p className="muted">{t('imports.nothingWritten')}</p>
          )}
          <button
            type="button"
            className="button--primary"
            disabled={blocked || applying}
            aria-describedby={blocked ? 'import-blocked' : undefined}
            onClick={onApply}
          >
            {applying ? t('imports.applying') : t('imports.apply')}
          </button>
          {applyProblem ? (
            <p className="form-problem" role="alert">
              {applyProblem}
            </p>
          ) : null}
        </div>
      ) : null}
      {run.status === 'applied' ? (
        <p>
          <Link to={kind.list}>{t(kind.see)}</Link>
        </p>
      ) : null}
      <p>
        <Link to="/imports">{t('imports.another')}</Link>
      </p>
    </div>
  );
}

/** /imports and /imports/:id: upload a file, read its dry run (counts and problems), then apply it. */
export default function ImportPage({ params }: PageProps) {
  const t = useT();
  const session = useSession().state;
  const allowed = permission(session, 'import-file');
  const reason = useReason();
  return (
    <section className="panel form-page" aria-labelledby="import-title">
      <div className="panel__head">
        <h2 id="import-title">{t('imports.title')}</h2>
      </div>
      <p className="muted">{t('imports.intro')}</p>
      {!allowed.allowed ? (
        <p className="notice notice--warn" role="note">
          {reason(allowed)}
        </p>
      ) : params.id ? (
        <ImportResult key={params.id} id={params.id} />
      ) : (
        <UploadForm role={session.status === 'signed-in' ? session.user.role : undefined} />
      )}
    </section>
  );
}
