import type { ProgressReport } from '../../api/contract.js';

export type ProgressCell = ProgressReport['total'][number];

/** What a chart of progress shows: people, or the capacity of one unit (units never add). */
export type ProgressMeasure = 'people' | 'MVA' | 'MW' | 'Gcal/h';

/** The figure of a cell in the measure: people reconnected, or capacity restored in that unit. */
export function measureOf(cell: ProgressCell, measure: ProgressMeasure): number {
  if (measure === 'people') return cell.people_reconnected;
  return cell.capacity.find((c) => c.unit === measure)?.capacity ?? 0;
}

/** The capacity units present in the cells, in a fixed order. */
export function unitsOf(cells: readonly ProgressCell[]): ProgressMeasure[] {
  const present = new Set(cells.flatMap((cell) => cell.capacity.map((c) => c.unit)));
  return (['MVA', 'MW', 'Gcal/h'] as const).filter((unit) => present.has(unit));
}

const DAY_MS = 86_400_000;

function mondayOf(week: string): number {
  const [year, number] = week.split('-W').map(Number) as [number, number];
  const jan4 = Date.UTC(year, 0, 4);
  const weekday = (new Date(jan4).getUTCDay() + 6) % 7; // Monday 0
  return jan4 - weekday * DAY_MS + (number - 1) * 7 * DAY_MS;
}

function weekOf(time: number): string {
  const date = new Date(time);
  const thursday = time + (3 - ((date.getUTCDay() + 6) % 7)) * DAY_MS;
  const year = new Date(thursday).getUTCFullYear();
  const number = Math.floor((thursday - Date.UTC(year, 0, 1)) / (7 * DAY_MS)) + 1;
  return `${year}-W${String(number).padStart(2, '0')}`;
}

/** Every ISO week from the first to the last of the cells, weeks without energising included. */
export function weekRange(cells: readonly ProgressCell[]): string[] {
  if (cells.length === 0) return [];
  const weeks = cells.map((cell) => cell.week).sort();
  const last = mondayOf(weeks.at(-1) as string);
  const range: string[] = [];
  for (let time = mondayOf(weeks[0] as string); time <= last; time += 7 * DAY_MS) range.push(weekOf(time));
  return range;
}

export interface ProgressSeries {
  readonly key: string;
  readonly values: number[];
}

/**
 * One series per group (region or funder) over the weeks, largest total first; past `limit` the
 * rest are left out of the chart (the table lists them all).
 */
export function seriesOf(
  cells: readonly ProgressCell[],
  weeks: readonly string[],
  measure: ProgressMeasure,
  limit: number,
): { series: ProgressSeries[]; left_out: number } {
  const index = new Map(weeks.map((week, i) => [week, i]));
  const byKey = new Map<string, number[]>();
  for (const cell of cells) {
    const values = byKey.get(cell.key) ?? weeks.map(() => 0);
    const at = index.get(cell.week);
    if (at !== undefined) values[at] = (values[at] ?? 0) + measureOf(cell, measure);
    byKey.set(cell.key, values);
  }
  const sum = (values: number[]) => values.reduce((a, b) => a + b, 0);
  const all = [...byKey.entries()]
    .map(([key, values]) => ({ key, values }))
    .filter((s) => sum(s.values) > 0)
    .sort((a, b) => sum(b.values) - sum(a.values) || a.key.localeCompare(b.key));
  return { series: all.slice(0, limit), left_out: Math.max(0, all.length - limit) };
}
