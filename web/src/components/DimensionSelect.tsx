import { GAP_DIMENSIONS, type GapDimension } from '../api/contract.js';
import { useT } from '../i18n/index.js';

/** Message ids of the groupings. */
export const DIMENSION_LABELS: Record<GapDimension, string> = {
  category: 'gaps.by.category',
  item: 'gaps.by.item',
  region: 'gaps.by.region',
  donor: 'gaps.by.donor',
};

interface Props {
  readonly value: GapDimension;
  readonly onChange: (value: GapDimension) => void;
}

/** A labelled select of the gap groupings. */
export function DimensionSelect({ value, onChange }: Props) {
  const t = useT();
  return (
    <div className="field">
      <label htmlFor="gap-dimension">{t('gaps.groupBy')}</label>
      <select
        id="gap-dimension"
        value={value}
        onChange={(event) => {
          const next = GAP_DIMENSIONS.find((dimension) => dimension === event.target.value);
          if (next) onChange(next);
        }}
      >
        {GAP_DIMENSIONS.map((dimension) => (
          <option key={dimension} value={dimension}>
            {t(DIMENSION_LABELS[dimension])}
          </option>
        ))}
      </select>
    </div>
  );
}
