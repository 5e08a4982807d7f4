import { Logger } from '@nestjs/common';
import { injected } from '../../test/support/unit.js';
import { requestContext } from '../common/logging/request-context.js';
import { createMetrics } from '../metrics/metrics.js';
import { AuditLog, normaliseIp } from './audit-log.js';
import type { AuditEventInsert, AuditRepository } from './audit.repository.js';

function auditLog(insert: (event: AuditEventInsert) => Promise<void>) {
  const metrics = createMetrics();
  const log = new AuditLog(injected<AuditRepository>({ insert }), metrics);
  const failures = async () =>
    (await metrics.registry.getSingleMetric('briefroom_audit_write_failures_total')?.get())
      ?.values[0]?.value ?? 0;
  return { log, failures };
}

describe(AuditLog.name, () => {
  it('writes the event with empty details and no target when none are given', async () => {
    const written: AuditEventInsert[] = [];
    const { log } = auditLog(async (event) => {
      written.push(event);
    });
    await log.record({ actorId: null, action: 'auth.sign_in.failed', actorLabel: 'a@example.com' });
    expect(written).toEqual([
      {
        actorId: null,
        actorLabel: 'a@example.com',
        action: 'auth.sign_in.failed',
        targetType: null,
        targetId: null,
        ip: null,
        details: {},
      },
    ]);
  });

  it('never fails the caller: a failed write is logged and counted', async () => {
    const logged = jest.spyOn(Logger.prototype, 'error').mockImplementation(() => undefined);
    const { log, failures } = auditLog(() => Promise.reject(new Error('database down')));
    await expect(log.record({ actorId: null, action: 'briefing.imported' })).resolves.toBe(
      undefined,
    );
    await log.record({ actorId: null, action: 'briefing.deleted' });
    expect(await failures()).toBe(2);
    expect(logged).toHaveBeenCalledTimes(2);
    logged.mockRestore();
  });

  it("takes the request's address and signed-in caller when the event names neither", async () => {
    const written: AuditEventInsert[] = [];
    const { log } = auditLog(async (event) => {
      written.push(event);
    });
    await requestContext.run(
      { requestId: 'r1', ip: '::ffff:192.0.2.4', actorId: () => 'user-1' },
      async () => {
        await log.record({ action: 'group.created' });
        // Explicit values win, null included.
        await log.record({ actorId: null, ip: null, action: 'auth.sign_in.failed' });
        await log.record({ actorId: 'user-2', ip: '2001:db8::1', action: 'auth.sign_in' });
      },
    );
    expect(written.map(({ actorId, ip }) => ({ actorId, ip }))).toEqual([
      { actorId: 'user-1', ip: '192.0.2.4' },
      { actorId: null, ip: null },
      { actorId: 'user-2', ip: '2001:db8::1' },
    ]);
  });
});

describe(normaliseIp.name, () => {
  it('keeps addresses, unmaps IPv4-mapped IPv6 and drops anything else', () => {
    expect(normaliseIp('203.0.113.7')).toBe('203.0.113.7');
    expect(normaliseIp('::ffff:203.0.113.7')).toBe('203.0.113.7');
    expect(normaliseIp('::1')).toBe('::1');
    expect(normaliseIp('not an address')).toBeNull();
    expect(normaliseIp('')).toBeNull();
    expect(normaliseIp(undefined)).toBeNull();
  });
});
