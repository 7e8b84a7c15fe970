import type { PlanRun } from '../../api/plansContract.js';

/** A running plan's progress, as a bar and in words. */
export function PlanProgress({ run }: { run: PlanRun }) {
  const pct = Math.round(run.progress * 100);
  return (
    <div className="plan-progress" role="status" aria-live="polite">
      <progress max={100} value={pct} aria-label="Plan progress">
        {pct} %
      </progress>
      <span>
        {run.status === 'queued' ? 'Waiting to start' : `${pct} %`}
        {run.progress_note ? ` — ${run.progress_note}` : ''}
      </span>
    </div>
  );
}
