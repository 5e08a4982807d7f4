import ICAL from 'ical.js';
import type { ActionDto } from './actions.dto.js';
import { actionsCalendar } from './action-exports.js';

function action(overrides: Partial<ActionDto>): ActionDto {
  return {
    id: '00000000-0000-4000-8000-000000000001',
    title: 'Board deck',
    description: 'Slides for the board',
    owner: null,
    watchers: [],
    status: 'in_progress',
    priority: 'normal',
    dueOn: '2099-02-03',
    overdue: false,
    createdBy: null,
    createdAt: '2026-12-01T00:00:00.000Z',
    updatedAt: '2026-12-01T00:00:00.000Z',
    completedAt: null,
    ...overrides,
  } as ActionDto;
}

/** Parses with ical.js (strict RFC 5545 reader) and returns the VEVENTs. */
function events(text: string): ICAL.Component[] {
  const calendar = new ICAL.Component(ICAL.parse(text));
  return calendar.getAllSubcomponents('vevent');
}

describe(actionsCalendar.name, () => {
  it('writes all-day events as DTSTART;VALUE=DATE and an exclusive next-day DTEND', () => {
    const text = actionsCalendar(
      [
        action({}),
        action({ id: '00000000-0000-4000-8000-000000000002', dueOn: '2028-02-29', title: 'Leap' }),
        action({ id: '00000000-0000-4000-8000-000000000003', dueOn: '2026-12-31', title: 'NYE' }),
        action({ id: '00000000-0000-4000-8000-000000000004', dueOn: null, title: 'Undated' }),
      ],
      'http://localhost:3000/',
    );
    expect(text).not.toMatch(/DURATION/);
    expect(text).toContain('DTSTART;VALUE=DATE:20990203');
    expect(text).toContain('DTEND;VALUE=DATE:20990204');
    const parsed = events(text);
    expect(parsed).toHaveLength(3);
    const days = parsed.map((event) => {
      const start = event.getFirstPropertyValue('dtstart') as ICAL.Time;
      const end = event.getFirstPropertyValue('dtend') as ICAL.Time;
      expect(start.isDate).toBe(true);
      expect(end.isDate).toBe(true);
      return [event.getFirstPropertyValue('summary'), start.toString(), end.toString()];
    });
    expect(days).toEqual([
      ['Board deck (in progress)', '2099-02-03', '2099-02-04'],
      ['Leap (in progress)', '2028-02-29', '2028-03-01'],
      ['NYE (in progress)', '2026-12-31', '2027-01-01'],
    ]);
    const first = new ICAL.Event(parsed[0]);
    expect(first.uid).toBe('action-00000000-0000-4000-8000-000000000001@briefroom');
    expect(first.description).toContain('http://localhost:3000/actions/');
  });

  it('gives an empty calendar, still valid, when nothing is due', () => {
    const text = actionsCalendar([action({ dueOn: null })], 'http://localhost:3000');
    const calendar = new ICAL.Component(ICAL.parse(text));
    expect(calendar.name).toBe('vcalendar');
    expect(calendar.getAllSubcomponents('vevent')).toEqual([]);
  });
});
