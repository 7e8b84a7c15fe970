import type { PlanRun } from '../../api/plansContract.js';
import { useT } from '../../i18n/index.js';

/** A running plan's progress, as a bar and in words. */
export function PlanProgress({ run }: { run: PlanRun }) {
  const pct = Math.round(run.progress * 100);
  const t = useT();
  return (
    <div className="plan-progress" role="status" aria-live="polite">
      <progress max={100} value={pct} aria-label={t('planSummary.progress')}>
        {pct} %
      </progress>
      <span>
        {run.status === 'queued' ? t('planSummary.waiting') : `${pct} %`}
        {run.progress_note ? ` — ${run.progress_note}` : ''}
      </span>
    </div>
  );
}
