import { describe, expect, it } from 'vitest';
import { addDays, groupByDue, todayIso } from './my-actions';
import { makeAction } from './test-factories';

const TODAY = '2026-05-07';

describe(groupByDue.name, () => {
  it('sorts unfinished actions into overdue, due within a week, later and undated', () => {
    const overdue = makeAction({ title: 'Overdue', dueOn: '2026-05-01', overdue: true });
    const today = makeAction({ title: 'Today', dueOn: TODAY });
    const inSixDays = makeAction({ title: 'Six days', dueOn: '2026-05-13' });
    const inSevenDays = makeAction({ title: 'Seven days', dueOn: '2026-05-14' });
    const undated = makeAction({ title: 'Undated', dueOn: null });

    const groups = groupByDue([undated, inSevenDays, today, overdue, inSixDays], TODAY);

    expect(groups.overdue.map((a) => a.title)).toEqual(['Overdue']);
    expect(groups.soon.map((a) => a.title)).toEqual(['Today', 'Six days']);
    expect(groups.later.map((a) => a.title)).toEqual(['Seven days']);
    expect(groups.undated.map((a) => a.title)).toEqual(['Undated']);
  });

  it('trusts the server flag and a past date alike for overdue', () => {
    // The server's calendar may already be a day ahead: its flag wins.
    const flagged = makeAction({ dueOn: TODAY, overdue: true });
    const past = makeAction({ dueOn: '2026-05-06', overdue: false });
    expect(groupByDue([flagged, past], TODAY).overdue).toHaveLength(2);
  });

  it('leaves out done and cancelled actions', () => {
    const groups = groupByDue(
      [
        makeAction({ status: 'done', dueOn: '2026-05-01' }),
        makeAction({ status: 'cancelled' }),
        makeAction({ status: 'blocked' }),
      ],
      TODAY,
    );
    expect(
      Object.values(groups)
        .flat()
        .map((a) => a.status),
    ).toEqual(['blocked']);
  });

  it('puts the most urgent first among actions due the same day', () => {
    const low = makeAction({ title: 'Low', dueOn: '2026-05-08', priority: 'low' });
    const urgent = makeAction({ title: 'Urgent', dueOn: '2026-05-08', priority: 'urgent' });
    expect(groupByDue([low, urgent], TODAY).soon.map((a) => a.title)).toEqual(['Urgent', 'Low']);
  });
});

describe(addDays.name, () => {
  it('crosses month and year ends on the calendar', () => {
    expect(addDays('2026-05-28', 7)).toBe('2026-06-04');
    expect(addDays('2026-12-30', 3)).toBe('2027-01-02');
    expect(todayIso(Date.UTC(2026, 10, 28, 23, 59))).toBe('2026-11-28');
  });
});
