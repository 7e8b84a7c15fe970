/**
 * The allocation model as CPLEX LP text, for HiGHS (which reads it) and for people who want to
 * look at the model or solve it elsewhere. The rows, columns and names are shared with the MPS
 * writer (mps.ts) through {@link modelLayout}, so both files describe exactly one model:
 *
 *   columns  x_<lot>_<need> per arc (arc order: by lot, then need), then y_<need> per need;
 *   rows     sup_<lot>  Σ_d x_sd ≤ q_s          (only lots with arcs: others are vacuous)
 *            dem_<need> Σ_s x_sd + y_d = n_d
 *            bun_<b>_<j> Σ x_{s,d_j} − r_{b,j} Σ x_{s,d₀} ≥ 0   (omitted when it has no variable);
 *   objective obj: Σ M_unmet p_d y_d + Σ unitCost x  (terms with coefficient 0 are left out).
 * Indexes are those of the problem written (component-local when a component is written).
 */
import { arcStartsByLot, arcsByNeed, buildArcs, type Grouping, unmetCost } from './arcs.js';
import type { Arcs, PlanningProblem } from './types.js';

/** One bundle row: +1 on the member need's arcs, −ratio on the lead need's (1 − ratio when they coincide). */
export interface BundleRow {
  readonly name: string;
  readonly bundle: number;
  readonly member: number;
  /** Needs whose arcs carry a coefficient in this row, with that coefficient (non-zero). */
  readonly terms: readonly { readonly need: number; readonly coefficient: number }[];
}

/** Rows and columns of the model, computed once and shared by the LP and MPS writers. */
export interface ModelLayout {
  readonly arcs: Arcs;
  readonly lotArcStart: Int32Array;
  readonly needArcs: Grouping;
  readonly bundleRows: readonly BundleRow[];
}

/** Formats a coefficient or right-hand side so that it reads back as the same double. */
export function formatNumber(value: number): string {
  if (!Number.isFinite(value)) throw new RangeError(`cannot write ${value} into a model file`);
  return String(value);
}

/** The column name of arc a, shared by the writers and by the HiGHS adapter that reads results back. */
export const arcName = (arcs: Arcs, a: number): string => `x_${arcs.lot[a]}_${arcs.need[a]}`;

/** The model's rows and columns; bundle rows whose variables all have coefficient 0 are dropped. */
export function modelLayout(problem: PlanningProblem, arcs: Arcs = buildArcs(problem)): ModelLayout {
  const needArcs = arcsByNeed(arcs, problem.needs.count);
  const bundleRows: BundleRow[] = [];
  problem.bundles.forEach((bundle, b) => {
    bundle.members.forEach((member, j) => {
      const terms =
        member.need === bundle.leadNeed
          ? [{ need: member.need, coefficient: 1 - member.ratio }]
          : [
              { need: member.need, coefficient: 1 },
              { need: bundle.leadNeed, coefficient: -member.ratio },
            ];
      const live = terms.filter(
        (t) => t.coefficient !== 0 && needArcs.start[t.need + 1]! > needArcs.start[t.need]!,
      );
      if (live.length > 0) bundleRows.push({ name: `bun_${b}_${j}`, bundle: b, member: j, terms: live });
    });
  });
  return { arcs, lotArcStart: arcStartsByLot(arcs, problem.lots.count), needArcs, bundleRows };
}

/** Collects text into chunks of about 64 kB, so large models stream instead of becoming one string. */
export class ChunkWriter {
  private part = '';
  constructor(private readonly write: (chunk: string) => void) {}

  add(text: string): void {
    this.part += text;
    if (this.part.length >= 65536) this.flush();
  }

  flush(): void {
    if (this.part.length > 0) this.write(this.part);
    this.part = '';
  }
}

/** Appends `coefficient name` as an LP-format term, breaking lines so no line grows long. */
function term(out: ChunkWriter, coefficient: number, name: string, first: boolean, index: number): void {
  const brk = index > 0 && index % 8 === 0 ? '\n   ' : '';
  if (coefficient < 0) out.add(`${brk} - ${formatNumber(-coefficient)} ${name}`);
  else if (first) out.add(`${brk} ${coefficient === 1 ? '' : `${formatNumber(coefficient)} `}${name}`);
  else out.add(`${brk} + ${coefficient === 1 ? '' : `${formatNumber(coefficient)} `}${name}`);
}

/** Streams the model as CPLEX LP text to `write` (chunks of ~64 kB). */
export function writeLp(
  problem: PlanningProblem,
  write: (chunk: string) => void,
  layout: ModelLayout = modelLayout(problem),
): void {
  const { arcs, lotArcStart, needArcs, bundleRows } = layout;
  const out = new ChunkWriter(write);
  out.add(
    `\\ aidgrid allocation model: ${problem.lots.count} lots, ${problem.needs.count} needs, ${arcs.count} arcs, ${bundleRows.length} bundle rows\n`,
  );
  out.add('Minimize\n obj:');
  let k = 0;
  for (let a = 0; a < arcs.count; a++) {
    const c = arcs.unitCost[a]!;
    if (c !== 0) term(out, c, arcName(arcs, a), k === 0, k++);
  }
  // Every y is written, even at cost 0, so the objective is never empty while the model has a need.
  for (let d = 0; d < problem.needs.count; d++) term(out, unmetCost(problem, d), `y_${d}`, k === 0, k++);
  if (k === 0) out.add(' 0');
  out.add('\nSubject To\n');
  for (let s = 0; s < problem.lots.count; s++) {
    const from = lotArcStart[s]!;
    const to = lotArcStart[s + 1]!;
    if (from === to) continue;
    out.add(` sup_${s}:`);
    for (let a = from; a < to; a++) term(out, 1, arcName(arcs, a), a === from, a - from);
    out.add(` <= ${formatNumber(problem.lots.quantity[s]!)}\n`);
  }
  for (let d = 0; d < problem.needs.count; d++) {
    out.add(` dem_${d}:`);
    const from = needArcs.start[d]!;
    const to = needArcs.start[d + 1]!;
    for (let k2 = from; k2 < to; k2++)
      term(out, 1, arcName(arcs, needArcs.order[k2]!), k2 === from, k2 - from);
    term(out, 1, `y_${d}`, from === to, to - from);
    out.add(` = ${formatNumber(problem.needs.quantity[d]!)}\n`);
  }
  for (const row of bundleRows) {
    out.add(` ${row.name}:`);
    let i = 0;
    for (const { need, coefficient } of row.terms) {
      for (let k2 = needArcs.start[need]!; k2 < needArcs.start[need + 1]!; k2++) {
        term(out, coefficient, arcName(arcs, needArcs.order[k2]!), i === 0, i++);
      }
    }
    out.add(' >= 0\n');
  }
  out.add('End\n');
  out.flush();
}

/** The model as one CPLEX LP string (chunks joined once). */
export function formatLp(problem: PlanningProblem, layout: ModelLayout = modelLayout(problem)): string {
  const chunks: string[] = [];
  writeLp(problem, (chunk) => chunks.push(chunk), layout);
  return chunks.join('');
}
