import ExcelJS from 'exceljs';
import { type CsvRecord, UnreadableFile } from './csv-source.js';
import type { DecimalMark } from './values.js';

/**
 * Reading XLSX workbooks with exceljs's streaming reader: rows arrive one at a time, so a sheet of a
 * million rows is never held whole. Each row becomes a record as a CSV line would (its row number as
 * the line), its cells as text the value readers understand: numbers as decimal strings (with the
 * mapping's decimal mark, never exponent notation or binary noise), date cells as ISO days, rich
 * text and hyperlinks as their plain text. Formula and error cells are refused with their address.
 */

/** A ZIP archive's local file header: how every .xlsx file begins. */
export function isZip(head: Buffer): boolean {
  return head.length >= 4 && head[0] === 0x50 && head[1] === 0x4b && head[2] === 0x03 && head[3] === 0x04;
}

export interface XlsxOptions {
  /** The sheet to read, by name (default: the first). */
  readonly sheet?: string;
  /** The mapping's decimal mark: numbers are written with it so the value readers take them as written. */
  readonly decimal?: DecimalMark;
}

export class SheetNotFound extends UnreadableFile {}

/**
 * A number as a decimal string: at most 15 significant digits (what Excel shows; the 16th and 17th
 * are binary noise, 0.1+0.2 stored as 0.30000000000000004), never in exponent notation.
 */
export function decimalText(value: number): string {
  if (!Number.isFinite(value)) return String(value);
  if (value === 0) return '0';
  const [mantissa = '0', exp = '0'] = value.toExponential(14).split('e');
  const negative = mantissa.startsWith('-');
  const digits = mantissa.replace(/^-/, '').replace('.', '').replace(/0+$/, '') || '0';
  const point = Number(exp) + 1; // digits before the decimal point
  let text: string;
  if (point <= 0) text = `0.${'0'.repeat(-point)}${digits}`;
  else if (point >= digits.length) text = digits + '0'.repeat(point - digits.length);
  else text = `${digits.slice(0, point)}.${digits.slice(point)}`;
  return negative ? `-${text}` : text;
}

interface CellLike {
  readonly value: unknown;
  readonly address: string;
  readonly col: number | string;
}

type CellText = { text: string } | { problem: string };

function cellText(cell: CellLike, decimal: DecimalMark): CellText {
  const v = cell.value;
  if (v === null || v === undefined) return { text: '' };
  if (typeof v === 'number') {
    const text = decimalText(v);
    return { text: decimal === ',' ? text.replace('.', ',') : text };
  }
  if (typeof v === 'string') return { text: v };
  if (typeof v === 'boolean') return { text: v ? 'true' : 'false' };
  if (v instanceof Date) {
    if (Number.isNaN(v.getTime())) return { problem: `${cell.address}: the date cell holds no valid date` };
    // Excel dates have no zone: exceljs gives the day at UTC midnight (plus the time of day, if any).
    return { text: v.toISOString().slice(0, 10) };
  }
  if (typeof v === 'object') {
    const o = v as Record<string, unknown>;
    if ('formula' in o || 'sharedFormula' in o) {
      const formula =
        typeof o.formula === 'string' ? o.formula : `shared formula of ${String(o.sharedFormula)}`;
      return {
        problem: `${cell.address}: formula cells are not imported (=${formula.slice(0, 80)}); paste values instead`,
      };
    }
    if (Array.isArray(o.richText)) {
      return { text: o.richText.map((run) => String((run as { text?: unknown }).text ?? '')).join('') };
    }
    if ('error' in o) return { problem: `${cell.address}: the cell is an error (${String(o.error)})` };
    if ('text' in o) {
      const t = o.text;
      if (typeof t === 'string') return { text: t };
      if (t && typeof t === 'object' && Array.isArray((t as { richText?: unknown }).richText)) {
        return {
          text: ((t as { richText: { text?: unknown }[] }).richText ?? [])
            .map((run) => String(run.text ?? ''))
            .join(''),
        };
      }
    }
  }
  return { problem: `${cell.address}: a cell of a kind aidgrid cannot read` };
}

function columnIndex(cell: CellLike): number {
  if (typeof cell.col === 'number') return cell.col - 1;
  const letters = /^[A-Z]+/.exec(cell.address)?.[0] ?? 'A';
  let n = 0;
  for (const c of letters) n = n * 26 + (c.charCodeAt(0) - 64);
  return n - 1;
}

/**
 * Streams the rows of one sheet as records. Wholly empty rows are skipped (merged areas leave
 * their other cells empty); rows are padded to the width of the first row with content (the
 * header), so empty trailing cells do not make a row look ragged. Formula and error cells become
 * problems of their row (`cellProblems`) naming the cell's address and its column's header.
 */
export async function* readXlsxRecords(path: string, options: XlsxOptions = {}): AsyncGenerator<XlsxRecord> {
  try {
    yield* readRows(path, options);
  } catch (error) {
    if (error instanceof UnreadableFile) throw error;
    // The reader's own messages (unzip, XML) mean nothing to whoever saved the workbook.
    throw new UnreadableFile(
      'the workbook cannot be read: a damaged, truncated or password-protected .xlsx file',
      'open it in the spreadsheet and save it again as .xlsx, or as "CSV UTF-8"',
    );
  }
}

type XlsxRecord = CsvRecord & { cellProblems?: { column: string; reason: string }[] };

async function* readRows(path: string, options: XlsxOptions): AsyncGenerator<XlsxRecord> {
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(path, {
    sharedStrings: 'cache',
    styles: 'cache',
    hyperlinks: 'cache',
    worksheets: 'emit',
    entries: 'emit',
  });
  const decimal = options.decimal ?? 'auto';
  let sheets = 0;
  let read = false;
  for await (const sheet of reader) {
    sheets++;
    const name = (sheet as unknown as { name?: string }).name;
    if (read || (options.sheet !== undefined && name !== options.sheet)) {
      // The reader must still be drained to reach the next sheet.
      for await (const _row of sheet) {
        // skipped
      }
      continue;
    }
    read = true;
    let header: string[] | undefined;
    for await (const row of sheet) {
      const fields: string[] = [];
      const problems: { column: string; reason: string }[] = [];
      (row as ExcelJS.Row).eachCell({ includeEmpty: false }, (cell) => {
        const at = columnIndex(cell as unknown as CellLike);
        while (fields.length < at) fields.push('');
        const read = cellText(cell as unknown as CellLike, decimal);
        if ('text' in read) fields[at] = read.text;
        else {
          fields[at] = '';
          problems.push({ column: header?.[at] ?? '', reason: read.problem });
        }
      });
      if (problems.length === 0 && fields.every((f) => f.trim() === '')) continue;
      if (header === undefined) header = [...fields];
      while (fields.length < header.length) fields.push('');
      const number = (row as ExcelJS.Row).number;
      yield problems.length > 0 ? { line: number, fields, cellProblems: problems } : { line: number, fields };
    }
  }
  if (!read) {
    throw new SheetNotFound(
      sheets === 0
        ? 'the workbook has no sheets'
        : `the workbook has no sheet named "${options.sheet ?? ''}"`,
    );
  }
}
