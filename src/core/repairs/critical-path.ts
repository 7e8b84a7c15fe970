/**
 * The critical path of a repair project (pure; docs/grid-repair.md, "Critical path"): when it can be
 * energised, what holds it back, and which single pledge or delivery would move that date and by how
 * much. Days are calendar days (YYYY-MM-DD, UTC).
 *
 *   funded_on    the actual funded milestone; else today when nothing is missing; else the planned
 *                funded day when it is still ahead (money expected then); else null (blocked on money)
 *   line ready   delivered (actual day); else the earliest of its pledges' available days; else
 *                ordered on max(funded_on, ordered day) + its lead time (the longer of the supplier's
 *                lead and the production lead from the capacity data)
 *   delivered_on the actual delivered milestone, else the latest line ready day (today without lines)
 *   installed_on the actual installed milestone, else max(delivered_on, funded_on) + install_days
 *   energised_on the actual energised milestone, else installed_on + energise_days
 *
 * A move is one change, tried alone: the missing money committed today, or one line delivered by
 * one of the pledges that could meet it. Its gain is the days it takes off energised_on (a project
 * blocked on money gains from null to a day: `unblocks`).
 */

export const MILESTONE_STAGES = [
  'assessed',
  'funded',
  'equipment_ordered',
  'delivered',
  'installed',
  'energised',
] as const;
export type MilestoneStage = (typeof MILESTONE_STAGES)[number];

export interface Milestone {
  readonly planned_on: string | null;
  readonly actual_on: string | null;
}

export interface CandidatePledge {
  readonly pledge_id: string;
  /** The day the pledged goods can be on site. */
  readonly available_on: string;
}

export interface EquipmentLine {
  readonly need_id: string;
  readonly label: string;
  /** Day it arrived (the need met); null while missing. */
  readonly delivered_on: string | null;
  /** Supplier's lead time from order to site, days. */
  readonly lead_days: number;
  /** Production lead time from the capacity data (backlog and lead time of the item's lines), days; null: none known. */
  readonly production_lead_days: number | null;
  /** Pledges allocated to it (already coming), with the day they can be on site. */
  readonly coming: readonly CandidatePledge[];
  /** Open pledges of the item that could meet it, not allocated to it yet. */
  readonly candidates: readonly CandidatePledge[];
}

export interface ProjectPlan {
  readonly today: string;
  readonly milestones: Readonly<Partial<Record<MilestoneStage, Milestone>>>;
  readonly missing_eur: number;
  readonly install_days: number;
  readonly energise_days: number;
  readonly equipment: readonly EquipmentLine[];
}

export interface LineDate {
  readonly need_id: string;
  readonly label: string;
  readonly ready_on: string | null;
  readonly why: 'delivered' | 'pledge' | 'order' | 'blocked';
}

export interface Schedule {
  readonly funded_on: string | null;
  readonly lines: readonly LineDate[];
  readonly delivered_on: string | null;
  readonly installed_on: string | null;
  readonly energised_on: string | null;
  /** What sets energised_on: 'money', a line's need id, or 'done' / 'schedule' (nothing missing). */
  readonly critical: string;
}

export interface Move {
  readonly kind: 'money' | 'pledge';
  /** money: the missing amount in EUR; pledge: the pledge id. */
  readonly what: string;
  readonly need_id: string | null;
  readonly energised_on: string | null;
  /** Days earlier than now (null when the project was blocked and this unblocks it). */
  readonly days_earlier: number | null;
  readonly unblocks: boolean;
}

const DAY = 86_400_000;

export function addDays(day: string, days: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + days * DAY).toISOString().slice(0, 10);
}

export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY);
}

const later = (a: string, b: string) => (a > b ? a : b);
const earliest = (days: readonly string[]) =>
  days.reduce<string | null>((m, d) => (m === null || d < m ? d : m), null);

function fundedOn(plan: ProjectPlan): string | null {
  const funded = plan.milestones.funded;
  if (funded?.actual_on) return funded.actual_on;
  if (plan.missing_eur <= 0) return plan.today;
  if (funded?.planned_on && funded.planned_on >= plan.today) return funded.planned_on;
  return null;
}

function lineDate(plan: ProjectPlan, line: EquipmentLine, funded: string | null): LineDate {
  const base = { need_id: line.need_id, label: line.label };
  if (line.delivered_on) return { ...base, ready_on: line.delivered_on, why: 'delivered' };
  const pledged = earliest(line.coming.map((c) => later(c.available_on, plan.today)));
  const ordered = plan.milestones.equipment_ordered?.actual_on ?? null;
  const lead = Math.max(line.lead_days, line.production_lead_days ?? 0);
  const orderDay = ordered ?? (funded === null ? null : later(funded, plan.today));
  const byOrder = orderDay === null ? null : addDays(orderDay, lead);
  const options = [pledged, byOrder].filter((d): d is string => d !== null);
  const ready = earliest(options);
  if (ready === null) return { ...base, ready_on: null, why: 'blocked' };
  return { ...base, ready_on: ready, why: ready === pledged ? 'pledge' : 'order' };
}

/** The dates of a project as things stand. */
export function schedule(plan: ProjectPlan): Schedule {
  const m = plan.milestones;
  const funded = fundedOn(plan);
  const lines = plan.equipment.map((line) => lineDate(plan, line, funded));
  let delivered: string | null;
  let critical = 'schedule';
  if (m.delivered?.actual_on) delivered = m.delivered.actual_on;
  else if (lines.some((l) => l.ready_on === null)) {
    delivered = null;
    critical = 'money';
  } else {
    delivered = plan.today;
    for (const line of lines) {
      if ((line.ready_on as string) > delivered) {
        delivered = line.ready_on as string;
        critical = line.need_id;
      }
    }
  }
  let installed: string | null;
  if (m.installed?.actual_on) installed = m.installed.actual_on;
  else if (delivered === null || funded === null) {
    installed = null;
    critical = 'money';
  } else {
    if (funded > delivered) critical = 'money';
    installed = addDays(later(delivered, funded), plan.install_days);
  }
  let energised: string | null;
  if (m.energised?.actual_on) {
    energised = m.energised.actual_on;
    critical = 'done';
  } else energised = installed === null ? null : addDays(installed, plan.energise_days);
  return {
    funded_on: funded,
    lines,
    delivered_on: delivered,
    installed_on: installed,
    energised_on: energised,
    critical,
  };
}

function gain(
  before: string | null,
  after: string | null,
): { days_earlier: number | null; unblocks: boolean } {
  if (after === null) return { days_earlier: 0, unblocks: false };
  if (before === null) return { days_earlier: null, unblocks: true };
  return { days_earlier: Math.max(0, daysBetween(after, before)), unblocks: false };
}

/**
 * Every single move that would bring energising forward, best first (unblocking first, then most
 * days earlier, then money before pledges, then by id); moves that gain nothing are left out.
 */
export function moves(plan: ProjectPlan): Move[] {
  const now = schedule(plan).energised_on;
  if (plan.milestones.energised?.actual_on) return [];
  const found: Move[] = [];
  if (plan.missing_eur > 0 && !plan.milestones.funded?.actual_on) {
    const after = schedule({ ...plan, missing_eur: 0 }).energised_on;
    found.push({
      kind: 'money',
      what: plan.missing_eur.toFixed(2),
      need_id: null,
      energised_on: after,
      ...gain(now, after),
    });
  }
  plan.equipment.forEach((line, index) => {
    if (line.delivered_on) return;
    for (const candidate of line.candidates) {
      const equipment = plan.equipment.map((l, i) =>
        i === index ? { ...l, coming: [...l.coming, candidate] } : l,
      );
      const after = schedule({ ...plan, equipment }).energised_on;
      found.push({
        kind: 'pledge',
        what: candidate.pledge_id,
        need_id: line.need_id,
        energised_on: after,
        ...gain(now, after),
      });
    }
  });
  return found
    .filter((move) => move.unblocks || (move.days_earlier ?? 0) > 0)
    .sort(
      (a, b) =>
        Number(b.unblocks) - Number(a.unblocks) ||
        (b.days_earlier ?? 0) - (a.days_earlier ?? 0) ||
        (a.kind === b.kind ? 0 : a.kind === 'money' ? -1 : 1) ||
        a.what.localeCompare(b.what),
    );
}
