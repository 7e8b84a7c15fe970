/** Prints a result for people, or as one JSON document for programs (--json). */
export function printResult(json: boolean, value: unknown, text: () => string): void {
  process.stdout.write(json ? `${JSON.stringify(value, null, 2)}\n` : `${text()}\n`);
}

/** The CLI's one-line error: the message alone, never a stack, and a non-zero exit. */
export function failWith(error: unknown): never {
  const message = error instanceof Error ? error.message : String(error);
  process.stderr.write(`aidgrid: ${message.split('\n')[0]}\n`);
  process.exit(1);
}
