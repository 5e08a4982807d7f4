/** Socket failures on the way to PostgreSQL. */
const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ECONNABORTED',
  'ETIMEDOUT',
  'EPIPE',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
]);

/**
 * SQLSTATEs of a server that cannot serve us now: admin shutdown, crash shutdown, starting up,
 * too many connections. Class 08 (connection exceptions) is matched by its prefix.
 */
const OUTAGE_STATES = new Set(['57P01', '57P02', '57P03', '53300']);

/** What pg and its pool say when a connection dies, times out or cannot be had. */
const OUTAGE_MESSAGES = [
  'Connection terminated',
  'timeout exceeded when trying to connect',
  'is not queryable',
  'Cannot use a pool after calling end',
];

/**
 * TypeORM releases a query runner whose connection reports an error (PostgreSQL went away in the
 * middle of a transaction); the transaction's next query then fails with one of these instead of
 * the connection's own error.
 */
const RELEASED_RUNNER_ERRORS = new Set([
  'QueryRunnerProviderAlreadyReleasedError',
  'QueryRunnerAlreadyReleasedError',
]);

interface DriverFailure {
  code?: unknown;
  severity?: unknown;
  message?: unknown;
  driverError?: unknown;
  cause?: unknown;
}

/**
 * Whether an error means PostgreSQL is out of reach (refused, terminated, shutting down, no
 * connection within the pool's timeout) rather than that the request or the code was wrong.
 * Looks through TypeORM's wrapper (`driverError`) and `cause` chains.
 */
export function isDatabaseOutage(error: unknown): boolean {
  const seen = new Set<unknown>();
  for (let current = error; typeof current === 'object' && current !== null;) {
    if (seen.has(current)) return false;
    seen.add(current);
    const failure = current as DriverFailure;
    const code = typeof failure.code === 'string' ? failure.code : '';
    if (NETWORK_CODES.has(code) || OUTAGE_STATES.has(code) || /^08[0-9A-Z]{3}$/.test(code))
      return true;
    // A FATAL error ends the session: the server refused or dropped the connection itself.
    if (failure.severity === 'FATAL' || failure.severity === 'PANIC') return true;
    if (RELEASED_RUNNER_ERRORS.has((current as { name?: unknown }).name as string)) return true;
    const message = typeof failure.message === 'string' ? failure.message : '';
    if (OUTAGE_MESSAGES.some((known) => message.includes(known))) return true;
    current = failure.driverError ?? failure.cause;
  }
  return false;
}
