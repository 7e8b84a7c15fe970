import { type FormEvent, useState } from 'react';
import {
  type Allocation,
  AllocationCreateSchema,
} from '../../../../src/core/allocations/allocation.schema.js';
import type { Need, Pledge } from '../../api/contract.js';
import type { FieldProblem } from '../../api/formsContract.js';
import { permission } from '../../api/permissions.js';
import { type AllocationChoices, useAllocationChoices } from '../../api/useAllocationChoices.js';
import { useDataAsOf } from '../../api/useDataAsOf.js';
import { type Lookups, useLookups } from '../../api/useLookups.js';
import { useQueryState } from '../../api/useQueryState.js';
import { useSave } from '../../api/useSave.js';
import { useSession } from '../../api/useSession.js';
import { problemsOf } from '../../api/validate.js';
import { useReason } from '../../components/auth/ActionGate.js';
import { Field } from '../../components/forms/Field.js';
import { errorsByField, focusFirstInvalid } from '../../components/forms/fieldErrors.js';
import { SaveProblem } from '../../components/forms/SaveProblem.js';
import { RemoteState } from '../../components/RemoteState.js';
import { formatDay, formatQuantity } from '../../format.js';
import { useT } from '../../i18n/index.js';
import { PRIORITY_IDS, UNIT_IDS, word } from '../../i18n/words.js';
import { Link, navigate } from '../../router.js';
import { itemName, organisationName, regionName } from '../lists/names.js';
import { isoWeekOf } from './allocationWords.js';

const FIELDS = ['need_id', 'pledge_id', 'quantity', 'week', 'accept'];

/** What is still free: the pledge's committed quantity not yet allocated, the need's quantity not yet allocated. */
function freeOfPledge(pledge: Pledge): number {
  return Math.max(0, pledge.stages.committed - pledge.stages.allocated);
}
function openOfNeed(need: Need): number {
  return Math.max(0, need.quantity - need.stages.allocated);
}

function unitOf(lookups: Lookups, itemId: string): string {
  return word(UNIT_IDS, lookups.items.get(itemId)?.unit ?? '');
}

function Proposal({
  choices,
  lookups,
  today,
}: {
  choices: AllocationChoices;
  lookups: Lookups;
  today: string;
}) {
  const t = useT();
  const [needId, setNeedId] = useState(choices.need?.id ?? '');
  const [pledgeId, setPledgeId] = useState(choices.pledge?.id ?? '');
  const need = choices.need ?? choices.needs.find((candidate) => candidate.id === needId);
  const pledge = choices.pledge ?? choices.pledges.find((candidate) => candidate.id === pledgeId);
  const suggested =
    need && pledge ? Math.min(openOfNeed(need), freeOfPledge(pledge)) : need ? openOfNeed(need) : 0;
  const [quantity, setQuantity] = useState('');
  const [week, setWeek] = useState(isoWeekOf(need && need.needed_by > today ? need.needed_by : today));
  const [accept, setAccept] = useState(false);
  const saver = useSave<Allocation>();
  const [checked, setChecked] = useState<readonly FieldProblem[]>([]);
  const failed = saver.result && !saver.result.ok ? saver.result : undefined;
  const { byField, rest } = errorsByField(checked.length > 0 ? checked : (failed?.fieldErrors ?? []), FIELDS);
  const itemId = need?.item_id ?? pledge?.item_id ?? '';
  const unit = unitOf(lookups, itemId);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const body: Record<string, unknown> = { week: week.trim() };
    if (needId) body.need_id = needId;
    if (pledgeId) body.pledge_id = pledgeId;
    const typed = quantity.trim() === '' ? String(suggested) : quantity;
    const number = Number(typed);
    body.quantity = Number.isFinite(number) ? number : typed;
    if (accept) body.accept = true;
    const local = problemsOf(AllocationCreateSchema, body);
    setChecked(local);
    if (local.length > 0) {
      focusFirstInvalid(FIELDS, errorsByField(local, FIELDS).byField);
      return;
    }
    const answer = await saver.save('/api/v1/allocations', body);
    if (answer.ok) {
      navigate(`/allocations/${answer.record.id}`);
      return;
    }
    focusFirstInvalid(FIELDS, errorsByField(answer.fieldErrors, FIELDS).byField);
  };

  const needLabel = (candidate: Need) =>
    t('allocationForm.needOption', {
      reference: candidate.reference,
      region: regionName(lookups, candidate.region_id),
      priority: word(PRIORITY_IDS, candidate.priority),
      neededBy: formatDay(candidate.needed_by),
      open: formatQuantity(openOfNeed(candidate)),
      unit,
    });
  const pledgeLabel = (candidate: Pledge) =>
    t('allocationForm.pledgeOption', {
      donor: organisationName(lookups, candidate.donor_org_id),
      quantity: formatQuantity(candidate.quantity),
      free: formatQuantity(freeOfPledge(candidate)),
      unit,
    });

  return (
    <>
      {checked.length === 0 && failed ? <SaveProblem detail={failed.detail} rest={rest} /> : null}
      <form
        className="record-form"
        noValidate
        onSubmit={(event) => void submit(event)}
        aria-label={t('allocationForm.title')}
      >
        <p>{t('allocationForm.item', { item: itemId ? itemName(lookups, itemId) : '—' })}</p>
        <Field name="need_id" label={t('allocationForm.need')} required error={byField.need_id}>
          {(control) =>
            choices.need ? (
              <output {...control} className="allocation-fixed">
                <Link to={`/needs/${choices.need.id}`}>{needLabel(choices.need)}</Link>
              </output>
            ) : (
              <select {...control} value={needId} onChange={(event) => setNeedId(event.target.value)}>
                <option value="">{t('allocationForm.chooseNeed')}</option>
                {choices.needs.map((candidate) => (
                  <option key={candidate.id} value={candidate.id}>
                    {needLabel(candidate)}
                  </option>
                ))}
              </select>
            )
          }
        </Field>
        <Field
          name="pledge_id"
          label={t('allocationForm.pledge')}
          hint={t('allocationForm.pledgeHint')}
          required
          error={byField.pledge_id}
        >
          {(control) =>
            choices.pledge ? (
              <output {...control} className="allocation-fixed">
                <Link to={`/pledges/${choices.pledge.id}`}>{pledgeLabel(choices.pledge)}</Link>
              </output>
            ) : (
              <select {...control} value={pledgeId} onChange={(event) => setPledgeId(event.target.value)}>
                <option value="">{t('allocationForm.choosePledge')}</option>
                {choices.pledges.map((candidate) => (
                  <option key={candidate.id} value={candidate.id}>
                    {pledgeLabel(candidate)}
                  </option>
                ))}
              </select>
            )
          }
        </Field>
        <div className="record-form__row">
          <Field
            name="quantity"
            label={t('allocationForm.quantity', { unit })}
            hint={t('allocationForm.quantityHint', { suggested: formatQuantity(suggested) })}
            required
            error={byField.quantity}
          >
            {(control) => (
              <input
                {...control}
                type="number"
                inputMode="decimal"
                step="any"
                min="0"
                placeholder={String(suggested)}
                value={quantity}
                onChange={(event) => setQuantity(event.target.value)}
              />
            )}
          </Field>
          <Field
            name="week"
            label={t('allocationForm.week')}
            hint={t('allocationForm.weekHint')}
            required
            error={byField.week}
          >
            {(control) => (
              <input
                {...control}
                value={week}
                maxLength={8}
                onChange={(event) => setWeek(event.target.value)}
              />
            )}
          </Field>
        </div>
        <div className="form-field form-field--check">
          <input
            id="field-accept"
            type="checkbox"
            checked={accept}
            onChange={(event) => setAccept(event.target.checked)}
          />
          <label htmlFor="field-accept">{t('allocationForm.acceptNow')}</label>
        </div>
        <div className="record-form__actions">
          <button type="submit" disabled={saver.saving}>
            {saver.saving ? t('allocationForm.saving') : t('allocationForm.submit')}
          </button>
        </div>
      </form>
    </>
  );
}

/** /allocations/new?need=…&pledge=…: propose (or at once accept) a pledge's quantity for a need. */
export default function AllocationFormPage() {
  const t = useT();
  const reason = useReason();
  const [query] = useQueryState();
  const needId = query.get('need') ?? '';
  const pledgeId = query.get('pledge') ?? '';
  const lookups = useLookups();
  const clock = useDataAsOf();
  const allowed = permission(useSession().state, 'propose-allocation');
  const choices = useAllocationChoices(needId, pledgeId);
  const today = clock.state === 'ready' ? clock.data.as_of : undefined;
  return (
    <section className="panel form-page" aria-labelledby="allocation-form-title">
      <div className="panel__head">
        <h2 id="allocation-form-title">{t('allocationForm.title')}</h2>
        <Link to={needId ? `/needs/${needId}` : pledgeId ? `/pledges/${pledgeId}` : '/allocations'}>
          {t('allocationForm.cancel')}
        </Link>
      </div>
      <p className="muted">{t('allocationForm.intro')}</p>
      {!allowed.allowed ? (
        <p className="notice notice--warn" role="note">
          {reason(allowed)}
        </p>
      ) : !needId && !pledgeId ? (
        <p className="notice" role="note">
          {t('allocationForm.startFrom')} <Link to="/needs">{t('allocationForm.toNeeds')}</Link> ·{' '}
          <Link to="/pledges">{t('allocationForm.toPledges')}</Link>
        </p>
      ) : (
        <RemoteState remote={choices} what={t('allocationForm.what')}>
          {(data) =>
            today === undefined ? (
              <p className="muted">{t('allocationForm.loading')}</p>
            ) : (
              <Proposal choices={data} lookups={lookups} today={today} />
            )
          }
        </RemoteState>
      )}
    </section>
  );
}
