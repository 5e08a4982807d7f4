import { SocketLimiter, type SocketLimits } from './socket-limits.js';

const limits: SocketLimits = {
  perConnection: { ratePerSecond: 2, burst: 3 },
  perUser: { ratePerSecond: 4, burst: 5 },
  maxInFlight: 2,
  abuseThreshold: 4,
  abuseWindowMs: 1_000,
};

describe(SocketLimiter.name, () => {
  let now: number;
  let sut: SocketLimiter;

  beforeEach(() => {
    now = 0;
    sut = new SocketLimiter(limits, () => now);
  });

  it('admits a burst per connection, then refills at the rate', () => {
    sut.connect('a', 'ann');
    expect([1, 2, 3, 4].map(() => sut.admit('a'))).toEqual(['ok', 'ok', 'ok', 'limited']);
    now += 500;
    expect(sut.admit('a')).toBe('ok');
    expect(sut.admit('a')).toBe('limited');
  });

  it('shares one budget between the connections of a user', () => {
    sut.connect('a', 'ann');
    sut.connect('b', 'ann');
    sut.connect('c', 'bob');
    const verdicts = ['a', 'a', 'a', 'b', 'b', 'b'].map((id) => sut.admit(id));
    expect(verdicts.filter((verdict) => verdict === 'ok')).toHaveLength(5);
    expect(sut.admit('c')).toBe('ok');
  });

  it('calls a connection abusive once its refusals reach the threshold inside the window', () => {
    sut.connect('a', 'ann');
    const verdicts = Array.from({ length: 7 }, () => sut.admit('a'));
    expect(verdicts).toEqual(['ok', 'ok', 'ok', 'limited', 'limited', 'limited', 'abusive']);
    now += 5_000;
    expect(sut.admit('a')).toBe('ok');
  });

  it('bounds the handlers in flight and frees a slot once, however often done is called', () => {
    sut.connect('a', 'ann');
    const first = sut.begin('a');
    const second = sut.begin('a');
    expect(typeof first).toBe('function');
    expect(typeof second).toBe('function');
    expect(sut.begin('a')).toBe('limited');
    (first as () => void)();
    (first as () => void)();
    expect(typeof sut.begin('a')).toBe('function');
    expect(sut.begin('a')).toBe('limited');
  });

  it('forgets a connection and its user when the last connection leaves', () => {
    sut.connect('a', 'ann');
    sut.disconnect('a');
    expect(sut.trackedConnections).toBe(0);
    expect(sut.admit('a')).toBe('abusive');
    sut.connect('b', 'ann');
    expect(sut.admit('b')).toBe('ok');
  });
});
