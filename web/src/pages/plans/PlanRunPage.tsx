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
import { ActionGate } from '../../components/auth/ActionGate.js';
import { Pager } from '../../components/Pager.js';
import { NeedResultsTable } from '../../components/plans/NeedResultsTable.js';
import { PlanComparisonView } from '../../components/plans/PlanComparisonView.js';
import { PlanProgress } from '../../components/plans/PlanProgress.js';
import { PlanSummary } from '../../components/plans/PlanSummary.js';
import { formatTime, methodWords, REASON_SHORT, REASONS } from '../../components/plans/planWords.js';
import { RemoteState } from '../../components/RemoteState.js';
import { formatQuantity } from '../../format.js';
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
  return (
    <RemoteState remote={items} what="what donors should send next">
      {({ items: all }) => {
        const short = all.filter((item) => item.unmet > 0 || item.late > 0);
        if (short.length === 0) {
          return (
            <p className="state state--empty">Every need is met on time in this plan: no item is short.</p>
          );
        }
        const priced = short.filter((item) => (item.critical_unmet_value_eur ?? 0) > 0).slice(0, SHOWN_ITEMS);
        return (
          <>
            <p className="muted">
              Items ranked by the value (price list, EUR) of what critical needs still lack; each bar says how
              much, in the item’s own unit.
            </p>
            {priced.length > 0 ? (
              <Suspense fallback={<p className="muted">Drawing the chart…</p>}>
                <ShadowPriceChart items={priced} />
              </Suspense>
            ) : (
              <p className="muted">No critical need is left unmet by an item with an EUR price.</p>
            )}
            <details className="send-next-details">
              <summary>Details: every short item, what one more lot would change, and its dual</summary>
              <table className="data-table">
                <thead>
                  <tr>
                    <th scope="col">Item</th>
                    <th scope="col">Critical unmet</th>
                    <th scope="col">Unmet (all)</th>
                    <th scope="col">Late</th>
                    <th scope="col">Unmet, EUR</th>
                    <th scope="col">One more lot</th>
                    <th scope="col">Dual</th>
                  </tr>
                </thead>
                <tbody>
                  {short.map((item) => {
                    const lot = item.one_more_lot[0];
                    return (
                      <tr key={item.item_id}>
                        <th scope="row">{item.name}</th>
                        <td>
                          {formatQuantity(item.critical_unmet)} {item.unit}
                        </td>
                        <td>
                          {formatQuantity(item.unmet)} {item.unit}
                        </td>
                        <td>
                          {formatQuantity(item.late)} {item.unit}
                        </td>
                        <td>
                          {item.unmet_value_eur === null
                            ? 'no EUR price'
                            : `€ ${formatQuantity(item.unmet_value_eur)}`}
                        </td>
                        <td>
                          {lot
                            ? `${formatQuantity(lot.quantity)} ${item.unit} arriving ${lot.arrival}: ${formatQuantity(lot.served_quantity)} ${item.unit} more served, ${formatQuantity(lot.late_weeks_saved)} unit-weeks less late`
                            : '—'}
                        </td>
                        <td title="Objective units saved by one more unit; not comparable across items">
                          {formatQuantity(item.shadow_price)}
                        </td>
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
  const [reason, setReason] = useState('');
  const [cursors, setCursors] = useState<string[]>([]);
  const cursor = cursors.at(-1) ?? '';
  const needs = usePlanNeeds(id, reason, cursor);
  return (
    <>
      <div className="filter-bar filter-bar--inline">
        <div className="filter-bar__field">
          <label htmlFor="plan-reason">Show</label>
          <select
            id="plan-reason"
            value={reason}
            onChange={(event) => {
              setReason(event.target.value);
              setCursors([]);
            }}
          >
            <option value="">All needs</option>
            {REASONS.map((value) => (
              <option key={value} value={value}>
                Unmet or late: {REASON_SHORT[value]}
              </option>
            ))}
          </select>
        </div>
      </div>
      <RemoteState
        remote={needs}
        what="the needs of this plan"
        isEmpty={(page) => page.items.length === 0}
        empty={reason ? 'No need is unmet or late for this reason.' : 'The plan had no open needs.'}
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
  return (
    <RemoteState remote={comparison} what="the comparison">
      {(data) => <PlanComparisonView comparison={data} />}
    </RemoteState>
  );
}

function Compare({ run }: { run: PlanRun }) {
  const runs = usePlanRuns(0);
  const [otherId, setOtherId] = useState('');
  const others =
    runs.state === 'ready'
      ? runs.data.items.filter((other) => other.id !== run.id && other.status === 'succeeded')
      : [];
  if (runs.state === 'ready' && others.length === 0) {
    return <p className="muted">There is no other finished run to compare with yet.</p>;
  }
  return (
    <>
      <div className="filter-bar filter-bar--inline">
        <div className="filter-bar__field">
          <label htmlFor="plan-compare">Compare with</label>
          <select id="plan-compare" value={otherId} onChange={(event) => setOtherId(event.target.value)}>
            <option value="">Choose a run…</option>
            {others.map((other) => (
              <option key={other.id} value={other.id}>
                {formatTime(other.created_at)} — {methodWords(other)}, {other.horizon} weeks
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
  const [state, setState] = useState<AcceptState>({ phase: 'idle' });
  const [rerunning, setRerunning] = useState(false);

  if (state.phase === 'accepted') {
    const { result } = state;
    return (
      <p className="notice" role="status">
        Accepted: {result.allocations_created} allocations, {formatQuantity(result.quantity)} units.
        {result.skipped_forecast_quantity > 0
          ? ` ${formatQuantity(result.skipped_forecast_quantity)} units planned from forecast production were not accepted (not pledged yet).`
          : ''}
      </p>
    );
  }
  if (run.accepted_at) {
    return (
      <p className="notice" role="status">
        Accepted on {formatTime(run.accepted_at)} by {run.accepted_by_name ?? 'unknown'}.
      </p>
    );
  }
  if (run.scenario) {
    return <p className="muted">A what-if run shows what could happen; it cannot be accepted.</p>;
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
    <ActionGate permission={permission(session, 'accept-plan')} label="Accept allocations">
      <div className="plan-accept">
        {state.phase === 'failed' ? (
          <div className="form-problem" role="alert">
            {state.code === 'plan_stale' ? (
              <>
                <p>
                  <strong>This run is out of date and was not accepted.</strong> Supply or needs changed after
                  it ran, so some of its allocations no longer fit. Nothing was changed.
                </p>
                <p className="state__detail">{state.detail}</p>
                <p>
                  <button type="button" disabled={rerunning} onClick={() => void rerun()}>
                    {rerunning ? 'Starting…' : 'Run the plan again with the same settings'}
                  </button>
                </p>
              </>
            ) : (
              <p>Not accepted: {state.detail}</p>
            )}
          </div>
        ) : null}
        {state.phase === 'confirming' || state.phase === 'accepting' ? (
          <fieldset className="plan-accept__confirm">
            <legend>Accept this plan?</legend>
            <p>
              The allocations this run plans from pledges become accepted allocations that donors and
              recipients act on. Supply it plans from forecast production is not accepted.
            </p>
            <div className="plan-accept__buttons">
              <button
                type="button"
                className="button--primary"
                disabled={state.phase === 'accepting'}
                onClick={() => void accept()}
              >
                {state.phase === 'accepting' ? 'Accepting…' : 'Yes, accept the allocations'}
              </button>
              <button
                type="button"
                disabled={state.phase === 'accepting'}
                onClick={() => setState({ phase: 'idle' })}
              >
                Do not accept
              </button>
            </div>
          </fieldset>
        ) : state.phase === 'failed' && state.code === 'plan_stale' ? null : (
          <button type="button" className="button--primary" onClick={() => setState({ phase: 'confirming' })}>
            Accept allocations…
          </button>
        )}
      </div>
    </ActionGate>
  );
}

function Running({ run, onChange }: { run: PlanRun; onChange: (run: PlanRun) => void }) {
  const { state: session } = useSession();
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
      <h3 id="plan-progress-title">Progress</h3>
      <PlanProgress run={run} />
      {permission(session, 'run-plan').allowed ? (
        <button type="button" onClick={() => void cancel()}>
          Cancel the run
        </button>
      ) : null}
      {error ? <p role="alert">Not cancelled: {error}</p> : null}
    </section>
  );
}

function Finished({ run, onChange }: { run: PlanRun; onChange: (run: PlanRun) => void }) {
  return (
    <>
      <section className="detail-section" aria-labelledby="plan-summary-title">
        <div className="detail__head">
          <h3 id="plan-summary-title">Summary</h3>
        </div>
        {run.summary ? <PlanSummary summary={run.summary} timings={run.timings} /> : null}
        <Accept run={run} onAccepted={onChange} />
      </section>
      <section className="detail-section" aria-labelledby="plan-items-title">
        <h3 id="plan-items-title">What donors should send next</h3>
        <SendNext id={run.id} />
      </section>
      <section className="detail-section" aria-labelledby="plan-needs-title">
        <h3 id="plan-needs-title">Needs: allocated, unmet and late, and why</h3>
        <NeedResults id={run.id} />
      </section>
      <section className="detail-section" aria-labelledby="plan-compare-title">
        <h3 id="plan-compare-title">Compare with another run</h3>
        <Compare run={run} />
      </section>
    </>
  );
}

/** /plans/:id: a run's progress, then its summary, explanations, shadow prices and acceptance. */
export default function PlanRunPage({ params }: PageProps) {
  const read = permission(useSession().state, 'read-plans');
  if (!read.allowed) {
    return (
      <article className="panel" aria-labelledby="detail-title">
        <h2 id="detail-title">Allocation plan</h2>
        <p className="notice notice--warn" role="note">
          {read.reason}
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
  return (
    <article className="panel detail plan-run" aria-labelledby="detail-title">
      <p className="breadcrumb">
        <Link to="/plans">← Plans</Link>
      </p>
      <RemoteState remote={run} what="the plan run">
        {(data) => (
          <>
            <div className="detail__head">
              <h2 id="detail-title">Plan of {formatTime(data.created_at)}</h2>
              <span className={`plan-status plan-status--${data.status}`}>{data.status}</span>
            </div>
            <p className="muted">
              {methodWords(data)} · from week {data.start_week} · {data.horizon} weeks · up to {data.lateness}{' '}
              weeks late · asked for by {data.created_by === me ? 'you' : data.created_by_name}
            </p>
            {isActive(data) ? <Running run={data} onChange={replace} /> : null}
            {data.status === 'failed' ? (
              <div className="state state--error" role="alert">
                <p>
                  <strong>The run failed.</strong>
                </p>
                <p className="state__detail">{data.error ?? 'No reason was recorded.'}</p>
              </div>
            ) : null}
            {data.status === 'cancelled' ? (
              <p className="notice">The run was cancelled before it finished.</p>
            ) : null}
            {data.status === 'interrupted' ? (
              <div className="state state--error" role="alert">
                <p>
                  <strong>The run was interrupted: the process planning it stopped.</strong>
                </p>
                <p className="state__detail">{data.error ?? 'No reason was recorded.'}</p>
              </div>
            ) : null}
            {data.status === 'succeeded' ? <Finished run={data} onChange={replace} /> : null}
          </>
        )}
      </RemoteState>
    </article>
  );
}
