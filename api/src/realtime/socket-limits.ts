/** Limits on what one client may ask of the socket server (docs/reliability.md). */
export interface SocketLimits {
  /** Events a connection may send per second on average, and in one burst. */
  perConnection: { ratePerSecond: number; burst: number };
  /** The same for all connections of one user in this process. */
  perUser: { ratePerSecond: number; burst: number };
  /** Handlers of one connection running at once; an event beyond that is refused, not queued. */
  maxInFlight: number;
  /** Refused events within `abuseWindowMs` after which the connection is cut. */
  abuseThreshold: number;
  abuseWindowMs: number;
}

export const DEFAULT_SOCKET_LIMITS: SocketLimits = {
  perConnection: { ratePerSecond: 10, burst: 30 },
  perUser: { ratePerSecond: 30, burst: 90 },
  maxInFlight: 4,
  abuseThreshold: 60,
  abuseWindowMs: 10_000,
};

export type Admission = 'ok' | 'limited' | 'abusive';

/** A token bucket: `burst` tokens, refilled at `ratePerSecond`. */
class TokenBucket {
  private tokens: number;
  private refilledAt: number;

  constructor(
    private readonly limit: { ratePerSecond: number; burst: number },
    now: number,
  ) {
    this.tokens = limit.burst;
    this.refilledAt = now;
  }

  take(now: number): boolean {
    const elapsed = (now - this.refilledAt) / 1000;
    this.tokens = Math.min(this.limit.burst, this.tokens + elapsed * this.limit.ratePerSecond);
    this.refilledAt = now;
    if (this.tokens < 1) return false;
    this.tokens -= 1;
    return true;
  }
}

interface ConnectionState {
  userId: string;
  bucket: TokenBucket;
  inFlight: number;
  refusals: number[];
}

/**
 * Admission control for client events: rate per connection and per user (token buckets), a bound
 * on handlers in flight per connection, and a verdict of abuse when a connection keeps being
 * refused. Everything is O(1) per event, so a flood costs the server almost nothing.
 */
export class SocketLimiter {
  private readonly connections = new Map<string, ConnectionState>();
  private readonly users = new Map<string, { bucket: TokenBucket; connections: number }>();

  constructor(
    private readonly limits: SocketLimits = DEFAULT_SOCKET_LIMITS,
    private readonly now: () => number = Date.now,
  ) {}

  connect(connectionId: string, userId: string): void {
    const now = this.now();
    this.connections.set(connectionId, {
      userId,
      bucket: new TokenBucket(this.limits.perConnection, now),
      inFlight: 0,
      refusals: [],
    });
    const user = this.users.get(userId);
    if (user) user.connections += 1;
    else
      this.users.set(userId, { bucket: new TokenBucket(this.limits.perUser, now), connections: 1 });
  }

  disconnect(connectionId: string): void {
    const connection = this.connections.get(connectionId);
    if (!connection) return;
    this.connections.delete(connectionId);
    const user = this.users.get(connection.userId);
    if (user && --user.connections <= 0) this.users.delete(connection.userId);
  }

  /** Called for every event a client sends, before any handler runs: its rate. */
  admit(connectionId: string): Admission {
    const connection = this.connections.get(connectionId);
    if (!connection) return 'abusive';
    const now = this.now();
    const user = this.users.get(connection.userId);
    if (connection.bucket.take(now) && (user?.bucket.take(now) ?? false)) return 'ok';
    return this.refused(connection, now);
  }

  /**
   * A handler of this connection is about to run: returns the function to call once it has
   * finished, or a refusal when too many of its handlers are still running.
   */
  begin(connectionId: string): (() => void) | Exclude<Admission, 'ok'> {
    const connection = this.connections.get(connectionId);
    if (!connection) return 'abusive';
    if (connection.inFlight >= this.limits.maxInFlight) return this.refused(connection, this.now());
    connection.inFlight += 1;
    let finished = false;
    return () => {
      if (finished) return;
      finished = true;
      connection.inFlight -= 1;
    };
  }

  private refused(connection: ConnectionState, now: number): Exclude<Admission, 'ok'> {
    const since = now - this.limits.abuseWindowMs;
    while (connection.refusals.length && connection.refusals[0] <= since)
      connection.refusals.shift();
    connection.refusals.push(now);
    return connection.refusals.length >= this.limits.abuseThreshold ? 'abusive' : 'limited';
  }

  get trackedConnections(): number {
    return this.connections.size;
  }
}
