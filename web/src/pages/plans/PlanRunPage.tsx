import { lazy, Suspense, useState } from 'react';
import { ApiError, detailOf } from '../../api/http.js';
import { permission } from '../../api/permissions.js';
import type { AcceptResult, PlanRun } from '../../api/plansContract.js';
import { useLookups } from '../../api/useLookups.js';
import {
  acceptPlan,
  cancelPlan,
  isActive,
  startPlan,
  usePlanComparison,
  usePlanItems,
  usePlanNeeds,
  usePlanRun,
  usePlanRuns,
} from '../../api/usePlans.js';
import { useSession } from '../../api/useSession.js';
import { ActionGate, useReason } from '../../components/auth/ActionGate.js';
import { Pager } from '../../components/Pager.js';
import { NeedResultsTable } from '../../components/plans/NeedResultsTable.js';
import { PlanComparisonView } from '../../components/plans/PlanComparisonView.js';
import { PlanProgress } from '../../components/plans/PlanProgress.js';
import { PlanSummary } from '../../components/plans/PlanSummary.js';
import { formatTime, methodWords, REASON_SHORT_IDS, REASONS } from '../../components/plans/planWords.js';
import { RemoteState } from '../../components/RemoteState.js';
import { formatMoney, formatQuantity } from '../../format.js';
import { T, useT } from '../../i18n/index.js';
import { PLAN_STATUS_IDS, UNIT_IDS, word } from '../../i18n/words.js';
import { Link, navigate } from '../../router.js';
import type { PageProps } from '../../routes.js';

const ShadowPriceChart = lazy(() =>
  import('../../components/charts/ShadowPriceChart.js').then((module) => ({
    default: module.ShadowPriceChart,
  })),
);

const SHOWN_ITEMS = 10;

function SendNext({ id }: { id: string }) {
  const items = usePlanItems(id);
  const t = useT();
  return (
    <RemoteState remote={items} what={t('planRun.sendNextWhat')}>
      {({ items: all }) => {
        // Items short of critical needs first; otherwise the order the API gives.
        const short = all
          .filter((item) => item.unmet > 0 || item.late > 0)
          .sort((x, y) => Number(y.critical_unmet > 0) - Number(x.critical_unmet > 0));
        if (short.length === 0) {
          return (
            <p className="state state--empty">
              <T id="planRun.noneShort" />
            </p>
          );
        }
        const priced = short.filter((item) => (item.critical_unmet_value_eur ?? 0) > 0).slice(0, SHOWN_ITEMS);
        return (
          <>
            <p className="muted">
              <T id="planRun.sendNextIntro" />
            </p>
            {priced.length > 0 ? (
              <Suspense
                fallback={
                  <p className="muted">
                    <T id="planRun.drawing" />
                  </p>
                }
              >
                <ShadowPriceChart items={priced} />
              </Suspense>
            ) : (
              <p className="muted">
                <T id="planRun.noPricedCritical" />
              </p>
            )}
            <details className="send-next-details">
              <summary>
                <T id="planRun.detailsSummary" />
              </summary>
              <table className="data-table">
                <caption className="visually-hidden">{t('planRun.itemsCaption')}</caption>
                <thead>
                  <tr>
                    <th scope="col">{t('planRun.colItem')}</th>
                    <th scope="col">{t('planRun.colCriticalUnmet')}</th>
                    <th scope="col">{t('planRun.colUnmetAll')}</th>
                    <th scope="col">{t('planRun.colLate')}</th>
                    <th scope="col">{t('planRun.colUnmetEur')}</th>
                    <th scope="col">{t('planRun.colOneMoreLot')}</th>
                    <th scope="col">{t('planRun.colDual')}</th>
                  </tr>
                </thead>
                <tbody>
                  {short.map((item) => {
                    const lot = item.one_more_lot[0];
                    const unit = word(UNIT_IDS, item.unit);
                    return (
                      <tr key={item.item_id}>
                        <th scope="row">{item.name}</th>
                        <td>
                          {formatQuantity(item.critical_unmet)} {unit}
                        </td>
                        <td>
                          {formatQuantity(item.unmet)} {unit}
                        </td>
                        <td>
                          {formatQuantity(item.late)} {unit}
                        </td>
                        <td>
                          {item.unmet_value_eur === null
                            ? t('planRun.noEurPrice')
                            : formatMoney(item.unmet_value_eur, 'EUR')}
                        </td>
                        <td>
                          {lot
                            ? t('planRun.oneMoreLot', {
                                quantity: formatQuantity(lot.quantity),
                                unit,
                                arrival: lot.arrival,
                                served: formatQuantity(lot.served_quantity),
                                saved: formatQuantity(lot.late_weeks_saved),
                              })
                            : '—'}
                        </td>
                        <td title={t('planRun.dualHint')}>{formatQuantity(item.shadow_price)}</td>
                      </tr>
                    );
                  })}
                </tbody>
              </table>
            </details>
          </>
        );
      }}
    </RemoteState>
  );
}

function NeedResults({ id }: { id: string }) {
  const lookups = useLookups();
  const t = useT();
  const [reason, setReason] = useState('');
  const [cursors, setCursors] = useState<string[]>([]);
  const cursor = cursors.at(-1) ?? '';
  const needs = usePlanNeeds(id, reason, cursor);
  return (
    <>
      <div className="filter-bar filter-bar--inline">
        <div className="filter-bar__field">
          <label htmlFor="plan-reason">{t('planRun.show')}</label>
          <select
            id="plan-reason"
            value={reason}
            onChange={(event) => {
              setReason(event.target.value);
              setCursors([]);
            }}
          >
            <option value="">{t('planRun.allNeeds')}</option>
            {REASONS.map((value) => (
              <option key={value} value={value}>
                {t('planRun.unmetOrLate', { reason: t(REASON_SHORT_IDS[value]) })}
              </option>
            ))}
          </select>
        </div>
      </div>
      <RemoteState
        remote={needs}
        what={t('planRun.needsWhat')}
        isEmpty={(page) => page.items.length === 0}
        empty={reason ? t('planRun.noNeedForReason') : t('planRun.noOpenNeeds')}
      >
        {(page) => (
          <>
            <NeedResultsTable results={page.items} lookups={lookups} />
            <Pager
              onFirstPage={cursors.length === 0}
              nextCursor={page.next_cursor}
              shown={page.items.length}
              onFirst={() => setCursors([])}
              onNext={(next) => setCursors((current) => [...current, next])}
            />
          </>
        )}
      </RemoteState>
    </>
  );
}

function Comparison({ id, otherId }: { id: string; otherId: string }) {
  const comparison = usePlanComparison(otherId, id);
  const t = useT();
  return (
    <RemoteState remote={comparison} what={t('planRun.comparisonWhat')}>
      {(data) => <PlanComparisonView comparison={data} />}
    </RemoteState>
  );
}

function Compare({ run }: { run: PlanRun }) {
  const runs = usePlanRuns(0);
  const t = useT();
  const [otherId, setOtherId] = useState('');
  const others =
    runs.state === 'ready'
      ? runs.data.items.filter((other) => other.id !== run.id && other.status === 'succeeded')
      : [];
  if (runs.state === 'ready' && others.length === 0) {
    return (
      <p className="muted">
        <T id="planRun.noOtherRun" />
      </p>
    );
  }
  return (
    <>
      <div className="filter-bar filter-bar--inline">
        <div className="filter-bar__field">
          <label htmlFor="plan-compare">{t('planRun.compareWith')}</label>
          <select id="plan-compare" value={otherId} onChange={(event) => setOtherId(event.target.value)}>
            <option value="">{t('planRun.chooseRun')}</option>
            {others.map((other) => (
              <option key={other.id} value={other.id}>
                {t('planRun.runChoice', {
                  time: formatTime(other.created_at),
                  method: methodWords(other),
                  weeks: other.horizon,
                })}
              </option>
            ))}
          </select>
        </div>
      </div>
      {otherId ? <Comparison id={run.id} otherId={otherId} /> : null}
    </>
  );
}

type AcceptState =
  | { readonly phase: 'idle' | 'confirming' | 'accepting' }
  | { readonly phase: 'accepted'; readonly result: AcceptResult }
  | { readonly phase: 'failed'; readonly code: string | undefined; readonly detail: string };

function Accept({ run, onAccepted }: { run: PlanRun; onAccepted: (run: PlanRun) => void }) {
  const { state: session } = useSession();
  const t = useT();
  const [state, setState] = useState<AcceptState>({ phase: 'idle' });
  const [rerunning, setRerunning] = useState(false);

  if (state.phase === 'accepted') {
    const { result } = state;
    return (
      <p className="notice" role="status">
        {t('planRun.acceptedResult', {
          count: result.allocations_created,
          quantity: formatQuantity(result.quantity),
        })}
        {result.skipped_forecast_quantity > 0
          ? ` ${t('planRun.skippedForecast', { quantity: formatQuantity(result.skipped_forecast_quantity) })}`
          : ''}
      </p>
    );
  }
  if (run.accepted_at) {
    return (
      <p className="notice" role="status">
        {t('planRun.acceptedOn', {
          time: formatTime(run.accepted_at),
          name: run.accepted_by_name ?? t('planRun.unknown'),
        })}
      </p>
    );
  }
  if (run.scenario) {
    return (
      <p className="muted">
        <T id="planRun.whatIfNoAccept" />
      </p>
    );
  }

  const accept = async () => {
    setState({ phase: 'accepting' });
    try {
      const result = await acceptPlan(run.id);
      setState({ phase: 'accepted', result });
      onAccepted(result.run);
    } catch (error) {
      setState({
        phase: 'failed',
        code: error instanceof ApiError ? error.code : undefined,
        detail: detailOf(error),
      });
    }
  };

  const rerun = async () => {
    setRerunning(true);
    try {
      const next = await startPlan({
        method: run.method,
        horizon: run.horizon,
        lateness: run.lateness,
        start_week: run.start_week,
      });
      navigate(`/plans/${next.id}`);
    } catch (error) {
      setRerunning(false);
      setState({ phase: 'failed', code: undefined, detail: detailOf(error) });
    }
  };

  return (
    <ActionGate permission={permission(session, 'accept-plan')} label={t('planRun.acceptLabel')}>
      <div className="plan-accept">
        {state.phase === 'failed' ? (
          <div className="form-problem" role="alert">
            {state.code === 'plan_stale' ? (
              <>
                <p>
                  <T id="planRun.stale" values={{ strong: (text) => <strong>{text}</strong> }} />
                </p>
                <p className="state__detail">{state.detail}</p>
                <p>
                  <button type="button" disabled={rerunning} onClick={() => void rerun()}>
                    {rerunning ? t('planRun.starting') : t('planRun.rerun')}
                  </button>
                </p>
              </>
            ) : (
              <p>{t('planRun.notAccepted', { detail: state.detail })}</p>
            )}
          </div>
        ) : null}
        {state.phase === 'confirming' || state.phase === 'accepting' ? (
          <fieldset className="plan-accept__confirm">
            <legend>{t('planRun.confirmLegend')}</legend>
            <p>
              <T id="planRun.confirmText" />
            </p>
            <div className="plan-accept__buttons">
              <button
                type="button"
                className="button--primary"
                disabled={state.phase === 'accepting'}
                onClick={() => void accept()}
              >
                {state.phase === 'accepting' ? t('planRun.accepting') : t('planRun.confirmYes')}
              </button>
              <button
                type="button"
                disabled={state.phase === 'accepting'}
                onClick={() => setState({ phase: 'idle' })}
              >
                {t('planRun.confirmNo')}
              </button>
            </div>
          </fieldset>
        ) : state.phase === 'failed' && state.code === 'plan_stale' ? null : (
          <button type="button" className="button--primary" onClick={() => setState({ phase: 'confirming' })}>
            {t('planRun.acceptButton')}
          </button>
        )}
      </div>
    </ActionGate>
  );
}

function Running({ run, onChange }: { run: PlanRun; onChange: (run: PlanRun) => void }) {
  const { state: session } = useSession();
  const t = useT();
  const [error, setError] = useState<string | undefined>(undefined);
  const cancel = async () => {
    try {
      onChange(await cancelPlan(run.id));
    } catch (failure) {
      setError(detailOf(failure));
    }
  };
  return (
    <section className="detail-section" aria-labelledby="plan-progress-title">
      <h3 id="plan-progress-title">{t('planRun.progress')}</h3>
      <PlanProgress run={run} />
      {permission(session, 'run-plan').allowed ? (
        <button type="button" onClick={() => void cancel()}>
          {t('planRun.cancel')}
        </button>
      ) : null}
      {error ? <p role="alert">{t('planRun.notCancelled', { detail: error })}</p> : null}
    </section>
  );
}

function Finished({ run, onChange }: { run: PlanRun; onChange: (run: PlanRun) => void }) {
  const t = useT();
  return (
    <>
      <section className="detail-section" aria-labelledby="plan-summary-title">
        <div className="detail__head">
          <h3 id="plan-summary-title">{t('planRun.summary')}</h3>
        </div>
        {run.summary ? <PlanSummary summary={run.summary} timings={run.timings} /> : null}
        <Accept run={run} onAccepted={onChange} />
      </section>
      <section className="detail-section" aria-labelledby="plan-items-title">
        <h3 id="plan-items-title">{t('planRun.sendNext')}</h3>
        <SendNext id={run.id} />
      </section>
      <section className="detail-section" aria-labelledby="plan-needs-title">
        <h3 id="plan-needs-title">{t('planRun.needsTitle')}</h3>
        <NeedResults id={run.id} />
      </section>
      <section className="detail-section" aria-labelledby="plan-compare-title">
        <h3 id="plan-compare-title">{t('planRun.compareTitle')}</h3>
        <Compare run={run} />
      </section>
    </>
  );
}

/** /plans/:id: a run's progress, then its summary, explanations, shadow prices and acceptance. */
export default function PlanRunPage({ params }: PageProps) {
  const read = permission(useSession().state, 'read-plans');
  const t = useT();
  const reason = useReason();
  if (!read.allowed) {
    return (
      <article className="panel" aria-labelledby="detail-title">
        <h2 id="detail-title">{t('planRun.title')}</h2>
        <p className="notice notice--warn" role="note">
          {reason(read)}
        </p>
      </article>
    );
  }
  return <RunView id={params.id ?? ''} />;
}

function RunView({ id }: { id: string }) {
  const { run, replace } = usePlanRun(id);
  const { state: session } = useSession();
  const me = session.status === 'signed-in' ? session.user.id : undefined;
  const t = useT();
  return (
    <article className="panel detail plan-run" aria-labelledby="detail-title">
      <p className="breadcrumb">
        <Link to="/plans">← {t('planRun.back')}</Link>
      </p>
      <RemoteState remote={run} what={t('planRun.runWhat')}>
        {(data) => (
          <>
            <div className="detail__head">
              <h2 id="detail-title">{t('planRun.heading', { time: formatTime(data.created_at) })}</h2>
              <span className={`plan-status plan-status--${data.status}`}>
                {word(PLAN_STATUS_IDS, data.status)}
              </span>
            </div>
            <p className="muted">
              {t('planRun.settings', {
                method: methodWords(data),
                week: data.start_week,
                horizon: data.horizon,
                lateness: data.lateness,
                name: data.created_by === me ? t('planRun.you') : data.created_by_name,
              })}
            </p>
            {isActive(data) ? <Running run={data} onChange={replace} /> : null}
            {data.status === 'failed' ? (
              <div className="state state--error" role="alert">
                <p>
                  <strong>{t('planRun.failed')}</strong>
                </p>
                <p className="state__detail">{data.error ?? t('planRun.noReason')}</p>
              </div>
            ) : null}
            {data.status === 'cancelled' ? <p className="notice">{t('planRun.cancelled')}</p> : null}
            {data.status === 'interrupted' ? (
              <div className="state state--error" role="alert">
                <p>
                  <strong>{t('planRun.interrupted')}</strong>
                </p>
                <p className="state__detail">{data.error ?? t('planRun.noReason')}</p>
              </div>
            ) : null}
            {data.status === 'succeeded' ? <Finished run={data} onChange={replace} /> : null}
          </>
        )}
      </RemoteState>
    </article>
  );
}
