import { formatQuantity } from '../format.js';
import { tr } from '../i18n/index.js';

export interface Stage {
  readonly key: string;
  readonly label: string;
  readonly value: number;
}

interface Props {
  /** What 100 % is, e.g. the pledged or needed quantity. */
  readonly total: number;
  readonly totalLabel: string;
  /** Cumulative stages, each at most the one before (committed ≥ allocated ≥ shipped …). */
  readonly stages: readonly Stage[];
  readonly unit?: string;
}

/** The cumulative stages as parts of one bar: what reached the last stage, the one before, … none. */
function segmentsOf(total: number, stages: readonly Stage[]) {
  const segments: { key: string; label: string; value: number; index: number }[] = [];
  let reached = total;
  stages.forEach((stage, index) => {
    segments.push({
      key: `before-${stage.key}`,
      label: tr('stageBar.notYet', { stage: stage.label.toLowerCase() }),
      value: reached - stage.value,
      index: index - 1,
    });
    reached = stage.value;
  });
  segments.push({
    key: 'last',
    label: stages.at(-1)?.label.toLowerCase() ?? '',
    value: reached,
    index: stages.length - 1,
  });
  return segments.filter((segment) => segment.value > 0).reverse();
}

/**
 * How far a quantity has come through its lifecycle: one stacked bar (furthest stage first), then
 * one row per stage with its number and share written out, so the figures never depend on colour.
 */
export function StageBar({ total, totalLabel, stages, unit }: Props) {
  const suffix = unit ? ` ${unit}` : '';
  const segments = segmentsOf(total, stages);
  return (
    <div className="stage-bar">
      <p className="stage-bar__total">
        {totalLabel}: <strong>{formatQuantity(total)}</strong>
        {suffix}
      </p>
      <div
        className="stage-bar__stack"
        role="img"
        aria-label={segments.map((segment) => `${formatQuantity(segment.value)} ${segment.label}`).join(', ')}
      >
        {segments.map((segment) => (
          <span
            key={segment.key}
            className={
              segment.index < 0
                ? 'stage-bar__part stage-bar__part--none'
                : `stage-bar__part stage-bar__fill--${segment.index}`
            }
            style={{ width: `${total > 0 ? (segment.value / total) * 100 : 0}%` }}
            title={`${formatQuantity(segment.value)}${suffix} ${segment.label}`}
          />
        ))}
      </div>
      <ol className="stage-bar__stages">
        {stages.map((stage, index) => {
          const pct = total > 0 ? Math.min(100, Math.max(0, (stage.value / total) * 100)) : 0;
          return (
            <li key={stage.key} className="stage-bar__stage">
              <span className="stage-bar__label">{stage.label}</span>
              <span className="stage-bar__track" aria-hidden="true">
                <span className={`stage-bar__fill stage-bar__fill--${index}`} style={{ width: `${pct}%` }} />
              </span>
              <span className="stage-bar__value">
                {formatQuantity(stage.value)}
                {suffix} <span className="stage-bar__pct">({Math.round(pct)} %)</span>
              </span>
            </li>
          );
        })}
      </ol>
    </div>
  );
}
