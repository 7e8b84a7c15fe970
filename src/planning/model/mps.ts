/**
 * The allocation model in free MPS (the rows, columns and names of lp-format.ts), and a reader of
 * MPS into a generic sparse LP, so that an exported file can be read back and solved to check it.
 */
import { unmetCost } from './arcs.js';
import { ChunkWriter, formatNumber, type ModelLayout, modelLayout } from './lp-format.js';
import type { PlanningProblem } from './types.js';

/**
 * Streams the model as free MPS: N row `obj`, L `sup_*`, E `dem_*`, G `bun_*`; columns in LP order;
 * RHS only where non-zero; no RANGES and no BOUNDS (every variable has the default bounds [0, ∞)).
 * `NAME aidgrid FREE` tells COIN-OR readers (Clp, Cbc) that names may exceed fixed MPS's 8 characters.
 */
export function writeMps(
  problem: PlanningProblem,
  write: (chunk: string) => void,
  layout: ModelLayout = modelLayout(problem),
): void {
  const { arcs, lotArcStart, bundleRows } = layout;
  const out = new ChunkWriter(write);
  const { lots, needs } = problem;
  out.add('* aidgrid allocation model (see planner-model.md)\nNAME aidgrid FREE\nROWS\n N obj\n');
  for (let s = 0; s < lots.count; s++) if (lotArcStart[s + 1]! > lotArcStart[s]!) out.add(` L sup_${s}\n`);
  for (let d = 0; d < needs.count; d++) out.add(` E dem_${d}\n`);
  for (const row of bundleRows) out.add(` G ${row.name}\n`);

  // Bundle rows by need, so that each x column lists its bundle entries without searching.
  const bundleTerms: { name: string; coefficient: number }[][] = Array.from(
    { length: needs.count },
    () => [],
  );
  for (const row of bundleRows) {
    for (const { need, coefficient } of row.terms) bundleTerms[need]!.push({ name: row.name, coefficient });
  }
  out.add('COLUMNS\n');
  for (let a = 0; a < arcs.count; a++) {
    const s = arcs.lot[a]!;
    const d = arcs.need[a]!;
    const name = `x_${s}_${d}`;
    const c = arcs.unitCost[a]!;
    if (c !== 0) out.add(` ${name} obj ${formatNumber(c)}\n`);
    out.add(` ${name} sup_${s} 1\n ${name} dem_${d} 1\n`);
    for (const t of bundleTerms[d]!) out.add(` ${name} ${t.name} ${formatNumber(t.coefficient)}\n`);
  }
  for (let d = 0; d < needs.count; d++) {
    const u = unmetCost(problem, d);
    if (u !== 0) out.add(` y_${d} obj ${formatNumber(u)}\n`);
    out.add(` y_${d} dem_${d} 1\n`);
  }
  out.add('RHS\n');
  for (let s = 0; s < lots.count; s++) {
    const q = lots.quantity[s]!;
    if (q !== 0 && lotArcStart[s + 1]! > lotArcStart[s]!) out.add(` RHS sup_${s} ${formatNumber(q)}\n`);
  }
  for (let d = 0; d < needs.count; d++) {
    const n = needs.quantity[d]!;
    if (n !== 0) out.add(` RHS dem_${d} ${formatNumber(n)}\n`);
  }
  out.add('ENDATA\n');
  out.flush();
}

/** The model as one free-MPS string (chunks joined once). */
export function formatMps(problem: PlanningProblem, layout: ModelLayout = modelLayout(problem)): string {
  const chunks: string[] = [];
  writeMps(problem, (chunk) => chunks.push(chunk), layout);
  return chunks.join('');
}

/** A linear program as read from MPS: min/max cᵀx + offset, rowLower ≤ Ax ≤ rowUpper, colLower ≤ x ≤ colUpper. */
export interface SparseLp {
  readonly name: string;
  readonly sense: 'minimize' | 'maximize';
  readonly objectiveName: string;
  readonly offset: number;
  readonly colNames: readonly string[];
  readonly colCost: Float64Array;
  readonly colLower: Float64Array;
  readonly colUpper: Float64Array;
  readonly rowNames: readonly string[];
  readonly rowLower: Float64Array;
  readonly rowUpper: Float64Array;
  /** A by column (CSC): column j's entries are rowIndex/value[colStart[j] .. colStart[j + 1]). */
  readonly colStart: Int32Array;
  readonly rowIndex: Int32Array;
  readonly value: Float64Array;
}

const SECTIONS = new Set([
  'NAME',
  'OBJSENSE',
  'OBJSENS',
  'ROWS',
  'COLUMNS',
  'RHS',
  'RANGES',
  'BOUNDS',
  'ENDATA',
]);

function parseValue(token: string | undefined, line: number): number {
  const value = Number(token);
  if (token === undefined || token === '' || Number.isNaN(value)) {
    throw new SyntaxError(`MPS line ${line}: '${token ?? ''}' is not a number`);
  }
  return value;
}

/**
 * Reads MPS (free, or fixed without spaces inside names) holding a continuous LP: ROWS N/L/G/E
 * (the first N row is the objective, later ones are dropped), COLUMNS, RHS (on the objective row:
 * minus the constant), RANGES, BOUNDS (UP LO FX FR MI PL; default [0, ∞); UP < 0 with lower 0 makes
 * lower −∞) and OBJSENSE. Integer markers and integer bounds are refused: this reader checks LPs.
 */
export function readMps(text: string): SparseLp {
  let name = '';
  let sense: SparseLp['sense'] = 'minimize';
  let objectiveName = '';
  const droppedRows = new Set<string>();
  const rowNames: string[] = [];
  const rowType: ('L' | 'G' | 'E')[] = [];
  const rowIndex = new Map<string, number>();
  const colNames: string[] = [];
  const colIndex = new Map<string, number>();
  const entryCol: number[] = [];
  const entryRow: number[] = [];
  const entryValue: number[] = [];
  const cost: number[] = [];
  const rhs: number[] = [];
  const range: number[] = [];
  let offset = 0;
  const lower: number[] = [];
  const upper: number[] = [];
  let section = '';
  let ended = false;

  const row = (rowName: string, line: number): number => {
    const i = rowIndex.get(rowName);
    if (i === undefined) throw new SyntaxError(`MPS line ${line}: unknown row '${rowName}'`);
    return i;
  };
  const column = (colName: string, line: number, create: boolean): number => {
    let j = colIndex.get(colName);
    if (j === undefined) {
      if (!create) throw new SyntaxError(`MPS line ${line}: unknown column '${colName}'`);
      j = colNames.length;
      colIndex.set(colName, j);
      colNames.push(colName);
      cost.push(0);
      lower.push(0);
      upper.push(Number.POSITIVE_INFINITY);
    }
    return j;
  };
  /** Pairs of (row, value) after an optional set name: odd token counts carry the set name. */
  const pairs = (tokens: string[], line: number, apply: (rowName: string, value: number) => void): void => {
    const from = tokens.length % 2 === 1 ? 1 : 0;
    if (tokens.length - from < 2) throw new SyntaxError(`MPS line ${line}: expected row and value`);
    for (let k = from; k + 1 < tokens.length; k += 2) apply(tokens[k]!, parseValue(tokens[k + 1], line));
  };

  const lines = text.split('\n');
  for (let n = 0; n < lines.length && !ended; n++) {
    const raw = lines[n]!;
    const line = n + 1;
    if (raw.length === 0 || raw[0] === '*') continue;
    const tokens = raw.trim().split(/\s+/);
    if (tokens.length === 1 && tokens[0] === '') continue;
    const head = tokens[0]!.toUpperCase();
    if (raw[0] !== ' ' && raw[0] !== '\t' && SECTIONS.has(head)) {
      section = head === 'OBJSENS' ? 'OBJSENSE' : head;
      if (section === 'NAME')
        name = tokens.slice(1, tokens.at(-1)?.toUpperCase() === 'FREE' ? -1 : undefined).join(' ');
      if (section === 'OBJSENSE' && tokens[1])
        sense = tokens[1].toUpperCase().startsWith('MAX') ? 'maximize' : 'minimize';
      if (section === 'ENDATA') ended = true;
      continue;
    }
    switch (section) {
      case 'OBJSENSE':
        sense = head.startsWith('MAX') ? 'maximize' : 'minimize';
        break;
      case 'ROWS': {
        const [type, rowName] = [head, tokens[1]];
        if (!rowName) throw new SyntaxError(`MPS line ${line}: row without a name`);
        if (type === 'N') {
          if (objectiveName === '') objectiveName = rowName;
          else droppedRows.add(rowName);
        } else if (type === 'L' || type === 'G' || type === 'E') {
          if (rowIndex.has(rowName))
            throw new SyntaxError(`MPS line ${line}: row '${rowName}' declared twice`);
          rowIndex.set(rowName, rowNames.length);
          rowNames.push(rowName);
          rowType.push(type);
          rhs.push(0);
          range.push(Number.NaN);
        } else throw new SyntaxError(`MPS line ${line}: unknown row type '${type}'`);
        break;
      }
      case 'COLUMNS': {
        if (tokens[1] === "'MARKER'")
          throw new SyntaxError(`MPS line ${line}: integer markers are not supported`);
        const j = column(tokens[0]!, line, true);
        if (tokens.length !== 3 && tokens.length !== 5) {
          throw new SyntaxError(`MPS line ${line}: expected column, row, value [, row, value]`);
        }
        for (let k = 1; k + 1 < tokens.length; k += 2) {
          const rowName = tokens[k]!;
          const value = parseValue(tokens[k + 1], line);
          if (rowName === objectiveName) cost[j]! += value;
          else if (!droppedRows.has(rowName)) {
            entryCol.push(j);
            entryRow.push(row(rowName, line));
            entryValue.push(value);
          }
        }
        break;
      }
      case 'RHS':
        pairs(tokens, line, (rowName, value) => {
          if (rowName === objectiveName) offset = -value;
          else if (!droppedRows.has(rowName)) rhs[row(rowName, line)] = value;
        });
        break;
      case 'RANGES':
        pairs(tokens, line, (rowName, value) => {
          if (!droppedRows.has(rowName)) range[row(rowName, line)] = value;
        });
        break;
      case 'BOUNDS': {
        const noValue = head === 'FR' || head === 'MI' || head === 'PL';
        if (head === 'BV' || head === 'LI' || head === 'UI' || head === 'SC') {
          throw new SyntaxError(
            `MPS line ${line}: bound type ${head} (integer or semi-continuous) is not supported`,
          );
        }
        const expected = noValue ? [2, 3] : [3, 4];
        if (!expected.includes(tokens.length)) throw new SyntaxError(`MPS line ${line}: malformed bound`);
        const hasSet = tokens.length === expected[1];
        const j = column(tokens[hasSet ? 2 : 1]!, line, false);
        const value = noValue ? 0 : parseValue(tokens[hasSet ? 3 : 2], line);
        switch (head) {
          case 'UP':
            upper[j] = value;
            if (value < 0 && lower[j] === 0) lower[j] = Number.NEGATIVE_INFINITY;
            break;
          case 'LO':
            lower[j] = value;
            break;
          case 'FX':
            lower[j] = value;
            upper[j] = value;
            break;
          case 'FR':
            lower[j] = Number.NEGATIVE_INFINITY;
            upper[j] = Number.POSITIVE_INFINITY;
            break;
          case 'MI':
            lower[j] = Number.NEGATIVE_INFINITY;
            break;
          case 'PL':
            upper[j] = Number.POSITIVE_INFINITY;
            break;
          default:
            throw new SyntaxError(`MPS line ${line}: unknown bound type '${head}'`);
        }
        break;
      }
      default:
        throw new SyntaxError(`MPS line ${line}: data outside a section`);
    }
  }
  if (!ended) throw new SyntaxError('MPS: missing ENDATA');

  const m = rowNames.length;
  const rowLower = new Float64Array(m);
  const rowUpper = new Float64Array(m);
  for (let i = 0; i < m; i++) {
    const b = rhs[i]!;
    const r = range[i]!;
    const type = rowType[i]!;
    if (type === 'L') {
      rowLower[i] = Number.isNaN(r) ? Number.NEGATIVE_INFINITY : b - Math.abs(r);
      rowUpper[i] = b;
    } else if (type === 'G') {
      rowLower[i] = b;
      rowUpper[i] = Number.isNaN(r) ? Number.POSITIVE_INFINITY : b + Math.abs(r);
    } else {
      rowLower[i] = Number.isNaN(r) || r >= 0 ? b : b + r;
      rowUpper[i] = Number.isNaN(r) || r <= 0 ? b : b + r;
    }
  }

  // CSC by counting sort; repeated (row, column) entries are summed, as MPS readers do.
  const ncol = colNames.length;
  const colStart = new Int32Array(ncol + 1);
  for (const j of entryCol) colStart[j + 1]!++;
  for (let j = 0; j < ncol; j++) colStart[j + 1]! += colStart[j]!;
  const fill = colStart.slice(0, ncol);
  const rows = new Int32Array(entryCol.length);
  const values = new Float64Array(entryCol.length);
  const seen = new Int32Array(m).fill(-1);
  const write = new Int32Array(ncol + 1);
  for (let k = 0; k < entryCol.length; k++) {
    const p = fill[entryCol[k]!]!++;
    rows[p] = entryRow[k]!;
    values[p] = entryValue[k]!;
  }
  let w = 0;
  for (let j = 0; j < ncol; j++) {
    write[j] = w;
    const first = w;
    for (let p = colStart[j]!; p < colStart[j + 1]!; p++) {
      const i = rows[p]!;
      const at = seen[i]!;
      if (at >= first) values[at]! += values[p]!;
      else {
        seen[i] = w;
        rows[w] = i;
        values[w] = values[p]!;
        w++;
      }
    }
  }
  write[ncol] = w;
  return {
    name,
    sense,
    objectiveName,
    offset,
    colNames,
    colCost: Float64Array.from(cost),
    colLower: Float64Array.from(lower),
    colUpper: Float64Array.from(upper),
    rowNames,
    rowLower,
    rowUpper,
    colStart: write,
    rowIndex: rows.slice(0, w),
    value: values.slice(0, w),
  };
}
