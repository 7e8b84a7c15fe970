import { GAP_DIMENSIONS, type GapDimension } from '../api/contract.js';

export const DIMENSION_LABELS: Record<GapDimension, string> = {
  category: 'Category',
  item: 'Item',
  region: 'Region',
  donor: 'Donor',
};

interface Props {
  readonly value: GapDimension;
  readonly onChange: (value: GapDimension) => void;
}

/** A labelled select of the gap groupings. */
export function DimensionSelect({ value, onChange }: Props) {
  return (
    <div className="field">
      <label htmlFor="gap-dimension">Group by</label>
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
            {DIMENSION_LABELS[dimension]}
          </option>
        ))}
      </select>
    </div>
  );
}
