import { DomainError } from '../core/errors.js';

/** Prints a result for people, or as one JSON document for programs (--json). */
export function printResult(json: boolean, value: unknown, text: () => string): void {
  process.stdout.write(json ? `${JSON.stringify(value, null, 2)}\n` : `${text()}\n`);
}

/** The exit codes of every command (README "Exit codes" and `aidgrid --help`). */
export const EXIT = {
  ok: 0,
  /** Something failed that the input did not cause: the database is down, a bug. */
  failure: 1,
  /** The command line or the data given is not valid (an unknown option, a bad value). */
  usage: 2,
  /** What was named does not exist. */
  notFound: 3,
  /** It exists but the change conflicts with its state: stale, in use, ambiguous, duplicate. */
  conflict: 4,
  /** Not allowed: no credentials, or not for this role. */
  forbidden: 5,
} as const;

export const EXIT_CODES_HELP = `
Exit codes:
  0  done
  1  failed for a reason outside the input (database unreachable, a bug)
  2  usage: an unknown option or a value that is not valid
  3  not found: no record of that id or name
  4  conflict: the record changed, is in use, or the name is ambiguous
  5  not allowed`;

/** A failure the CLI itself raises, with its exit code and an optional line of advice. */
export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode: number = EXIT.usage,
    readonly hint?: string,
  ) {
    super(message);
  }
}

/** What the user reads about a failure, and the exit code. */
export interface Failure {
  readonly message: string;
  readonly hint?: string;
  readonly exitCode: number;
}

function exitCodeOf(status: number): number {
  if (status === 404) return EXIT.notFound;
  if (status === 409 || status === 412 || status === 428) return EXIT.conflict;
  if (status === 401 || status === 403) return EXIT.forbidden;
  if (status >= 400 && status < 500) return EXIT.usage;
  return EXIT.failure;
}

const HINTS: Readonly<Record<string, string>> = {
  unknown_name: 'give the id, the code or the exact name',
  ambiguous_name: 'give the id or the code instead of the name',
  invalid_id: 'copy the id from a list or --json output, or give the name where the option takes one',
  stale_version: 'read the record again and repeat the change',
};

/** A PostgreSQL error (node-postgres): a five-character SQLSTATE and a severity. */
function isDatabaseError(
  error: unknown,
): error is Error & { code: string; constraint?: string; table?: string } {
  const candidate = error as { code?: unknown; severity?: unknown };
  return (
    typeof candidate?.code === 'string' && /^[0-9A-Z]{5}$/.test(candidate.code) && 'severity' in candidate
  );
}

/**
 * One sentence for any failure, never a database message: domain errors say what they say,
 * database errors are told in words (a value that is not an id, a broken rule), anything else
 * from the database is "refused" with its SQLSTATE only.
 */
export function describeFailure(error: unknown): Failure {
  if (error instanceof CliError) {
    return { message: error.message, exitCode: error.exitCode, ...(error.hint ? { hint: error.hint } : {}) };
  }
  if (error instanceof DomainError) {
    const hint = HINTS[error.code];
    return { message: error.message, exitCode: exitCodeOf(error.status), ...(hint ? { hint } : {}) };
  }
  if (isDatabaseError(error)) {
    if (error.code === '22P02') {
      const value = /"(.*)"/.exec(error.message)?.[1];
      return {
        message: `${value ?? 'a value given'} is not a valid id`,
        exitCode: EXIT.usage,
        hint: HINTS.invalid_id,
      };
    }
    if (
      error.code === '23514' ||
      error.code === '23502' ||
      error.code === '22007' ||
      error.code === '22008'
    ) {
      return {
        message: `the ${error.table ?? 'record'} has a value that is not allowed`,
        exitCode: EXIT.usage,
        hint: 'see the allowed values with --help',
      };
    }
    if (error.code === '23505') {
      return { message: `a ${error.table ?? 'record'} like this already exists`, exitCode: EXIT.conflict };
    }
    return {
      message: `the database refused the command (SQLSTATE ${error.code})`,
      exitCode: EXIT.failure,
      hint: 'if it happens again, report it with the command you ran',
    };
  }
  const message = error instanceof Error ? error.message : String(error);
  return { message: message.split('\n')[0] ?? message, exitCode: EXIT.failure };
}

/** The CLI's error: one line `aidgrid: …`, where it helps one `hint: …`, and the exit code. */
export function failWith(error: unknown): never {
  const failure = describeFailure(error);
  process.stderr.write(`aidgrid: ${failure.message.replace(/^aidgrid: /, '')}\n`);
  if (failure.hint) process.stderr.write(`hint: ${failure.hint}\n`);
  process.exit(failure.exitCode);
}

/** Commander's own messages (unknown option, missing argument) in the same `aidgrid: …` form. */
export const CLI_OUTPUT = {
  writeErr: (text: string) => process.stderr.write(text),
  outputError: (text: string, write: (text: string) => void) => write(text.replace(/^error: /, 'aidgrid: ')),
};

export const USAGE_HINT = 'hint: run aidgrid --help (or aidgrid <command> --help) for usage';

const NUMBER = new Intl.NumberFormat('en-GB', { maximumFractionDigits: 3 });

/** A number for people: thousands separated, at most three decimals (1,234,567.5). */
export function formatNumber(value: number | string): string {
  const number = typeof value === 'string' ? Number(value) : value;
  return Number.isFinite(number) ? NUMBER.format(number) : String(value);
}

/** The plural of a noun or unit; symbols (kg, MWh, m3) have none. */
export function pluralOf(noun: string): string {
  if (noun.length <= 2 || /[A-Z0-9]/.test(noun) || ['kwh', 'mwh', 'kva'].includes(noun)) return noun;
  if (/[^aeiou]y$/.test(noun)) return `${noun.slice(0, -1)}ies`;
  if (/(s|x|ch|sh)$/.test(noun)) return `${noun}es`;
  return `${noun}s`;
}

/** A count with its noun in the right number: "1 unit", "2 units", "12,500 rounds", "3 kg". */
export function count(value: number | string, singular: string, plural = pluralOf(singular)): string {
  return `${formatNumber(value)} ${Number(value) === 1 ? singular : plural}`;
}
