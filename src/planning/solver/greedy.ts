/**
 * The "highest priority first" rule coordination cells use by hand, as a baseline the optimiser
 * is measured against. Needs in order of priority weight (desc), then due week (asc), then index;
 * each takes from its feasible lots in order of earliest arrival, then lowest unit cost, then lot
 * index, as much as the lots still hold.
 *
 * Bundles, simply: when a lead need's turn comes, it takes no more than its members can follow in
 * ratio from the supply left (each member's reach is judged on its own), and its members are then
 * served at once up to that ratio. Where members share lots and so fall short, the lead is cut back
 * to what they got; a last pass cuts back any lead still out of ratio (chains of bundles), down to
 * nothing if it must. The result is always feasible, rarely optimal.
 */
import { arcsByNeed, buildArcs, evaluateObjective } from '../model/arcs.js';
import type { PlanningProblem, Solution, Solver } from '../model/types.js';

/** Allocates need by need in priority order; the objective is the model's, the duals are zero. */
export function solveGreedy(problem: PlanningProblem): Solution {
  const started = performance.now();
  const arcs = buildArcs(problem);
  const { lots, needs, bundles } = problem;
  const byNeed = arcsByNeed(arcs, needs.count);
  // Each need's arcs in preference order: arrival, then unit cost, then lot.
  const preference = Int32Array.from(byNeed.order);
  for (let d = 0; d < needs.count; d++) {
    const slice = Array.from(preference.subarray(byNeed.start[d]!, byNeed.start[d + 1]!));
    slice.sort(
      (a, b) =>
        arcs.arrival[a]! - arcs.arrival[b]! ||
        arcs.unitCost[a]! - arcs.unitCost[b]! ||
        arcs.lot[a]! - arcs.lot[b]!,
    );
    preference.set(slice, byNeed.start[d]!);
  }
  const order = Array.from({ length: needs.count }, (_, d) => d).sort(
    (a, b) => needs.priority[b]! - needs.priority[a]! || needs.due[a]! - needs.due[b]! || a - b,
  );
  const built = performance.now();

  const left = Float64Array.from(lots.quantity);
  const flow = new Float64Array(arcs.count);
  const got = new Float64Array(needs.count);
  const tolerance = 1e-9;

  /** Gives need d up to `amount` more from its preferred lots; returns what it got. */
  const take = (d: number, amount: number): number => {
    let wanted = Math.min(amount, needs.quantity[d]! - got[d]!);
    let given = 0;
    for (let k = byNeed.start[d]!; k < byNeed.start[d + 1]! && wanted > tolerance; k++) {
      const a = preference[k]!;
      const s = arcs.lot[a]!;
      const x = Math.min(wanted, left[s]!);
      if (x <= 0) continue;
      left[s]! -= x;
      flow[a]! += x;
      wanted -= x;
      given += x;
    }
    got[d]! += given;
    return given;
  };
  /** Takes back `amount` from need d, last-preferred lots first. */
  const giveBack = (d: number, amount: number): void => {
    let rest = amount;
    for (let k = byNeed.start[d + 1]! - 1; k >= byNeed.start[d]! && rest > 0; k--) {
      const a = preference[k]!;
      const x = Math.min(rest, flow[a]!);
      flow[a]! -= x;
      left[arcs.lot[a]!]! += x;
      rest -= x;
      got[d]! -= x;
    }
  };
  /** What need d could still get from the supply left, ignoring everyone else. */
  const reach = (d: number): number => {
    let total = 0;
    for (let k = byNeed.start[d]!; k < byNeed.start[d + 1]!; k++) total += left[arcs.lot[preference[k]!]!]!;
    return Math.min(total, needs.quantity[d]! - got[d]!);
  };

  const led = Array.from({ length: needs.count }, () => [] as { need: number; ratio: number }[]);
  for (const bundle of bundles) {
    for (const member of bundle.members) {
      if (member.need !== bundle.leadNeed) led[bundle.leadNeed]!.push(member);
    }
  }
  for (const d of order) {
    const members = led[d]!;
    if (members.length === 0) {
      take(d, Number.POSITIVE_INFINITY);
      continue;
    }
    let limit = needs.quantity[d]! - got[d]!;
    for (const m of members) {
      if (m.ratio > 0) limit = Math.min(limit, (got[m.need]! + reach(m.need)) / m.ratio - got[d]!);
    }
    if (limit <= tolerance) continue;
    take(d, limit);
    let allowed = got[d]!;
    for (const m of members) {
      if (m.ratio <= 0) continue;
      take(m.need, m.ratio * got[d]! - got[m.need]!);
      allowed = Math.min(allowed, got[m.need]! / m.ratio);
    }
    if (allowed < got[d]!) giveBack(d, got[d]! - allowed);
  }

  // Repair pass: chains (a lead that is also a member elsewhere) may leave a bundle out of ratio.
  for (let pass = 0; pass <= needs.count + 1; pass++) {
    let changed = false;
    for (const bundle of bundles) {
      const d0 = bundle.leadNeed;
      for (const m of bundle.members) {
        const required = m.ratio * got[d0]!;
        if (got[m.need]! >= required - tolerance * Math.max(1, required)) continue;
        const allowed = m.need === d0 || pass === needs.count + 1 ? 0 : got[m.need]! / m.ratio;
        giveBack(d0, got[d0]! - allowed);
        changed = true;
      }
    }
    if (!changed) break;
  }

  const unmet = new Float64Array(needs.count);
  for (let d = 0; d < needs.count; d++) unmet[d] = Math.max(0, needs.quantity[d]! - got[d]!);
  return {
    status: 'optimal',
    method: 'greedy',
    objective: evaluateObjective(problem, arcs, flow, unmet),
    arcs,
    flow,
    unmet,
    lotDual: new Float64Array(lots.count),
    timings: { buildMs: built - started, solveMs: performance.now() - built },
  };
}

/** The 'greedy' baseline: feasible, not optimal. Status 'optimal' means "finished" for it. */
export const greedySolver: Solver = {
  name: 'greedy',
  solve: async (problem) => solveGreedy(problem),
};
