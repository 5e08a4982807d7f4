import { describe, expect, it } from 'vitest';
import { closesAtOf, decisionFormProblem, newDecisionOf, readDecisionForm } from './decision-form';

function form(fields: Record<string, string>): FormData {
  const data = new FormData();
  for (const [key, value] of Object.entries(fields)) data.append(key, value);
  return data;
}

describe('decision form: closing time of stances', () => {
  it('sends the end of the chosen day as closesAt, and nothing when left empty', () => {
    const values = readDecisionForm(
      form({ title: 'Offsite in Warsaw', statement: 'We meet in March.', closesOn: '2027-03-01' }),
    );
    expect(decisionFormProblem(values)).toBeNull();
    expect(newDecisionOf(values).closesAt).toBe('2027-03-01T23:59:59.999Z');
    expect(closesAtOf('2027-03-01')).toBe('2027-03-01T23:59:59.999Z');
    const open = readDecisionForm(form({ title: 'T', statement: 'S' }));
    expect('closesAt' in newDecisionOf(open)).toBe(false);
  });

  it('refuses a closing date that is not a date', () => {
    const values = readDecisionForm(form({ title: 'T', statement: 'S', closesOn: 'next week' }));
    expect(decisionFormProblem(values)).toBe('Enter the closing date as a calendar date.');
  });
});
