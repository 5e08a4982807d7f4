import { Inject, Injectable, Logger } from '@nestjs/common';
import { isIP } from 'node:net';
import { Counter } from 'prom-client';
import { requestContext } from '../common/logging/request-context.js';
import { METRICS, type Metrics } from '../metrics/metrics.js';
import { AuditRepository } from './audit.repository.js';

export interface AuditEventInput {
  /**
   * The user who acted; null for the anonymous (a failed sign-in) or the system (a feed poll);
   * left out, the signed-in caller of the current request.
   */
  actorId?: string | null;
  /** Who, when there is no account to name: the e-mail a failed sign-in or a reset request gave. */
  actorLabel?: string;
  /** Dotted name, area first: 'auth.sign_in', 'admin.user.role_changed', 'briefing.imported'. */
  action: string;
  targetType?: string;
  targetId?: string;
  /** The client's address; left out, the current request's is taken; null records none. */
  ip?: string | null;
  /** Never secrets: a failed sign-in names the e-mail tried (actorLabel), never the password. */
  details?: Record<string, unknown>;
}

/** Records who did what, when and from where. Never fails the caller's request. */
@Injectable()
export class AuditLog {
  private readonly logger = new Logger(AuditLog.name);
  private readonly failures: Counter;

  constructor(
    private readonly repository: AuditRepository,
    @Inject(METRICS) metrics: Metrics,
  ) {
    this.failures = new Counter({
      name: 'briefroom_audit_write_failures_total',
      help: 'Audit events that could not be written (the action itself went ahead)',
      registers: [metrics.registry],
    });
  }

  async record(event: AuditEventInput): Promise<void> {
    try {
      await this.repository.insert({
        actorId:
          event.actorId === undefined
            ? (requestContext.getStore()?.actorId?.() ?? null)
            : event.actorId,
        actorLabel: event.actorLabel ?? null,
        action: event.action,
        targetType: event.targetType ?? null,
        targetId: event.targetId ?? null,
        ip: normaliseIp(event.ip === undefined ? requestContext.getStore()?.ip : event.ip),
        details: event.details ?? {},
      });
    } catch (error: unknown) {
      this.failures.inc();
      this.logger.error(
        { err: error, action: event.action, actorId: event.actorId },
        'an audit event could not be written',
      );
    }
  }
}

/** Fastify may hand an IPv4 address in its IPv6-mapped form; both fit an inet column. */
export function normaliseIp(ip: string | null | undefined): string | null {
  if (!ip) return null;
  const bare = ip.startsWith('::ffff:') && isIP(ip.slice(7)) === 4 ? ip.slice(7) : ip;
  return isIP(bare) ? bare : null;
}
