import fc from 'fast-check';
import { cronEvery } from './job-schedule.js';

describe(cronEvery.name, () => {
  it.each([
    [60, '* * * * *'],
    [300, '*/5 * * * *'],
    [600, '*/10 * * * *'],
    [3_600, '0 * * * *'],
    [7_200, '0 */2 * * *'],
    [86_400, '0 0 * * *'],
  ])('runs every %i s as %s', (seconds, cron) => {
    expect(cronEvery(seconds)).toBe(cron);
  });

  it('rounds an uneven interval to the next shorter even step, never to a longer one', () => {
    expect(cronEvery(420)).toBe('*/6 * * * *'); // 7 min does not divide the hour
    expect(cronEvery(5 * 3_600)).toBe('0 */4 * * *'); // nor 5 h the day
    expect(cronEvery(90)).toBe('* * * * *');
  });

  it('runs every minute below a minute, the finest cron step', () => {
    expect(cronEvery(1)).toBe('* * * * *');
    expect(cronEvery(59)).toBe('* * * * *');
  });

  it('schedules nothing for 0 and refuses a negative or fractional interval', () => {
    expect(cronEvery(0)).toBeUndefined();
    expect(() => cronEvery(-1)).toThrow(RangeError);
    expect(() => cronEvery(1.5)).toThrow(RangeError);
  });

  it('never waits longer than asked from a minute up, and the step always divides its unit', () => {
    fc.assert(
      fc.property(fc.integer({ min: 60, max: 86_400 }), (seconds) => {
        const cron = cronEvery(seconds)!;
        const [minute, hour] = cron.split(' ');
        const gap =
          minute === '*'
            ? 60
            : minute.startsWith('*/')
              ? Number(minute.slice(2)) * 60
              : hour === '*'
                ? 3_600
                : hour.startsWith('*/')
                  ? Number(hour.slice(2)) * 3_600
                  : 86_400;
        const unit = gap < 3_600 ? 3_600 : 86_400;
        return gap <= Math.max(seconds, 60) && unit % gap === 0;
      }),
    );
  });
});
