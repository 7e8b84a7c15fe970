import { type FieldProblem, ProblemList } from '../errors.js';
import { checkDate, checkText } from '../shared/values.js';
import { Decimal } from './decimal.js';
import type { FxRateInput } from './fx.schema.js';

/** The columns of a rate file, in any order, named in a header line. */
export const FX_CSV_COLUMNS = ['currency', 'date', 'eur_per_unit', 'source'] as const;
type Column = (typeof FX_CSV_COLUMNS)[number];

/** eur_per_unit is numeric(20, 10): at most 10 digits before and 10 after the point. */
const MAX_INTEGER_DIGITS = 10;
const MAX_FRACTION_DIGITS = 10;
export const MAX_SOURCE_LENGTH = 200;

/** Checks one rate; problems are named `<prefix>currency`, `<prefix>eur_per_unit`, … */
export function checkFxRate(
  problems: ProblemList,
  rate: { currency: string; rate_on: string; eur_per_unit: string; source: string },
  names: { prefix: string; rate_on: string } = { prefix: '', rate_on: 'rate_on' },
): void {
  const { prefix } = names;
  if (!/^[A-Z]{3}$/.test(rate.currency)) {
    problems.add(`${prefix}currency`, `"${rate.currency}" is not an ISO 4217 code such as USD`);
  } else if (rate.currency === 'EUR') {
    problems.add(`${prefix}currency`, 'EUR is the base currency; its rate is 1 by definition');
  }
  checkDate(problems, `${prefix}${names.rate_on}`, rate.rate_on);
  const value = /^\d+(\.\d+)?$/.test(rate.eur_per_unit) ? Decimal.parse(rate.eur_per_unit) : undefined;
  if (!value) {
    problems.add(`${prefix}eur_per_unit`, `"${rate.eur_per_unit}" is not a decimal number such as 0.9712`);
  } else if (!value.isPositive()) {
    problems.add(`${prefix}eur_per_unit`, 'must be greater than zero');
  } else if (value.fractionDigits > MAX_FRACTION_DIGITS) {
    problems.add(`${prefix}eur_per_unit`, `must have at most ${MAX_FRACTION_DIGITS} decimals`);
  } else if (value.integerDigits > MAX_INTEGER_DIGITS) {
    problems.add(`${prefix}eur_per_unit`, `must have at most ${MAX_INTEGER_DIGITS} digits before the point`);
  }
  checkText(problems, `${prefix}source`, rate.source, MAX_SOURCE_LENGTH);
}

/**
 * Fields of one CSV line, or why it cannot be read. Quoting as in RFC 4180 ("a, b" and
 * "say ""hi"""); spaces around a quoted field are allowed; a quoted field cannot span lines.
 */
export function splitCsvLine(line: string): string[] | { error: string } {
  const fields: string[] = [];
  let i = 0;
  for (;;) {
    let field = '';
    while (line[i] === ' ' || line[i] === '\t') field += line[i++];
    if (line[i] === '"') {
      field = '';
      i++;
      for (;;) {
        if (i >= line.length)
          return { error: 'a quoted field is not closed (quoted fields cannot span lines)' };
        if (line[i] === '"' && line[i + 1] === '"') {
          field += '"';
          i += 2;
        } else if (line[i] === '"') {
          i++;
          break;
        } else field += line[i++];
      }
      while (line[i] === ' ' || line[i] === '\t') i++;
      if (i < line.length && line[i] !== ',')
        return { error: `text after a closing quote at column ${i + 1}` };
    } else {
      while (i < line.length && line[i] !== ',') field += line[i++];
    }
    fields.push(field);
    if (i >= line.length) return fields;
    i++; // the comma
  }
}

export interface FxCsvResult {
  /** The rates of every line, in file order; meaningful only when there are no problems. */
  readonly rates: FxRateInput[];
  /** Every problem of every line, each named `line <n>: <column>`. */
  readonly problems: FieldProblem[];
}

/**
 * Reads a rate file `currency,date,eur_per_unit,source` with a header line. Every line is checked
 * and every problem reported with its line number, so that one round trip fixes the whole file.
 * Blank lines are skipped (but counted); a UTF-8 byte order mark is ignored.
 */
export function parseFxCsv(text: string): FxCsvResult {
  const problems = new ProblemList();
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  const headerIndex = lines.findIndex((line) => line.trim() !== '');
  if (headerIndex < 0) {
    problems.add('line 1', `the file is empty; it needs the header ${FX_CSV_COLUMNS.join(',')}`);
    return { rates: [], problems: problems.items };
  }
  const header = splitCsvLine(lines[headerIndex]!);
  const names = Array.isArray(header) ? header.map((name) => name.trim().toLowerCase()) : [];
  const wanted = new Set<string>(FX_CSV_COLUMNS);
  if (
    names.length !== FX_CSV_COLUMNS.length ||
    new Set(names).size !== names.length ||
    !names.every((name) => wanted.has(name))
  ) {
    problems.add(
      `line ${headerIndex + 1}`,
      `the header must name the columns ${FX_CSV_COLUMNS.join(',')} (in any order), not "${lines[headerIndex]}"`,
    );
    return { rates: [], problems: problems.items };
  }
  const position = Object.fromEntries(names.map((name, index) => [name, index])) as Record<Column, number>;

  const rates: FxRateInput[] = [];
  const firstLineOf = new Map<string, number>();
  for (let index = headerIndex + 1; index < lines.length; index++) {
    const line = lines[index]!;
    if (line.trim() === '') continue;
    const number = index + 1;
    const at = `line ${number}: `;
    const fields = splitCsvLine(line);
    if (!Array.isArray(fields)) {
      problems.add(`line ${number}`, fields.error);
      continue;
    }
    if (fields.length !== FX_CSV_COLUMNS.length) {
      problems.add(`line ${number}`, `has ${fields.length} fields; expected ${FX_CSV_COLUMNS.length}`);
      continue;
    }
    const cell = (column: Column) => fields[position[column]]!.trim();
    const rate = {
      currency: cell('currency'),
      rate_on: cell('date'),
      eur_per_unit: cell('eur_per_unit'),
      source: cell('source'),
    };
    checkFxRate(problems, rate, { prefix: at, rate_on: 'date' });
    const key = `${rate.currency} ${rate.rate_on}`;
    const first = firstLineOf.get(key);
    if (first !== undefined) problems.add(`line ${number}`, `repeats the rate of ${key} from line ${first}`);
    else firstLineOf.set(key, number);
    rates.push(rate);
  }
  if (rates.length === 0 && problems.items.length === 0) {
    problems.add(`line ${headerIndex + 2}`, 'the file has a header but no rates');
  }
  return { rates, problems: problems.items };
}
