import { useState } from 'react';
import type { DerivationResult } from '../../../../src/core/incidents/incident.schema.js';
import type { Incident, Need } from '../../api/formsContract.js';
import { permission } from '../../api/permissions.js';
import { type DerivedNeeds, useDerivedNeeds } from '../../api/useDerivedNeeds.js';
import type { Lookups } from '../../api/useLookups.js';
import { useSave } from '../../api/useSave.js';
import { useSession } from '../../api/useSession.js';
import { ActionGate } from '../../components/auth/ActionGate.js';
import { RemoteState } from '../../components/RemoteState.js';
import { formatCount, formatDay, formatMoment, formatQuantity } from '../../format.js';
import { tr, useT } from '../../i18n/index.js';
import { NEED_STATUS_IDS, PRIORITY_IDS, UNIT_IDS, word } from '../../i18n/words.js';
import { Link } from '../../router.js';
import type { PageProps } from '../../routes.js';
import { type DetailConfig, metaFields, RecordDetail } from '../details/RecordDetail.js';
import { itemName, regionName } from '../lists/names.js';
import { type DerivationSteps, derivationSteps } from './derivationSteps.js';
import { INCIDENT_KIND_IDS, INCIDENT_STATUS_IDS, SERVICE_IDS } from './incidentWords.js';

function unitOf(lookups: Lookups, itemId: string): string {
  return word(UNIT_IDS, lookups.items.get(itemId)?.unit ?? '');
}

/** The arithmetic of one derived need, worded in the language on screen. */
function Steps({ steps, unit }: { steps: DerivationSteps; unit: string }) {
  const t = useT();
  if (steps.trigger === 'damaged_asset') {
    return (
      <ol className="derivation-steps">
        <li>
          {t('incidentDetail.step.damaged', {
            counts: steps.counts.map(formatCount).join(' + '),
            kind: steps.assetKind,
            assetClass: steps.assetClass ?? '',
          })}
        </li>
        <li>
          {t('incidentDetail.step.perAsset', { quantity: formatQuantity(steps.quantityPerUnit), unit })}
        </li>
        <li>
          <strong>{t('incidentDetail.step.result', { quantity: formatQuantity(steps.result), unit })}</strong>
        </li>
      </ol>
    );
  }
  return (
    <ol className="derivation-steps">
      <li>
        {t('incidentDetail.step.people', {
          people: formatCount(steps.people),
          service: t(SERVICE_IDS[steps.service] ?? steps.service),
        })}
      </li>
      <li>
        {t('incidentDetail.step.units', {
          people: formatCount(steps.people),
          perUnit: formatCount(steps.peoplePerUnit),
          units: formatCount(steps.units),
        })}
      </li>
      <li>
        {t('incidentDetail.step.perUnit', {
          units: formatCount(steps.units),
          quantity: formatQuantity(steps.quantityPerUnit),
          unit,
        })}
      </li>
      {steps.days !== null ? (
        <li>
          {t('incidentDetail.step.days', { days: formatCount(steps.days) })}{' '}
          {steps.daysReason === 'unknown'
            ? t('incidentDetail.step.daysUnknown', { max: formatCount(steps.maxDays ?? steps.days) })
            : steps.daysReason === 'capped'
              ? t('incidentDetail.step.daysCapped', { max: formatCount(steps.maxDays ?? steps.days) })
              : t('incidentDetail.step.daysRestoration')}
        </li>
      ) : null}
      <li>
        <strong>{t('incidentDetail.step.result', { quantity: formatQuantity(steps.result), unit })}</strong>
      </li>
    </ol>
  );
}

function DerivedNeed({
  need,
  incident,
  derived,
  lookups,
}: {
  need: Need;
  incident: Incident;
  derived: DerivedNeeds;
  lookups: Lookups;
}) {
  const t = useT();
  const rule = need.rule_id ? derived.rules.get(need.rule_id) : undefined;
  const steps = rule ? derivationSteps(incident, rule, need.region_id) : undefined;
  const unit = unitOf(lookups, need.item_id);
  return (
    <li className="derived-need" data-testid="derived-need">
      <h4>
        <Link to={`/needs/${need.id}`}>
          {t('incidentDetail.needTitle', {
            reference: need.reference,
            quantity: formatQuantity(need.quantity),
            unit,
            item: itemName(lookups, need.item_id),
            region: regionName(lookups, need.region_id),
          })}
        </Link>
      </h4>
      <p className="muted">
        {t('incidentDetail.needFacts', {
          priority: word(PRIORITY_IDS, need.priority),
          neededBy: formatDay(need.needed_by),
          status: word(NEED_STATUS_IDS, need.status),
          rule: rule?.code ?? '—',
          version: need.rule_version ?? 0,
        })}
      </p>
      {steps ? <Steps steps={steps} unit={unit} /> : null}
      {rule && need.rule_version !== rule.version ? (
        <p className="muted">{t('incidentDetail.ruleRevised', { version: rule.version })}</p>
      ) : null}
      {steps && steps.result !== need.quantity ? (
        <p className="notice notice--warn" role="note">
          {t('incidentDetail.quantityDiffers', {
            quantity: formatQuantity(need.quantity),
            derived: formatQuantity(steps.result),
            unit,
          })}
        </p>
      ) : null}
      {need.needs_review ? (
        <p className="notice notice--warn" role="note">
          {t('incidentDetail.flagged')}
        </p>
      ) : null}
      {need.derivation ? (
        <details>
          <summary>{t('incidentDetail.asRecorded')}</summary>
          <p lang="en">
            <code>{need.derivation}</code>
          </p>
        </details>
      ) : null}
    </li>
  );
}

/** Derives the incident's needs again (after need rules or first-frost dates changed) and says what changed. */
function DeriveAgain({ incident, onDerived }: { incident: Incident; onDerived: () => void }) {
  const t = useT();
  const { state: session } = useSession();
  const saver = useSave<DerivationResult>();
  const result = saver.result;
  const derive = async () => {
    const answer = await saver.save(`/api/v1/incidents/${incident.id}/derive`, {});
    if (answer.ok) onDerived();
  };
  const changed = result?.ok ? result.record.needs.filter((need) => need.outcome !== 'unchanged').length : 0;
  return (
    <div className="derive-again">
      <ActionGate permission={permission(session, 'derive-incident')} label={t('incidentDetail.deriveAgain')}>
        <button type="button" disabled={saver.saving} onClick={() => void derive()}>
          {t('incidentDetail.deriveAgain')}
        </button>
      </ActionGate>
      <p role="status" className="muted">
        {result?.ok ? t('incidentDetail.derivedAgain', { count: result.record.needs.length, changed }) : ''}
      </p>
      {result && !result.ok ? (
        <p role="alert" className="form-problem">
          {t('incidentDetail.deriveFailed', { detail: result.detail })}
        </p>
      ) : null}
    </div>
  );
}

function DerivedNeedsSection({ incident, lookups }: { incident: Incident; lookups: Lookups }) {
  const t = useT();
  const [round, setRound] = useState(0);
  const derived = useDerivedNeeds(incident.id, round);
  return (
    <section className="detail-section" aria-labelledby="incident-needs-title">
      <h3 id="incident-needs-title">{t('incidentDetail.derivedNeeds')}</h3>
      <p className="muted">{t('incidentDetail.derivedIntro')}</p>
      <DeriveAgain incident={incident} onDerived={() => setRound((current) => current + 1)} />
      <RemoteState
        remote={derived}
        what={t('incidentDetail.derivedWhat')}
        isEmpty={(data) => data.needs.length === 0}
        empty={t('incidentDetail.noDerived')}
      >
        {(data) => (
          <ul className="derived-needs">
            {data.needs.map((need) => (
              <DerivedNeed key={need.id} need={need} incident={incident} derived={data} lookups={lookups} />
            ))}
          </ul>
        )}
      </RemoteState>
    </section>
  );
}

function ImpactsSection({ incident, lookups }: { incident: Incident; lookups: Lookups }) {
  const t = useT();
  return (
    <section className="detail-section" aria-labelledby="incident-impacts-title">
      <h3 id="incident-impacts-title">{t('incidentDetail.impacts')}</h3>
      {incident.impacts.length === 0 ? (
        <p className="muted">{t('incidentDetail.noImpacts')}</p>
      ) : (
        <div className="data-table-scroll">
          <table className="data-table incident-table">
            <caption>{t('incidentDetail.impactsCaption')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('incidentDetail.col.region')}</th>
                <th scope="col">{t('incidentDetail.col.service')}</th>
                <th scope="col" className="num">
                  {t('incidentDetail.col.people')}
                </th>
                <th scope="col">{t('incidentDetail.col.restoration')}</th>
              </tr>
            </thead>
            <tbody>
              {incident.impacts.map((impact) => (
                <tr key={`${impact.region_id} ${impact.service}`}>
                  <td>{regionName(lookups, impact.region_id)}</td>
                  <td>{word(SERVICE_IDS, impact.service)}</td>
                  <td className="num">{formatCount(impact.people_affected)}</td>
                  <td>
                    {impact.restoration_expected_on
                      ? formatDay(impact.restoration_expected_on)
                      : t('incidentDetail.restorationUnknown')}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <h3 id="incident-damage-title">{t('incidentDetail.damage')}</h3>
      {incident.damage.length === 0 ? (
        <p className="muted">{t('incidentDetail.noDamage')}</p>
      ) : (
        <div className="data-table-scroll">
          <table className="data-table incident-table">
            <caption>{t('incidentDetail.damageCaption')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('incidentDetail.col.region')}</th>
                <th scope="col">{t('incidentDetail.col.assetKind')}</th>
                <th scope="col">{t('incidentDetail.col.assetClass')}</th>
                <th scope="col" className="num">
                  {t('incidentDetail.col.count')}
                </th>
              </tr>
            </thead>
            <tbody>
              {incident.damage.map((damage) => (
                <tr key={`${damage.region_id} ${damage.asset_kind} ${damage.asset_class ?? ''}`}>
                  <td>{regionName(lookups, damage.region_id)}</td>
                  <td>{damage.asset_kind}</td>
                  <td>{damage.asset_class ?? '—'}</td>
                  <td className="num">{formatCount(damage.count)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

const config: DetailConfig<Incident> = {
  collection: 'incidents',
  entity: 'incident',
  sourcesEntity: 'incident',
  listTitle: 'incidents.title',
  edit: {
    action: 'edit-incident',
    label: 'incidentDetail.edit',
    to: (incident) => `/incidents/${incident.id}/edit`,
  },
  title: (incident) => incident.title,
  fields: (incident) => [
    [tr('incidentDetail.field.occurred'), formatMoment(incident.occurred_at)],
    [tr('incidentDetail.field.kind'), word(INCIDENT_KIND_IDS, incident.kind)],
    [tr('incidentDetail.field.status'), word(INCIDENT_STATUS_IDS, incident.status)],
    [tr('incidentDetail.field.description'), incident.description],
    ...metaFields(incident),
  ],
  sections: (incident, lookups) => (
    <>
      <ImpactsSection incident={incident} lookups={lookups} />
      <DerivedNeedsSection incident={incident} lookups={lookups} />
    </>
  ),
};

/** One incident: what it hit, and the needs derived from it with their arithmetic. */
export default function IncidentDetailPage({ params }: PageProps) {
  return <RecordDetail config={config} id={params.id ?? ''} />;
}
