import type { FieldProblem } from '../errors.js';

/*
 * Schema errors (Ajv's on the server, TypeBox's Value.Errors in the CLI and the web forms; both
 * use Ajv's shape) turned into sentences a person can act on: the field in words, the allowed
 * values, bounds and an example. One module, so the API, the CLI and the forms say the same.
 */

/** One schema error as Ajv and TypeBox report it. */
export interface SchemaError {
  readonly instancePath?: string;
  readonly keyword?: string;
  readonly message?: string;
  readonly params?: Readonly<Record<string, unknown>>;
}

/** Example values for the string patterns the schemas use; each matches its pattern. */
export const PATTERN_EXAMPLES: Readonly<Record<string, string>> = {
  '^[A-Z]{2}$': 'UA',
  '^-?[a-z_]+$': '-needed_by',
  '^[A-Z]{2}-[A-Z0-9]{1,3}$': 'UA-32',
  '^[a-z0-9-]+(/[a-z0-9-]+)*$': 'non-lethal/winter',
  '^[A-Z0-9][A-Z0-9._-]{0,39}$': 'GEN-100KVA',
  '^[A-Z0-9][A-Z0-9._-]{0,59}$': 'GEN-100KVA',
  '^\\d{1,17}(\\.\\d{1,2})?$': '1250000.00',
  '^[A-Z]{3}$': 'EUR',
  '^-?\\d+(\\.\\d+)?$': '120.5',
  '^\\d+(\\.\\d+)?$': '120.5',
  '^\\d{4}-W(0[1-9]|[1-4]\\d|5[0-3])$': '2022-W48',
  '^https?://': 'https://www.example.org/reports/2022-11-24',
  '^\\d{1,10}(\\.\\d{1,10})?$': '1.0395',
  '^\\d{1,18}\\.\\d{2}$': '1250000.00',
  '^[a-z][a-z0-9_]{0,59}$': 'heat_outage_generators',
  '^\\d{4}-(0[1-9]|1[0-2])$': '2022-12',
};

/** Example values for the string formats, with how to write them. */
export const FORMAT_EXAMPLES: Readonly<Record<string, { readonly example: string; readonly what: string }>> =
  {
    uuid: { example: '0190f5c2-7d1e-7a3b-9c4d-5e6f7a8b9c0d', what: 'an id (a UUID)' },
    date: { example: '2022-11-24', what: 'a date (YYYY-MM-DD)' },
    'date-time': { example: '2022-11-24T09:30:00Z', what: 'a UTC time (ISO 8601)' },
    uri: { example: 'https://www.example.org/reports/2022-11-24', what: 'a URL' },
    email: { example: 'anna.coordinator@example.org', what: 'an email address' },
  };

const WORDS: Readonly<Record<string, string>> = { org: 'organisation', eur: 'EUR', fx: 'FX', hxl: 'HXL' };

/** A JSON field name in words: `recipient_org_id` → "recipient organisation", `needed_by` → "needed by". */
export function fieldWords(field: string): string {
  const segments = field.split('.');
  const last = segments.at(-1) ?? field;
  if (/^\d+$/.test(last) && segments.length > 1) {
    return `${fieldWords(segments.slice(0, -1).join('.'))} entry ${Number(last) + 1}`;
  }
  const parts = last.split('_').filter(Boolean);
  if (parts.length > 1 && parts.at(-1) === 'id') parts.pop();
  return parts.map((part) => WORDS[part] ?? part).join(' ') || field;
}

/** The field at fault, named as the JSON body names it (`quantity`, `lines.0.quantity`). */
function fieldOf(error: SchemaError, context: string | undefined): string {
  const base = (error.instancePath ?? '').replace(/^\//, '').replaceAll('/', '.');
  return base || context || 'body';
}

const TYPE_WORDS: Readonly<Record<string, string>> = {
  number: 'a number, e.g. 120',
  integer: 'a whole number, e.g. 3',
  string: 'text',
  boolean: 'true or false',
  array: 'a list',
  object: 'an object with named fields',
  null: 'empty (null)',
};

/** One sentence for one error whose field is already named; undefined for errors said better by others. */
function sentence(error: SchemaError, label: string): string | undefined {
  const params = error.params ?? {};
  switch (error.keyword) {
    case 'enum':
      return `${label} must be one of ${(params.allowedValues as unknown[]).join(', ')}`;
    case 'const':
      return `${label} must be ${String(params.allowedValue)}`;
    case 'type': {
      const types = [params.type].flat().map((t) => TYPE_WORDS[String(t)] ?? String(t));
      return `${label} must be ${types.join(' or ')}`;
    }
    case 'format': {
      const format = FORMAT_EXAMPLES[String(params.format)];
      return format
        ? `${label} must be ${format.what}, e.g. ${format.example}`
        : `${label} must be in the format ${String(params.format)}`;
    }
    case 'minimum':
      return `${label} must be at least ${params.limit}`;
    case 'exclusiveMinimum':
      return `${label} must be greater than ${params.limit}`;
    case 'maximum':
      return `${label} must be at most ${params.limit}`;
    case 'exclusiveMaximum':
      return `${label} must be less than ${params.limit}`;
    case 'multipleOf':
      return Number(params.multipleOf) === 0.001
        ? `${label} must have at most 3 decimals, e.g. 12.5`
        : `${label} must be a multiple of ${params.multipleOf}`;
    case 'minLength':
      return Number(params.limit) === 1
        ? `${label} must not be empty`
        : `${label} must be at least ${params.limit} characters long`;
    case 'maxLength':
      return `${label} must be at most ${params.limit} characters long`;
    case 'pattern': {
      const example = PATTERN_EXAMPLES[String(params.pattern)];
      return example ? `${label} must look like ${example}` : `${label} must match ${String(params.pattern)}`;
    }
    case 'minItems':
      return `${label} must have at least ${params.limit} ${Number(params.limit) === 1 ? 'entry' : 'entries'}`;
    case 'maxItems':
      return `${label} must have at most ${params.limit} ${Number(params.limit) === 1 ? 'entry' : 'entries'}`;
    case 'uniqueItems':
      return `${label} must not list the same entry twice`;
    case 'anyOf':
    case 'oneOf':
    case 'boolean':
      return undefined;
    default:
      return `${label} ${error.message ?? 'is not valid'}`;
  }
}

/**
 * Field problems, one per field, in the order the schema reported them: a missing field in
 * words ("recipient organisation is required"), a closed set with its values ("priority must be
 * one of critical, high, medium, low"), a bound with its limit, a format with an example.
 */
export function explainSchemaErrors(errors: readonly SchemaError[], context?: string): FieldProblem[] {
  const problems: FieldProblem[] = [];
  const byField = new Map<string, SchemaError[]>();
  for (const error of errors) {
    const field = fieldOf(error, context);
    const missing = [
      error.params?.missingProperty,
      ...((error.params?.requiredProperties as unknown[] | undefined) ?? []),
    ].filter((name): name is string => typeof name === 'string');
    if (error.keyword === 'required') {
      for (const name of missing) {
        const path = field === (context || 'body') ? name : `${field}.${name}`;
        problems.push({ field: path, message: `${fieldWords(name)} is required` });
      }
      continue;
    }
    const extra = [error.params?.additionalProperty, error.params?.additionalProperties]
      .flat()
      .filter((name): name is string => typeof name === 'string');
    if (error.keyword === 'additionalProperties') {
      for (const name of extra) {
        const path = field === (context || 'body') ? name : `${field}.${name}`;
        problems.push({ field: path, message: `${name} is not a known field; leave it out` });
      }
      continue;
    }
    byField.set(field, [...(byField.get(field) ?? []), error]);
  }
  for (const [field, fieldErrors] of byField) {
    const label = fieldWords(field);
    // A union of constants fails once per constant: say them all at once.
    const constants = fieldErrors.filter((e) => e.keyword === 'const').map((e) => e.params?.allowedValue);
    if (constants.length > 1) {
      problems.push({ field, message: `${label} must be one of ${constants.join(', ')}` });
      continue;
    }
    const said = fieldErrors.map((error) => sentence(error, label)).find((text) => text !== undefined);
    problems.push({ field, message: said ?? `${label} is not valid` });
  }
  const seen = new Set<string>();
  return problems.filter((problem) => {
    if (seen.has(problem.field)) return false;
    seen.add(problem.field);
    return true;
  });
}
