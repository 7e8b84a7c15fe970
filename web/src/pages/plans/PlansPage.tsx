import { useState } from 'react';
import { detailOf } from '../../api/http.js';
import { permission } from '../../api/permissions.js';
import type { SessionState } from '../../api/session.js';
import { useDataAsOf } from '../../api/useDataAsOf.js';
import { startPlan, usePlanRuns } from '../../api/usePlans.js';
import { useSession } from '../../api/useSession.js';
import { ActionGate, useReason } from '../../components/auth/ActionGate.js';
import { SignInLink } from '../../components/auth/SignInLink.js';
import { PlanRunForm, type PlanRunValues } from '../../components/plans/PlanRunForm.js';
import { PlanRunsTable } from '../../components/plans/PlanRunsTable.js';
import { isoWeekOf } from '../../components/plans/planWords.js';
import { RemoteState } from '../../components/RemoteState.js';
import { useT } from '../../i18n/index.js';
import { navigate } from '../../router.js';

/** A number typed in a field, or the text itself so that the API says what is wrong with it. */
function numberOrText(value: string): number | string | undefined {
  if (value.trim() === '') return undefined;
  const number = Number(value);
  return Number.isFinite(number) ? number : value;
}

/** /plans: run the allocation planner and see the runs so far. */
export default function PlansPage() {
  const t = useT();
  const reason = useReason();
  const { state: session } = useSession();
  const read = permission(session, 'read-plans');
  if (!read.allowed) {
    return (
      <section className="panel" aria-labelledby="plan-run-title">
        <h2 id="plan-run-title">{t('plans.title')}</h2>
        <p className="notice notice--warn" role="note">
          {read.signIn ? <SignInLink>{reason(read)}</SignInLink> : reason(read)}
        </p>
        <p className="muted">{t('plans.signedOutWhy')}</p>
      </section>
    );
  }
  return <Plans />;
}

function Plans() {
  const t = useT();
  const { state: session } = useSession();
  const clock = useDataAsOf();
  if (clock.state === 'loading') return <p className="state state--loading">{t('plans.loading')}</p>;
  // Plan from the week the data is as of (the demo's: 2022-W47); the server's default is the same.
  return (
    <PlansView session={session} startWeek={clock.state === 'ready' ? isoWeekOf(clock.data.as_of) : ''} />
  );
}

function PlansView({ session, startWeek }: { session: SessionState; startWeek: string }) {
  const t = useT();
  const runs = usePlanRuns(0);
  const [values, setValues] = useState<PlanRunValues>({
    method: 'auto',
    horizon: '26',
    lateness: '4',
    startWeek,
  });
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | undefined>(undefined);

  const submit = async () => {
    setBusy(true);
    setError(undefined);
    try {
      const body: Record<string, unknown> = { method: values.method };
      const horizon = numberOrText(values.horizon);
      const lateness = numberOrText(values.lateness);
      if (horizon !== undefined) body.horizon = horizon;
      if (lateness !== undefined) body.lateness = lateness;
      if (values.startWeek.trim() !== '') body.start_week = values.startWeek.trim();
      const run = await startPlan(body);
      navigate(`/plans/${run.id}`);
    } catch (failure) {
      setError(detailOf(failure));
      setBusy(false);
    }
  };

  return (
    <>
      <section className="panel" aria-labelledby="plan-run-title">
        <div className="panel__head">
          <h2 id="plan-run-title">{t('plans.title')}</h2>
        </div>
        <p className="muted plan-intro">{t('plans.intro')}</p>
        <ActionGate permission={permission(session, 'run-plan')} label={t('plans.run')}>
          {error ? (
            <div className="form-problem" role="alert">
              <p>{t('plans.failed', { error })}</p>
            </div>
          ) : null}
          <PlanRunForm values={values} busy={busy} onChange={setValues} onSubmit={() => void submit()} />
        </ActionGate>
      </section>
      <section className="panel" aria-labelledby="plan-runs-title">
        <div className="panel__head">
          <h2 id="plan-runs-title">{t('plans.runs')}</h2>
        </div>
        <RemoteState
          remote={runs}
          what={t('plans.runsWhat')}
          isEmpty={(page) => page.items.length === 0}
          empty={t('plans.runsEmpty')}
        >
          {(page) => <PlanRunsTable runs={page.items} />}
        </RemoteState>
      </section>
    </>
  );
}
