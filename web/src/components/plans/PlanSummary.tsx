import type { PlanRun } from '../../api/plansContract.js';
import { formatCount, formatQuantity } from '../../format.js';
import { formatMs } from './planWords.js';

type Summary = NonNullable<PlanRun['summary']>;

/** What the plan achieves (objective, unmet, late) and how long each step took. */
export function PlanSummary({ summary, timings }: { summary: Summary; timings: PlanRun['timings'] }) {
  const figures: [string, string, string][] = [
    ['Objective', formatQuantity(Math.round(summary.objective)), 'The weighted cost the planner minimises'],
    ['Unmet, weighted', formatQuantity(summary.unmet_weighted), 'Σ priority × unmet quantity'],
    ['Unmet, quantity', formatQuantity(summary.unmet_quantity), 'Units no supply reaches in time'],
    ['Late, weighted', formatQuantity(summary.late_weighted), 'Σ priority × weeks late × quantity'],
  ];
  const steps: [string, number | undefined][] = [
    ['Reading data', timings.snapshot_ms],
    ['Building', timings.build_ms],
    ['Solving', timings.solve_ms],
    ['Explaining', timings.explain_ms],
    ['Storing', timings.store_ms],
    ['Total', timings.total_ms],
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
        {formatCount(summary.needs)} needs, {formatCount(summary.lots)} supply lots,{' '}
        {formatCount(summary.arcs)} possible routes; {formatCount(summary.allocations)} allocations planned.
      </p>
      <dl className="plan-timings" aria-label="Timings">
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
