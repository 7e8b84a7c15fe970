import { type ReactNode, useState } from 'react';
import type { DuplicateFlag, DuplicatePage } from '../../api/contract.js';
import { permission } from '../../api/permissions.js';
import { type Lookups, useLookups } from '../../api/useLookups.js';
import { useQueryState } from '../../api/useQueryState.js';
import { sendChange, useReloadable } from '../../api/useRegistry.js';
import { useSession } from '../../api/useSession.js';
import { ActionGate } from '../../components/auth/ActionGate.js';
import { Pager } from '../../components/Pager.js';
import { RemoteState } from '../../components/RemoteState.js';
import { formatDay, formatMoment, formatMoney, formatQuantity } from '../../format.js';
import { useT } from '../../i18n/index.js';
import { PLEDGE_STATUS_IDS, word } from '../../i18n/words.js';
import { Link } from '../../router.js';
import { eventName, itemName } from '../lists/names.js';
import { RegistryTabs } from './RegistryTabs.js';

type Pledge = DuplicateFlag['pledge'];

const STATUSES = ['open', 'dismissed', 'confirmed', 'all'] as const;
const STATUS_IDS: Readonly<Record<(typeof STATUSES)[number], string>> = {
  open: 'duplicates.status.open',
  dismissed: 'duplicates.status.dismissed',
  confirmed: 'duplicates.status.confirmed',
  all: 'duplicates.status.all',
};

/** The rows a reviewer compares, each as the text shown for one pledge. */
function comparedFields(lookups: Lookups): readonly [string, (pledge: Pledge) => string][] {
  return [
    ['duplicates.field.donor', (p) => p.donor_name],
    ['duplicates.field.item', (p) => `${itemName(lookups, p.item_id)} (${p.item_code})`],
    ['duplicates.field.quantity', (p) => formatQuantity(p.quantity)],
    ['duplicates.field.announced', (p) => formatDay(p.announced_on)],
    ['duplicates.field.event', (p) => eventName(lookups, p.event_id)],
    ['duplicates.field.value', (p) => (p.value ? formatMoney(p.value.amount, p.value.currency) : '—')],
    ['duplicates.field.status', (p) => word(PLEDGE_STATUS_IDS, p.status)],
  ];
}

/** One flagged pair side by side, with the review buttons while it is open. */
function FlagCard({
  flag,
  lookups,
  onReview,
  busy,
}: {
  flag: DuplicateFlag;
  lookups: Lookups;
  onReview: (flag: DuplicateFlag, verb: 'dismiss' | 'confirm') => void;
  busy: boolean;
}) {
  const t = useT();
  const titleId = `flag-${flag.id}`;
  const rows: [string, ReactNode, ReactNode, boolean][] = comparedFields(lookups).map(([id, show]) => {
    const a = show(flag.pledge);
    const b = show(flag.other_pledge);
    return [t(id), a, b, a !== b];
  });
  return (
    <article className="duplicate-card" aria-labelledby={titleId}>
      <h3 id={titleId}>
        {t('duplicates.pairTitle', {
          item: itemName(lookups, flag.pledge.item_id),
          donor: flag.pledge.donor_name,
        })}
      </h3>
      <p className="muted">
        {t('duplicates.flagged', { time: formatMoment(flag.created_at) })} {flag.reason}
      </p>
      <table className="data-table registry-table duplicate-compare">
        <caption className="visually-hidden">{t('duplicates.compareCaption')}</caption>
        <thead>
          <tr>
            <th scope="col" style={{ width: '10rem' }}>
              {t('duplicates.field.field')}
            </th>
            <th scope="col">
              <Link to={`/pledges/${flag.pledge.id}`}>{t('duplicates.pledgeA')}</Link>
            </th>
            <th scope="col">
              <Link to={`/pledges/${flag.other_pledge.id}`}>{t('duplicates.pledgeB')}</Link>
            </th>
          </tr>
        </thead>
        <tbody>
          {rows.map(([label, a, b, differs]) => (
            <tr key={label} className={differs ? 'duplicate-compare--differs' : undefined}>
              <th scope="row">
                {label}
                {differs ? <span className="duplicate-compare__mark"> {t('duplicates.differs')}</span> : null}
              </th>
              <td>{a}</td>
              <td>{b}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {flag.status === 'open' ? (
        <div className="duplicate-card__actions">
          <button type="button" disabled={busy} onClick={() => onReview(flag, 'dismiss')}>
            {t('duplicates.dismiss')}
          </button>
          <button type="button" disabled={busy} onClick={() => onReview(flag, 'confirm')}>
            {t('duplicates.confirm')}
          </button>
        </div>
      ) : (
        <p>
          <strong>{word(STATUS_IDS, flag.status)}</strong>{' '}
          {t('duplicates.reviewed', {
            who: flag.reviewed_by ?? '—',
            time: flag.reviewed_at ? formatMoment(flag.reviewed_at) : '—',
          })}
        </p>
      )}
    </article>
  );
}

function DuplicateList() {
  const t = useT();
  const lookups = useLookups();
  const [query, update] = useQueryState();
  const status = (STATUSES as readonly string[]).includes(query.get('status') ?? '')
    ? (query.get('status') as (typeof STATUSES)[number])
    : 'open';
  const params = new URLSearchParams({ limit: '50' });
  if (status !== 'all') params.set('status', status);
  const cursor = query.get('cursor');
  if (cursor) params.set('cursor', cursor);
  const { remote, reload } = useReloadable<DuplicatePage>(`/api/v1/duplicates?${params}`);
  const [busy, setBusy] = useState(false);
  const [outcome, setOutcome] = useState<{ ok: boolean; text: string } | undefined>();

  async function review(flag: DuplicateFlag, verb: 'dismiss' | 'confirm') {
    setBusy(true);
    const answer = await sendChange<DuplicateFlag>('POST', `/api/v1/duplicates/${flag.id}/${verb}`);
    setBusy(false);
    setOutcome(
      answer.ok
        ? { ok: true, text: t(verb === 'dismiss' ? 'duplicates.dismissed' : 'duplicates.confirmed') }
        : { ok: false, text: t('duplicates.notReviewed', { detail: answer.detail }) },
    );
    reload();
  }

  return (
    <>
      <div className="filter-bar">
        <div className="filter-bar__field">
          <label htmlFor="duplicates-status">{t('duplicates.showStatus')}</label>
          <select
            id="duplicates-status"
            value={status}
            onChange={(event) =>
              update({ status: event.target.value === 'open' ? null : event.target.value })
            }
          >
            {STATUSES.map((value) => (
              <option key={value} value={value}>
                {t(STATUS_IDS[value])}
              </option>
            ))}
          </select>
        </div>
      </div>
      {outcome ? (
        <p role={outcome.ok ? 'status' : 'alert'} className={outcome.ok ? 'registry-done' : 'form-problem'}>
          {outcome.text}
        </p>
      ) : null}
      <RemoteState
        remote={remote}
        what={t('duplicates.what')}
        isEmpty={(data) => data.items.length === 0}
        empty={status === 'open' ? t('duplicates.emptyOpen') : t('duplicates.empty')}
      >
        {(data) => (
          <>
            <div className="duplicate-list">
              {data.items.map((flag) => (
                <FlagCard
                  key={flag.id}
                  flag={flag}
                  lookups={lookups}
                  busy={busy}
                  onReview={(f, verb) => void review(f, verb)}
                />
              ))}
            </div>
            <Pager
              onFirstPage={!cursor}
              nextCursor={data.next_cursor}
              shown={data.items.length}
              onFirst={() => update({ cursor: null })}
              onNext={(next) => update({ cursor: next })}
            />
          </>
        )}
      </RemoteState>
    </>
  );
}

/** The review queue of possible duplicate pledges (coordinators): each pair side by side, dismiss or confirm. */
export default function DuplicatesPage() {
  const t = useT();
  const { state: session } = useSession();
  const may = permission(session, 'review-duplicates');
  return (
    <>
      <RegistryTabs current="/duplicates" />
      <section className="panel" aria-labelledby="duplicates-title">
        <div className="panel__head">
          <h2 id="duplicates-title">{t('duplicates.title')}</h2>
        </div>
        <p>{t('duplicates.intro')}</p>
        <ActionGate permission={may} label={t('duplicates.title')}>
          <DuplicateList />
        </ActionGate>
      </section>
    </>
  );
}
