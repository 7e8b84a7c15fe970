import { useState } from 'react';
import { type InboxItem, markRead, useInbox } from '../../api/useNotifications.js';
import { formatMoment, formatQuantity } from '../../format.js';
import { T, useT } from '../../i18n/index.js';
import { Link } from '../../router.js';

/** The message of each event, as whole ids (the catalogue test finds them by their literals). */
const MESSAGE_IDS: Readonly<Record<string, string>> = {
  'need.created': 'inbox.needCreated',
  'need.changed': 'inbox.needChanged',
  'need.past_due_unmet': 'inbox.needPastDue',
  'pledge.committed': 'inbox.pledgeCommitted',
  'pledge.allocated': 'inbox.pledgeAllocated',
  'allocation.accepted': 'inbox.allocationAccepted',
  'shipment.dispatched': 'inbox.shipmentDispatched',
  'shipment.arrived': 'inbox.shipmentArrived',
  'shipment.lost': 'inbox.shipmentLost',
  'receipt.recorded': 'inbox.receiptRecorded',
};

function Message({ item }: { readonly item: InboxItem }) {
  const t = useT();
  const id = MESSAGE_IDS[item.event_type];
  if (!id) return <>{item.message}</>;
  return (
    <>
      {t(id, {
        yours: item.yours ? 'yes' : 'no',
        label: item.label ?? '',
        quantity: item.quantity === null ? '' : formatQuantity(item.quantity),
        unit: item.unit ?? '',
      })}
    </>
  );
}

/** The signed-in person's inbox: what concerns their organisation, newest first. */
export default function InboxPage() {
  const t = useT();
  const [unreadOnly, setUnreadOnly] = useState(false);
  const [version, setVersion] = useState(0);
  const [error, setError] = useState<string | undefined>(undefined);
  const inbox = useInbox(unreadOnly, version);
  const mark = async (ids: readonly string[] | 'all') => {
    setError(undefined);
    try {
      await markRead(ids);
      setVersion((v) => v + 1);
    } catch (failure) {
      setError(failure instanceof Error ? failure.message : String(failure));
    }
  };
  return (
    <section className="panel" aria-labelledby="inbox-title">
      <h2 id="inbox-title">
        <T id="inbox.title" />
      </h2>
      <p className="inbox__tools">
        <label>
          <input type="checkbox" checked={unreadOnly} onChange={(e) => setUnreadOnly(e.target.checked)} />{' '}
          <T id="inbox.unreadOnly" />
        </label>{' '}
        <button type="button" onClick={() => void mark('all')}>
          <T id="inbox.markAll" />
        </button>
      </p>
      {error ? (
        <p className="state state--error" role="alert">
          {error}
        </p>
      ) : null}
      {inbox.state === 'loading' ? (
        <p className="state state--loading" role="status">
          <T id="inbox.loading" />
        </p>
      ) : inbox.state === 'error' ? (
        <p className="state state--error" role="alert">
          {t('inbox.failed', { detail: inbox.detail })}
        </p>
      ) : inbox.data.items.length === 0 ? (
        <p className="state state--empty">
          <T id="inbox.empty" />
        </p>
      ) : (
        <ul className="inbox" aria-label={t('inbox.title')}>
          {inbox.data.items.map((item) => (
            <li key={item.id} className={item.read_at ? 'inbox__item' : 'inbox__item inbox__item--unread'}>
              <Link to={item.link}>
                <Message item={item} />
              </Link>{' '}
              <time dateTime={item.occurred_at}>{formatMoment(item.occurred_at)}</time>{' '}
              {item.read_at ? null : (
                <button type="button" onClick={() => void mark([item.id])}>
                  <T id="inbox.markRead" />
                </button>
              )}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
