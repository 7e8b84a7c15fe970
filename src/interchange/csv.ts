/**
 * RFC 4180 CSV: fields with a comma, a double quote, CR or LF are quoted and their quotes doubled;
 * lines end with CRLF; the text is UTF-8 without a byte-order mark (HXL tools and most parsers read
 * it as is; a BOM would become part of the first header for the ones that do not strip it).
 *
 * Formula-injection guard: a spreadsheet (Excel, LibreOffice, Google Sheets) opening the file runs a
 * cell that starts with =, +, - or @ as a formula, and one such cell in a donor's name or a
 * justification can then fetch URLs or run commands on the reader's machine (OWASP "CSV injection").
 * Text cells starting with those characters, or with a tab or CR that some spreadsheets skip before
 * looking, get a leading apostrophe, which spreadsheets read as "this is text" and do not display.
 * Numbers are written as numbers and never guarded, so a negative figure stays a figure. A program
 * that wants the exact text strips one leading apostrophe before one of those characters.
 */

export type CsvCell = string | number | boolean | null | undefined;

export interface CsvOptions {
  /** Prefix risky text cells with an apostrophe (default true); only tests and raw dumps turn it off. */
  readonly formulaGuard?: boolean;
}

const FORMULA_START = /^[=+\-@\t\r]/;
const NEEDS_QUOTES = /[",\r\n]/;

/** One field: empty for null, plain decimals for numbers, quoted when RFC 4180 needs it. */
export function csvField(value: CsvCell, options: CsvOptions = {}): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new RangeError(`cannot write ${value} to CSV`);
    return String(value);
  }
  let text = String(value);
  if ((options.formulaGuard ?? true) && FORMULA_START.test(text)) text = `'${text}`;
  // Leading or trailing spaces are quoted too: RFC 4180 keeps them, but some readers trim bare ones.
  return NEEDS_QUOTES.test(text) || text !== text.trim() ? `"${text.replaceAll('"', '""')}"` : text;
}

/** One record, with its CRLF. */
export function csvRow(cells: readonly CsvCell[], options: CsvOptions = {}): string {
  return `${cells.map((cell) => csvField(cell, options)).join(',')}\r\n`;
}

/**
 * Rows in, text chunks out: one chunk per batch of rows as they arrive, so a caller can stream a
 * large export while it still reads pages from the database.
 */
export async function* csvChunks(
  batches: AsyncIterable<readonly (readonly CsvCell[])[]> | Iterable<readonly (readonly CsvCell[])[]>,
  options: CsvOptions = {},
): AsyncGenerator<string> {
  for await (const batch of batches) {
    if (batch.length > 0) yield batch.map((cells) => csvRow(cells, options)).join('');
  }
}

/** A whole table as one string: a header of field names, then one record per row. */
export function formatCsv<T>(
  columns: readonly { readonly field: string; readonly value: (row: T) => CsvCell }[],
  rows: readonly T[],
  options: CsvOptions = {},
): string {
  const header = csvRow(
    columns.map((column) => column.field),
    options,
  );
  return (
    header +
    rows
      .map((row) =>
        csvRow(
          columns.map((column) => column.value(row)),
          options,
        ),
      )
      .join('')
  );
}

/**
 * Reads RFC 4180 text back into records of strings (CRLF or LF line ends, quoted fields with
 * doubled quotes and line breaks). A final line end does not start an empty record. Throws on a
 * quote that is never closed or text right after a closing quote.
 */
export function parseCsv(text: string): string[][] {
  const records: string[][] = [];
  let record: string[] = [];
  let field = '';
  let i = 0;
  let quoted = false;
  let fieldStarted = false;
  const endField = () => {
    record.push(field);
    field = '';
    fieldStarted = false;
  };
  const endRecord = () => {
    endField();
    records.push(record);
    record = [];
  };
  while (i < text.length) {
    const char = text[i] as string;
    if (quoted) {
      if (char === '"') {
        if (text[i + 1] === '"') {
          field += '"';
          i += 2;
          continue;
        }
        quoted = false;
        i += 1;
        const next = text[i];
        if (next !== undefined && next !== ',' && next !== '\r' && next !== '\n') {
          throw new SyntaxError(`CSV: text after a closing quote at offset ${i}`);
        }
        continue;
      }
      field += char;
      i += 1;
      continue;
    }
    if (char === '"' && !fieldStarted && field === '') {
      quoted = true;
      fieldStarted = true;
      i += 1;
    } else if (char === ',') {
      endField();
      i += 1;
    } else if (char === '\r' && text[i + 1] === '\n') {
      endRecord();
      i += 2;
    } else if (char === '\n') {
      endRecord();
      i += 1;
    } else {
      field += char;
      fieldStarted = true;
      i += 1;
    }
  }
  if (quoted) throw new SyntaxError('CSV: a quoted field is never closed');
  if (fieldStarted || field !== '' || record.length > 0) endRecord();
  return records;
}
