import { daysBetween } from './critical-path.js';

/**
 * Ranking of repair projects (pure; docs/grid-repair.md, "Ranking"). For each project:
 *
 *   weeks           whole weeks from today to energising, at least 1 (ceil(days / 7)); for a project blocked
 *                   on money, counted as if the money came today (`energised_if_funded_on`)
 *   people_per_week people reconnected / weeks: what each week of waiting for this project costs
 *   people_per_meur people reconnected per million EUR still missing; null when nothing is missing
 *   before_frost    energised (or, when blocked, energisable if funded today) on or before the region's first frost
 *
 * Order: projects that can be energised before the first frost first; then people per week, highest
 * first; then people per million EUR missing (nothing missing counts highest); then by name and id.
 * Projects already energised are left out.
 */

export interface RankInput {
  readonly id: string;
  readonly name: string;
  readonly people_reconnected: number;
  readonly missing_eur: number;
  readonly energised_on: string | null;
  readonly energised_if_funded_on: string | null;
  readonly first_frost_on: string | null;
  readonly done: boolean;
}

export interface Ranked {
  readonly rank: number;
  readonly id: string;
  readonly name: string;
  readonly weeks: number | null;
  readonly people_per_week: number | null;
  readonly people_per_meur_missing: number | null;
  readonly before_frost: boolean;
  readonly blocked_on_money: boolean;
}

export function weeksUntil(today: string, day: string): number {
  return Math.max(1, Math.ceil(daysBetween(today, day) / 7));
}

export function rank(today: string, projects: readonly RankInput[]): Ranked[] {
  const scored = projects
    .filter((p) => !p.done)
    .map((p) => {
      const day = p.energised_on ?? p.energised_if_funded_on;
      const weeks = day === null ? null : weeksUntil(today, day);
      return {
        id: p.id,
        name: p.name,
        weeks,
        people_per_week: weeks === null ? null : Math.round(p.people_reconnected / weeks),
        people_per_meur_missing:
          p.missing_eur > 0 ? Math.round((p.people_reconnected * 1_000_000) / p.missing_eur) : null,
        before_frost: day !== null && p.first_frost_on !== null && day <= p.first_frost_on,
        blocked_on_money: p.energised_on === null,
      };
    });
  const perEur = (x: (typeof scored)[number]) => x.people_per_meur_missing ?? Number.POSITIVE_INFINITY;
  scored.sort(
    (a, b) =>
      Number(b.before_frost) - Number(a.before_frost) ||
      (b.people_per_week ?? -1) - (a.people_per_week ?? -1) ||
      perEur(b) - perEur(a) ||
      a.name.localeCompare(b.name) ||
      a.id.localeCompare(b.id),
  );
  return scored.map((entry, index) => ({ rank: index + 1, ...entry }));
}
