import { useState } from 'react';
import type { Allocation } from '../../../../src/core/allocations/allocation.schema.js';
import type { Need, Pledge } from '../../api/contract.js';
import { type Action, permission } from '../../api/permissions.js';
import type { Lookups } from '../../api/useLookups.js';
import { useRecord } from '../../api/useRecord.js';
import { useSave } from '../../api/useSave.js';
import { useSession } from '../../api/useSession.js';
import { ActionGate } from '../../components/auth/ActionGate.js';
import { DetailFields } from '../../components/DetailFields.js';
import { RemoteState } from '../../components/RemoteState.js';
import { formatDay, formatMoment, formatQuantity } from '../../format.js';
import { T, tr, useT } from '../../i18n/index.js';
import { NEED_STATUS_IDS, PLEDGE_STATUS_IDS, PRIORITY_IDS, UNIT_IDS, word } from '../../i18n/words.js';
import { Link } from '../../router.js';
import type { PageProps } from '../../routes.js';
import { ActorName, type DetailConfig, metaFields, RecordDetail } from '../details/RecordDetail.js';
import { itemName, organisationName, regionName } from '../lists/names.js';
import { ALLOCATION_STATUS_IDS, PROPOSED_BY_IDS } from './allocationWords.js';

type Decision = 'accept' | 'reject' | 'release';

const DECISIONS: Readonly<Record<Decision, { action: Action; label: string; done: string }>> = {
  accept: {
    action: 'accept-allocation',
    label: 'allocationDetail.accept',
    done: 'allocationDetail.accepted',
  },
  reject: {
    action: 'reject-allocation',
    label: 'allocationDetail.reject',
    done: 'allocationDetail.rejected',
  },
  release: {
    action: 'release-allocation',
    label: 'allocationDetail.release',
    done: 'allocationDetail.released',
  },
};

/** The API's refusal in the reader's language when its code is one the page knows; its own words otherwise. */
const REFUSALS: Readonly<Record<string, string>> = {
  invalid_transition: 'allocationDetail.refused.invalid_transition',
  exceeds_committed: 'allocationDetail.refused.exceeds_committed',
  exceeds_need: 'allocationDetail.refused.exceeds_need',
  pledge_closed: 'allocationDetail.refused.pledge_closed',
  need_closed: 'allocationDetail.refused.need_closed',
  allocation_shipped: 'allocationDetail.refused.allocation_shipped',
};

/** The decisions the allocation's state allows: accept or reject a proposal, release an accepted one. */
function decisionsFor(allocation: Allocation): Decision[] {
  if (allocation.status === 'proposed') return ['accept', 'reject'];
  if (allocation.status === 'accepted' && allocation.shipped_quantity === 0) return ['release'];
  return [];
}

function DecisionPanel({
  allocation,
  onDecided,
}: {
  allocation: Allocation;
  onDecided: (done: string) => void;
}) {
  const t = useT();
  const { state: session } = useSession();
  const [note, setNote] = useState('');
  const saver = useSave<Allocation>();
  const decisions = decisionsFor(allocation);
  const failed = saver.result && !saver.result.ok ? saver.result : undefined;

  const decide = async (decision: Decision) => {
    const body = note.trim() === '' ? {} : { note: note.trim() };
    const answer = await saver.save(`/api/v1/allocations/${allocation.id}/${decision}`, body);
    if (answer.ok) onDecided(t(DECISIONS[decision].done));
  };

  return (
    <section className="detail-section" aria-labelledby="allocation-decision-title">
      <h3 id="allocation-decision-title">{t('allocationDetail.decision')}</h3>
      {decisions.length === 0 ? (
        <p className="muted">
          {allocation.status === 'accepted'
            ? t('allocationDetail.shippedNoRelease', { shipped: formatQuantity(allocation.shipped_quantity) })
            : t('allocationDetail.nothingLeft')}
        </p>
      ) : (
        <div className="allocation-decision">
          <div className="form-field">
            <label htmlFor="allocation-note">{t('allocationDetail.note')}</label>
            <textarea
              id="allocation-note"
              rows={2}
              maxLength={4000}
              value={note}
              onChange={(event) => setNote(event.target.value)}
            />
          </div>
          <div className="allocation-decision__buttons">
            {decisions.map((decision) => (
              <ActionGate
                key={decision}
                permission={permission(session, DECISIONS[decision].action)}
                label={t(DECISIONS[decision].label)}
              >
                <button
                  type="button"
                  disabled={saver.saving}
                  className={decision === 'accept' ? 'button--primary' : undefined}
                  onClick={() => void decide(decision)}
                >
                  {t(DECISIONS[decision].label)}
                </button>
              </ActionGate>
            ))}
          </div>
        </div>
      )}
      {failed ? (
        <p role="alert" className="form-problem">
          {failed.code && REFUSALS[failed.code]
            ? t(REFUSALS[failed.code] as string)
            : t('allocationDetail.failed', { detail: failed.detail })}
        </p>
      ) : null}
    </section>
  );
}

function Parties({ allocation, lookups }: { allocation: Allocation; lookups: Lookups }) {
  const t = useT();
  const pledge = useRecord<Pledge>('pledges', allocation.pledge_id);
  const need = useRecord<Need>('needs', allocation.need_id);
  return (
    <section className="detail-section" aria-labelledby="allocation-parties-title">
      <h3 id="allocation-parties-title">{t('allocationDetail.parties')}</h3>
      <div className="allocation-parties">
        <div>
          <h4>{t('allocationDetail.pledge')}</h4>
          <RemoteState remote={pledge} what={t('allocationDetail.pledgeWhat')}>
            {(data) => {
              const unit = word(UNIT_IDS, lookups.items.get(data.item_id)?.unit ?? '');
              return (
                <DetailFields
                  fields={[
                    [
                      t('allocationDetail.field.pledge'),
                      <Link key="pledge" to={`/pledges/${data.id}`}>
                        {t('allocationDetail.pledgeLink', {
                          quantity: formatQuantity(data.quantity),
                          unit,
                          item: itemName(lookups, data.item_id),
                        })}
                      </Link>,
                    ],
                    [t('allocationDetail.field.donor'), organisationName(lookups, data.donor_org_id)],
                    [t('allocationDetail.field.pledgeStatus'), word(PLEDGE_STATUS_IDS, data.status)],
                    [
                      t('allocationDetail.field.committed'),
                      `${formatQuantity(data.stages.committed)} ${unit}`,
                    ],
                    [
                      t('allocationDetail.field.allocated'),
                      `${formatQuantity(data.stages.allocated)} ${unit}`,
                    ],
                  ]}
                />
              );
            }}
          </RemoteState>
        </div>
        <div>
          <h4>{t('allocationDetail.need')}</h4>
          <RemoteState remote={need} what={t('allocationDetail.needWhat')}>
            {(data) => {
              const unit = word(UNIT_IDS, lookups.items.get(data.item_id)?.unit ?? '');
              return (
                <DetailFields
                  fields={[
                    [
                      t('allocationDetail.field.need'),
                      <Link key="need" to={`/needs/${data.id}`}>
                        {t('allocationDetail.needLink', {
                          reference: data.reference,
                          quantity: formatQuantity(data.quantity),
                          unit,
                          item: itemName(lookups, data.item_id),
                        })}
                      </Link>,
                    ],
                    [t('allocationDetail.field.region'), regionName(lookups, data.region_id)],
                    [t('allocationDetail.field.priority'), word(PRIORITY_IDS, data.priority)],
                    [t('allocationDetail.field.neededBy'), formatDay(data.needed_by)],
                    [t('allocationDetail.field.needStatus'), word(NEED_STATUS_IDS, data.status)],
                    [
                      t('allocationDetail.field.allocated'),
                      `${formatQuantity(data.stages.allocated)} ${unit}`,
                    ],
                  ]}
                />
              );
            }}
          </RemoteState>
        </div>
      </div>
    </section>
  );
}

function configFor(onDecided: (done: string) => void): DetailConfig<Allocation> {
  return {
    collection: 'allocations',
    entity: 'allocation',
    listTitle: 'allocations.title',
    title: (allocation) =>
      tr('allocationDetail.title', {
        quantity: formatQuantity(allocation.quantity),
        week: allocation.week,
        status: word(ALLOCATION_STATUS_IDS, allocation.status),
      }),
    fields: (allocation) => [
      [tr('allocationDetail.field.status'), word(ALLOCATION_STATUS_IDS, allocation.status)],
      [tr('allocationDetail.field.quantity'), formatQuantity(allocation.quantity)],
      [tr('allocationDetail.field.week'), allocation.week],
      [tr('allocationDetail.field.proposedBy'), word(PROPOSED_BY_IDS, allocation.proposed_by)],
      [tr('allocationDetail.field.proposedOn'), formatDay(allocation.proposed_on)],
      [
        tr('allocationDetail.field.decided'),
        allocation.decided_at ? (
          <T
            key="decided"
            id="allocationDetail.decidedBy"
            values={{
              on: allocation.decided_on ? formatDay(allocation.decided_on) : '—',
              at: formatMoment(allocation.decided_at),
              by: allocation.decided_by ? <ActorName actor={allocation.decided_by} /> : '—',
            }}
          />
        ) : (
          '—'
        ),
      ],
      [tr('allocationDetail.field.shipped'), formatQuantity(allocation.shipped_quantity)],
      [tr('allocationDetail.field.delivered'), formatQuantity(allocation.delivered_quantity)],
      ...metaFields(allocation),
    ],
    sections: (allocation, lookups) => (
      <>
        <DecisionPanel allocation={allocation} onDecided={onDecided} />
        <Parties allocation={allocation} lookups={lookups} />
      </>
    ),
  };
}

/** One allocation: the pledge and the need it joins, and the decision its state and the reader's role allow. */
export default function AllocationDetailPage({ params }: PageProps) {
  const [round, setRound] = useState(0);
  const [done, setDone] = useState('');
  const config = configFor((message) => {
    setDone(message);
    setRound((current) => current + 1);
  });
  return (
    <>
      <p role="status" className={done ? 'notice' : 'visually-hidden'}>
        {done}
      </p>
      <RecordDetail key={round} config={config} id={params.id ?? ''} />
    </>
  );
}
