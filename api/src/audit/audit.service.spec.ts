import { domainError, injected } from '../../test/support/unit.js';
import type { AuditRepository, AuditRow } from './audit.repository.js';
import { AuditService, toDto, toFilters } from './audit.service.js';

function row(index: number, overrides: Partial<AuditRow> = {}): AuditRow {
  const at = new Date(Date.UTC(2026, 11, 7, 12, 0, 60 - index));
  return {
    id: `00000000-0000-4000-8000-${String(index).padStart(12, '0')}`,
    at,
    atKey: at.toISOString().replace('Z', '000Z'),
    actorId: null,
    actorLabel: null,
    actorEmail: null,
    actorDisplayName: null,
    action: 'auth.sign_in',
    targetType: null,
    targetId: null,
    ip: null,
    details: {},
    ...overrides,
  };
}

describe(toFilters.name, () => {
  it('reads days as whole UTC days, both ends included', () => {
    expect(toFilters({ from: '2026-12-01', to: '2026-12-31', action: 'auth.' })).toEqual({
      action: 'auth.',
      actorId: undefined,
      targetType: undefined,
      targetId: undefined,
      from: new Date('2026-12-01T00:00:00Z'),
      to: new Date('2027-01-01T00:00:00Z'),
    });
    expect(toFilters({ from: '2026-12-01', to: '2026-12-01' }).to).toEqual(
      new Date('2026-12-02T00:00:00Z'),
    );
  });

  it('refuses days the calendar lacks and a range that ends before it starts', async () => {
    await domainError(
      Promise.resolve().then(() => toFilters({ from: '2026-02-30' })),
      'VALIDATION_FAILED',
    );
    await domainError(
      Promise.resolve().then(() => toFilters({ from: '2026-12-02', to: '2026-12-01' })),
      'VALIDATION_FAILED',
    );
  });
});

describe(toDto.name, () => {
  it('names the actor by their e-mail at the time, even once the account is gone', () => {
    expect(
      toDto(
        row(1, {
          actorId: 'u1',
          actorLabel: 'old@example.com',
          actorEmail: 'new@example.com',
          actorDisplayName: 'Ada',
        }),
      ).actor,
    ).toEqual({ id: 'u1', email: 'old@example.com', displayName: 'Ada' });
    expect(toDto(row(2, { actorLabel: 'gone@example.com' })).actor).toEqual({
      id: null,
      email: 'gone@example.com',
      displayName: null,
    });
    expect(toDto(row(3)).actor).toBeNull();
  });

  it('gives a target only when it has a type, and details always as an object', () => {
    expect(toDto(row(1, { targetType: 'user', targetId: 'u1' })).target).toEqual({
      type: 'user',
      id: 'u1',
    });
    expect(toDto(row(2)).target).toBeNull();
    expect(toDto(row(3, { details: null })).details).toEqual({});
  });
});

describe(AuditService.name, () => {
  it('pages with a cursor that starts the next page after the last event', async () => {
    const rows = Array.from({ length: 5 }, (_, index) => row(index + 1));
    const calls: Array<{ limit: number; after?: { key: string; id: string } }> = [];
    const service = new AuditService(
      injected<AuditRepository>({
        list: async (_filters, limit, after) => {
          calls.push({ limit, after });
          const start = after ? rows.findIndex((r) => r.id === after.id) + 1 : 0;
          return rows.slice(start, start + limit);
        },
      }),
    );
    const first = await service.page({ limit: 2 });
    expect(first.events.map((event) => event.id)).toEqual([rows[0]?.id, rows[1]?.id]);
    const second = await service.page({ limit: 2, cursor: first.nextCursor as string });
    expect(calls[1]?.after).toEqual({ key: rows[1]?.atKey, id: rows[1]?.id });
    const third = await service.page({ limit: 2, cursor: second.nextCursor as string });
    expect(third.events.map((event) => event.id)).toEqual([rows[4]?.id]);
    expect(third.nextCursor).toBeNull();
  });

  it('refuses a cursor it did not give out', async () => {
    const service = new AuditService(injected<AuditRepository>({ list: async () => [] }));
    await domainError(
      service.page({ cursor: Buffer.from('2026|x').toString('base64url') }),
      'VALIDATION_FAILED',
    );
  });

  it('streams every matching event as CSV under one header', async () => {
    const rows = Array.from({ length: 3 }, (_, index) =>
      row(index + 1, { action: 'briefing.imported', details: { source: 'upload' } }),
    );
    const service = new AuditService(
      injected<AuditRepository>({
        list: async (_filters, _limit, after) =>
          after ? rows.slice(rows.findIndex((r) => r.id === after.id) + 1) : rows,
      }),
    );
    let text = '';
    for await (const chunk of service.csv({})) text += String(chunk);
    const lines = text.trim().split('\n');
    expect(lines[0]).toBe(
      'id,at,actor id,actor email,actor name,action,target type,target id,ip,details',
    );
    expect(lines).toHaveLength(4);
    expect(lines[1]).toContain(',briefing.imported,,,,"{""source"":""upload""}"');
  });
});
