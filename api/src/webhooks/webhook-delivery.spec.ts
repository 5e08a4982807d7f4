import { backOffMs, hookMayCarry } from './webhook-delivery.service.js';

describe('hookMayCarry', () => {
  const board = { id: 'b1', groupIds: ['board', 'finance'] };
  it('carries team-only events through every hook', () => {
    expect(hookMayCarry(null, [])).toBe(true);
    expect(hookMayCarry('board', [])).toBe(true);
  });
  it('carries a restricted briefing only through a hook scoped to one of its groups', () => {
    expect(hookMayCarry(null, [board])).toBe(false);
    expect(hookMayCarry('sales', [board])).toBe(false);
    expect(hookMayCarry('finance', [board])).toBe(true);
  });
  it('needs the group in every restricted briefing the event touches', () => {
    expect(hookMayCarry('board', [board, { id: 'b2', groupIds: ['sales'] }])).toBe(false);
  });
});

describe('backOffMs', () => {
  it('doubles from the base after each failure, up to a day', () => {
    expect([1, 2, 3, 4].map((attempts) => backOffMs(100, attempts))).toEqual([100, 200, 400, 800]);
    expect(backOffMs(3_600_000, 20)).toBe(86_400_000);
  });
});
