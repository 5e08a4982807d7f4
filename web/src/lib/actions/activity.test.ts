import { describe, expect, it } from 'vitest';
import { describeChange } from './activity';

describe(describeChange.name, () => {
  it('says what an action change did, field by field', () => {
    expect(describeChange({ created: true }, 'action')).toEqual(['created it']);
    expect(
      describeChange(
        {
          status: { from: 'open', to: 'in_progress' },
          dueOn: { from: null, to: '2026-06-01' },
          ownerId: { from: 'a', to: 'b' },
          description: { from: 'x', to: 'y' },
        },
        'action',
      ),
    ).toEqual([
      'moved it from Open to In progress',
      'set the due date to 1 Jun 2026',
      'gave it a new owner',
      'edited the description',
    ]);
  });

  it('tells proposing, superseding and being superseded apart for decisions', () => {
    expect(describeChange({ created: true }, 'decision')).toEqual(['proposed it']);
    expect(describeChange({ created: true, supersedes: 'd1' }, 'decision')).toEqual([
      'created it, superseding an earlier decision',
    ]);
    expect(
      describeChange(
        { status: { from: 'accepted', to: 'superseded' }, supersededBy: 'd2' },
        'decision',
      ),
    ).toEqual(['moved it from Accepted to Superseded', 'replaced it with a new decision']);
  });
});
