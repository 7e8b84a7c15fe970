import type { PlanRun } from '../../api/plansContract.js';
import { formatQuantity } from '../../format.js';
import { T, useT } from '../../i18n/index.js';
import { formatMs } from './planWords.js';

type Summary = NonNullable<PlanRun['summary']>;

/** What the plan achieves (objective, unmet, late) and how long each step took. */
export function PlanSummary({ summary, timings }: { summary: Summary; timings: PlanRun['timings'] }) {
  const t = useT();
  const figures: [string, string, string][] = [
    [
      t('planSummary.objective'),
      formatQuantity(Math.round(summary.objective)),
      t('planSummary.objectiveHint'),
    ],
    [
      t('planSummary.unmetWeighted'),
      formatQuantity(summary.unmet_weighted),
      t('planSummary.unmetWeightedHint'),
    ],
    [
      t('planSummary.unmetQuantity'),
      formatQuantity(summary.unmet_quantity),
      t('planSummary.unmetQuantityHint'),
    ],
    [t('planSummary.lateWeighted'), formatQuantity(summary.late_weighted), t('planSummary.lateWeightedHint')],
  ];
  const steps: [string, number | undefined][] = [
    [t('planSummary.reading'), timings.snapshot_ms],
    [t('planSummary.building'), timings.build_ms],
    [t('planSummary.solving'), timings.solve_ms],
    [t('planSummary.explaining'), timings.explain_ms],
    [t('planSummary.storing'), timings.store_ms],
    [t('planSummary.total'), timings.total_ms],
  ];
  return (
    <div className="plan-summary">
      <dl className="plan-figures">
        {figures.map(([label, value, hint]) => (
          <div key={label} className="plan-figures__figure" title={hint}>
            <dt>{label}</dt>
            <dd>{value}</dd>
          </div>
        ))}
      </dl>
      <p className="muted plan-summary__model">
        <T
          id="planSummary.model"
          values={{
            needs: summary.needs,
            lots: summary.lots,
            arcs: summary.arcs,
            allocations: summary.allocations,
          }}
        />
      </p>
      <dl className="plan-timings" aria-label={t('planSummary.timings')}>
        {steps.map(([label, ms]) => (
          <div key={label}>
            <dt>{label}</dt>
            <dd>{formatMs(ms)}</dd>
          </div>
        ))}
      </dl>
    </div>
  );
}
