import fc from 'fast-check';
import {
  MAX_BACKOFF_SECONDS,
  nextPollAfterFailure,
  nextPollAfterSuccess,
  passSlackSeconds,
} from './feed-schedule.js';

const now = new Date('2026-05-07T12:00:00.000Z');
const seconds = (date: Date) => (date.getTime() - now.getTime()) / 1000;

describe(nextPollAfterFailure.name, () => {
  it('doubles the interval for each failure in a row', () => {
    expect(
      [1, 2, 3, 4].map((failures) => seconds(nextPollAfterFailure(now, failures, 900))),
    ).toEqual([1_800, 3_600, 7_200, 14_400]);
  });

  it('never waits more than a day, however many failures, nor less than one interval', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 5_000 }),
        fc.integer({ min: 1, max: 86_400 }),
        (failures, interval) => {
          const wait = seconds(nextPollAfterFailure(now, failures, interval));
          return wait <= Math.max(MAX_BACKOFF_SECONDS, interval) && wait >= interval;
        },
      ),
    );
  });
});

describe(nextPollAfterSuccess.name, () => {
  it('polls again one interval on', () => {
    expect(seconds(nextPollAfterSuccess(now, 900))).toBe(900);
  });
});

describe(passSlackSeconds.name, () => {
  it('is half a short period and at most a minute', () => {
    expect(passSlackSeconds(2)).toBe(1);
    expect(passSlackSeconds(900)).toBe(60);
  });
});
