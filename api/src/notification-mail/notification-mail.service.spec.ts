import { nextDigestAt } from './notification-mail.service.js';

describe('nextDigestAt', () => {
  it('is today at the digest hour before it, tomorrow from it on (UTC)', () => {
    expect(nextDigestAt(new Date('2026-12-07T05:00:00Z'), 7).toISOString()).toBe(
      '2026-12-07T07:00:00.000Z',
    );
    expect(nextDigestAt(new Date('2026-12-07T07:00:00Z'), 7).toISOString()).toBe(
      '2026-12-08T07:00:00.000Z',
    );
    expect(nextDigestAt(new Date('2026-12-31T23:30:00Z'), 0).toISOString()).toBe(
      '2027-01-01T00:00:00.000Z',
    );
  });
});
