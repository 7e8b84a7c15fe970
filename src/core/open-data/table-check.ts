import { parseCsv } from '../../interchange/csv.js';

/**
 * Our own check of a CSV against its Frictionless Table Schema (v2) and dialect: the header rows
 * match the fields, every cell fits its field's type (string, number, integer, date, boolean as
 * the Table Schema defines their default formats), required cells are present, unique and primary
 * key values do not repeat, and every record has as many cells as there are fields. It covers only
 * what aidgrid's releases use; it is not a general validator (the npm `tableschema` package is
 * unmaintained since 2020, so the tests use this instead; docs/open-data.md says so).
 */
export interface TableSchemaField {
  readonly name: string;
  readonly type: string;
  readonly constraints?: { readonly required?: boolean; readonly unique?: boolean };
}

export interface TableSchema {
  readonly fields: readonly TableSchemaField[];
  readonly primaryKey?: readonly string[];
  readonly missingValues?: readonly string[];
}

const NUMBER = /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$|^(NaN|INF|-INF)$/;
const INTEGER = /^[+-]?\d+$/;
const DATE = /^\d{4}-\d{2}-\d{2}$/;
const TRUE_VALUES = ['true', 'True', 'TRUE', '1'];
const FALSE_VALUES = ['false', 'False', 'FALSE', '0'];

function fits(type: string, cell: string): boolean {
  switch (type) {
    case 'string':
    case 'any':
      return true;
    case 'number':
      return NUMBER.test(cell);
    case 'integer':
      return INTEGER.test(cell);
    case 'date': {
      if (!DATE.test(cell)) return false;
      const day = new Date(`${cell}T00:00:00Z`);
      return !Number.isNaN(day.getTime()) && day.toISOString().slice(0, 10) === cell;
    }
    case 'boolean':
      return TRUE_VALUES.includes(cell) || FALSE_VALUES.includes(cell);
    default:
      return false;
  }
}

/** The problems of `csv` against `schema`, one line each; empty when it is valid. */
export function checkCsvAgainstSchema(
  csv: string,
  schema: TableSchema,
  dialect: { readonly headerRows?: readonly number[] } = {},
): string[] {
  const problems: string[] = [];
  const rows = parseCsv(csv);
  const headerRows = dialect.headerRows ?? [1];
  const names = schema.fields.map((field) => field.name);
  const first = rows[(headerRows[0] ?? 1) - 1] ?? [];
  if (first.join('\u0000') !== names.join('\u0000')) {
    problems.push(`header ${JSON.stringify(first)} is not the fields ${JSON.stringify(names)}`);
  }
  const dataStart = Math.max(...headerRows);
  const missing = new Set(schema.missingValues ?? ['']);
  const seen = new Map<string, Set<string>>();
  const keyed = new Set<string>(schema.primaryKey ?? []);
  for (let r = dataStart; r < rows.length; r++) {
    const row = rows[r] ?? [];
    const line = r + 1;
    if (row.length !== names.length) {
      problems.push(`row ${line}: ${row.length} cells for ${names.length} fields`);
      continue;
    }
    schema.fields.forEach((field, i) => {
      const cell = row[i] ?? '';
      const isKey = keyed.has(field.name);
      if (missing.has(cell)) {
        if (field.constraints?.required || isKey) problems.push(`row ${line}: ${field.name} is required`);
        return;
      }
      if (!fits(field.type, cell))
        problems.push(`row ${line}: ${field.name} "${cell}" is not a ${field.type}`);
      if (field.constraints?.unique || (isKey && keyed.size === 1)) {
        const values = seen.get(field.name) ?? new Set<string>();
        if (values.has(cell)) problems.push(`row ${line}: ${field.name} "${cell}" repeats`);
        values.add(cell);
        seen.set(field.name, values);
      }
    });
  }
  return problems;
}
