/** Node's socket errors that mean the database server cannot be reached or went away. */
const SOCKET_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'EPIPE',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
]);

/**
 * SQLSTATEs of a server that is not serving: 08 (connection exception), 57P01–57P03 (terminated by
 * a shutdown or a crash, or still starting up / recovering), 53300 (no connection slot left).
 */
function isUnavailableState(code: string): boolean {
  return (
    code.startsWith('08') || code === '57P01' || code === '57P02' || code === '57P03' || code === '53300'
  );
}

// node-postgres reports a lost or unobtainable connection with these messages and no code.
const CLIENT_MESSAGES = [
  'Connection terminated',
  'timeout exceeded when trying to connect',
  'is not queryable',
  'Cannot use a pool after calling end on the pool',
];

/** Whether an error means "the database is unreachable now" (retry later) rather than a fault of the request or the code. */
export function isDatabaseUnavailable(error: unknown, depth = 0): boolean {
  if (typeof error !== 'object' || error === null || depth > 3) return false;
  const code = 'code' in error ? String(error.code) : '';
  if (SOCKET_CODES.has(code) || (/^[0-9A-Z]{5}$/.test(code) && isUnavailableState(code))) return true;
  const message = 'message' in error ? String(error.message) : '';
  if (CLIENT_MESSAGES.some((text) => message.includes(text))) return true;
  if (error instanceof AggregateError)
    return error.errors.some((inner) => isDatabaseUnavailable(inner, depth + 1));
  return 'cause' in error && isDatabaseUnavailable(error.cause, depth + 1);
}
