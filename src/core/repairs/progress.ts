import { isoWeekOf } from '../reports/iso-week.js';

/**
 * Reconstruction progress (pure; docs/grid-repair.md, "Progress"): capacity restored and people
 * reconnected per ISO week of the actual energised day, by region, and by funder (a donor pledging money
 * to the project directly, or a fund allocating to it). Capacity is summed per unit only (MVA, MW,
 * Gcal/h are never added together). A project with several funders counts once for each of them: the
 * funder groups are not parts of a total, and the total is given on its own.
 */

export interface EnergisedProject {
  readonly id: string;
  readonly region_id: string;
  readonly energised_on: string;
  readonly people_reconnected: number;
  readonly capacity_restored: number | null;
  readonly capacity_unit: string | null;
  /** Organisations whose money (committed pledges or fund allocations) the reader sees on the project. */
  readonly funders: readonly string[];
}

export interface CapacityByUnit {
  readonly unit: string;
  readonly capacity: number;
}

export interface ProgressCell {
  readonly week: string;
  readonly key: string;
  readonly projects: number;
  readonly people_reconnected: number;
  readonly capacity: CapacityByUnit[];
}

export interface Progress {
  readonly total: ProgressCell[];
  readonly by_region: ProgressCell[];
  readonly by_funder: ProgressCell[];
}

function add(
  cells: Map<
    string,
    { week: string; key: string; projects: number; people: number; capacity: Map<string, number> }
  >,
  week: string,
  key: string,
  p: EnergisedProject,
) {
  const id = `${week}|${key}`;
  const cell = cells.get(id) ?? { week, key, projects: 0, people: 0, capacity: new Map<string, number>() };
  cell.projects += 1;
  cell.people += p.people_reconnected;
  if (p.capacity_restored !== null && p.capacity_unit !== null) {
    // Thousandths as integers: sums of 3-decimal capacities stay exact.
    cell.capacity.set(
      p.capacity_unit,
      (cell.capacity.get(p.capacity_unit) ?? 0) + Math.round(p.capacity_restored * 1000),
    );
  }
  cells.set(id, cell);
}

function finish(
  cells: Map<
    string,
    { week: string; key: string; projects: number; people: number; capacity: Map<string, number> }
  >,
): ProgressCell[] {
  return [...cells.values()]
    .sort((a, b) => a.week.localeCompare(b.week) || a.key.localeCompare(b.key))
    .map((c) => ({
      week: c.week,
      key: c.key,
      projects: c.projects,
      people_reconnected: c.people,
      capacity: [...c.capacity.entries()]
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([unit, thousandths]) => ({ unit, capacity: thousandths / 1000 })),
    }));
}

export function progress(projects: readonly EnergisedProject[]): Progress {
  const total = new Map();
  const byRegion = new Map();
  const byFunder = new Map();
  for (const p of projects) {
    const week = isoWeekOf(p.energised_on);
    add(total, week, 'all', p);
    add(byRegion, week, p.region_id, p);
    for (const funder of new Set(p.funders)) add(byFunder, week, funder, p);
  }
  return { total: finish(total), by_region: finish(byRegion), by_funder: finish(byFunder) };
}
