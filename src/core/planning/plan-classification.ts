import { CLASSIFICATIONS, type Classification } from '../auth/actor.js';

/**
 * Who may read a plan run. A run is derived from every row it read, so its classification is at
 * least the highest of theirs, and a reader sees it only if they may see every one of those rows:
 * for each level above the reader's clearance, the reader's organisation must be owner or party of
 * every row of that level. Migration 0014 states the same rule in SQL (aidgrid_plan_run_visible).
 */
export interface RunReaders {
  readonly classification: Classification;
  /** Organisations owner or party of every input row at coalition or above; null: no such row. */
  readonly readers_coalition: string[] | null;
  /** Organisations owner or party of every restricted input row; null: no such row. */
  readonly readers_restricted: string[] | null;
}

/** An input row as far as visibility goes. */
export interface SourceRow {
  readonly classification: Classification | string;
  readonly embargo_until: string | null;
  /** Owner and parties (null entries ignored). */
  readonly orgs: readonly (string | null)[];
}

const rank = (level: Classification | string) => CLASSIFICATIONS.indexOf(level as Classification);

/** The highest of the levels given (public when none): the floor of anything derived from them. */
export function classificationFloor(levels: Iterable<Classification | string>): Classification {
  let best = 0;
  for (const level of levels) best = Math.max(best, rank(level));
  return CLASSIFICATIONS[best] as Classification;
}

/** A public row under embargo counts as coalition until the embargo ends (visibility.ts). */
export function effectiveLevel(row: Pick<SourceRow, 'classification' | 'embargo_until'>, today: string) {
  return row.classification === 'public' && row.embargo_until !== null && row.embargo_until > today
    ? 'coalition'
    : (row.classification as Classification);
}

/** The readers of a run computed from the rows it read, as of `today` (YYYY-MM-DD). */
export function runReadersOf(rows: Iterable<SourceRow>, today: string): RunReaders {
  let level = 0;
  let coalition: Set<string> | null = null;
  let restricted: Set<string> | null = null;
  const narrow = (current: Set<string> | null, orgs: readonly (string | null)[]) => {
    const own = new Set(orgs.filter((o): o is string => o !== null));
    if (current === null) return own;
    for (const org of current) if (!own.has(org)) current.delete(org);
    return current;
  };
  for (const row of rows) {
    const r = rank(effectiveLevel(row, today));
    level = Math.max(level, r);
    if (r >= 1) coalition = narrow(coalition, row.orgs);
    if (r >= 2) restricted = narrow(restricted, row.orgs);
  }
  const sorted = (set: Set<string> | null) => (set === null ? null : [...set].sort());
  return {
    classification: CLASSIFICATIONS[level] as Classification,
    readers_coalition: sorted(coalition),
    readers_restricted: sorted(restricted),
  };
}

/** The same rule as the database policy, for a run in hand; a reader of null is the system. */
export function canReadRun(
  reader: { readonly orgId: string | null; readonly clearance: Classification } | null,
  run: Pick<RunReaders, 'readers_coalition' | 'readers_restricted'>,
): boolean {
  if (reader === null) return true;
  const allowed = (level: number, orgs: string[] | null) =>
    rank(reader.clearance) >= level ||
    orgs === null ||
    (reader.orgId !== null && orgs.includes(reader.orgId));
  return allowed(1, run.readers_coalition) && allowed(2, run.readers_restricted);
}
