import { type KeyboardEvent, useRef, useState } from 'react';
import type { RegionCritical } from '../../api/useCriticalNeeds.js';
import { Link } from '../../router.js';

/** Column and row of each region (ISO 3166-2 code) on a grid that follows the map of Ukraine. */
const TILE_POSITIONS: Readonly<Record<string, readonly [number, number]>> = {
  'UA-07': [1, 0],
  'UA-56': [2, 0],
  'UA-18': [3, 0],
  'UA-32': [4, 0],
  'UA-74': [5, 0],
  'UA-59': [6, 0],
  'UA-46': [0, 1],
  'UA-61': [1, 1],
  'UA-68': [2, 1],
  'UA-05': [3, 1],
  'UA-30': [4, 1],
  'UA-71': [5, 1],
  'UA-53': [6, 1],
  'UA-63': [7, 1],
  'UA-09': [8, 1],
  'UA-21': [0, 2],
  'UA-26': [1, 2],
  'UA-77': [2, 2],
  'UA-35': [5, 2],
  'UA-12': [6, 2],
  'UA-14': [7, 2],
  'UA-51': [3, 3],
  'UA-48': [4, 3],
  'UA-65': [5, 3],
  'UA-23': [6, 3],
  'UA-43': [5, 4],
  'UA-40': [4, 4],
};
const COLUMNS = 9;

/** The band a count falls in; shown as a colour and, for the legend, in words. */
function band(count: number, max: number): 'none' | 'low' | 'mid' | 'high' {
  if (count === 0) return 'none';
  if (count >= max * 0.66) return 'high';
  if (count >= max * 0.33) return 'mid';
  return 'low';
}

interface RegionTileMapProps {
  readonly regions: readonly RegionCritical[];
}

/** A tile per region, placed roughly where it lies, with its count printed and coloured by it. */
export function RegionTileMap({ regions }: RegionTileMapProps) {
  const max = Math.max(1, ...regions.map((region) => region.openCritical));
  let extraRow = 5;
  let extraColumn = 0;
  const placed = regions.map((region) => {
    let position = TILE_POSITIONS[region.code];
    if (!position) {
      position = [extraColumn, extraRow];
      extraColumn += 1;
      if (extraColumn === COLUMNS) {
        extraColumn = 0;
        extraRow += 1;
      }
    }
    return { region, column: position[0], row: position[1] };
  });
  placed.sort((a, b) => a.row - b.row || a.column - b.column);
  // One tab stop for the whole map; the arrow keys move between tiles as they lie.
  const [active, setActive] = useState(0);
  const list = useRef<HTMLUListElement>(null);
  const move = (event: KeyboardEvent, from: number) => {
    const here = placed[from];
    if (!here) return;
    const step = { ArrowLeft: [-1, 0], ArrowRight: [1, 0], ArrowUp: [0, -1], ArrowDown: [0, 1] }[event.key];
    if (!step) return;
    event.preventDefault();
    const [dx, dy] = step as [number, number];
    let best = -1;
    let bestDistance = Number.POSITIVE_INFINITY;
    placed.forEach((tile, index) => {
      const x = tile.column - here.column;
      const y = tile.row - here.row;
      // Only tiles in the pressed direction; the straightest and nearest wins.
      if ((dx !== 0 && Math.sign(x) !== dx) || (dy !== 0 && Math.sign(y) !== dy)) return;
      const distance = dx !== 0 ? Math.abs(x) + 3 * Math.abs(y) : Math.abs(y) + 3 * Math.abs(x);
      if (distance < bestDistance) {
        best = index;
        bestDistance = distance;
      }
    });
    if (best >= 0) {
      setActive(best);
      list.current?.querySelectorAll('a')[best]?.focus();
    }
  };
  return (
    <div>
      <ul
        ref={list}
        className="tile-map"
        aria-label="Critical needs not yet allocated, per region; arrow keys move between regions"
      >
        {placed.map(({ region, column, row }, index) => (
          <li
            key={region.id}
            className={`tile-map__tile tile-map__tile--${band(region.openCritical, max)}`}
            style={{ gridColumn: column + 1, gridRow: row + 1 }}
          >
            <Link
              tabIndex={index === active ? 0 : -1}
              onKeyDown={(event) => move(event, index)}
              onFocus={() => setActive(index)}
              to={`/needs?region_id=${region.id}&priority=critical`}
              title={`${region.name}: ${region.openCritical} critical needs not yet allocated`}
              aria-label={`${region.name}: ${region.openCritical} critical needs not yet allocated`}
            >
              <span className="tile-map__code">{region.code.replace('UA-', '')}</span>
              <span className="tile-map__name">{region.name.replace(/ Oblast$/, '')}</span>
              <span className="tile-map__count">{region.openCritical}</span>
            </Link>
          </li>
        ))}
      </ul>
      <p className="tile-map__legend">
        Number = critical needs still waiting for allocations. Shade:{' '}
        <span className="tile-map__key tile-map__tile--none">none</span>{' '}
        <span className="tile-map__key tile-map__tile--low">few</span>{' '}
        <span className="tile-map__key tile-map__tile--mid">several</span>{' '}
        <span className="tile-map__key tile-map__tile--high">most (≥ {Math.ceil(max * 0.66)})</span>
      </p>
    </div>
  );
}
