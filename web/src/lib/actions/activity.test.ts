import { describe, expect, it } from 'vitest';
import { activityNames, describeChange } from './activity';
import { makeAction } from './test-factories';

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

describe('watcher changes in the activity log', () => {
  const ADA = 'aaaaaaaa-0000-4000-8000-000000000001';
  const GRACE = 'aaaaaaaa-0000-4000-8000-000000000002';
  const GONE = 'aaaaaaaa-0000-4000-8000-000000000003';
  const names = new Map([
    [ADA, 'Ada'],
    [GRACE, 'Grace'],
  ]);
  const watchers = (from: string[], to: string[]) => ({ watchers: { from, to } });

  it('names who was added or removed, and "someone" when the name is not known', () => {
    expect(describeChange(watchers([], [ADA]), 'action', { names })).toEqual([
      'added Ada as a watcher',
    ]);
    expect(describeChange(watchers([ADA, GONE], [GRACE]), 'action', { names })).toEqual([
      'added Grace as a watcher',
      'removed Ada and someone as watchers',
    ]);
    expect(describeChange(watchers([GONE], []), 'action')).toEqual([
      'removed someone as a watcher',
    ]);
    expect(describeChange(watchers([], [ADA, GRACE, GONE]), 'action', { names })).toEqual([
      'added Ada, Grace and someone as watchers',
    ]);
  });

  it('says "started/stopped watching it" when people (un)watch for themselves', () => {
    expect(describeChange(watchers([], [ADA]), 'action', { names, actorId: ADA })).toEqual([
      'started watching it',
    ]);
    expect(describeChange(watchers([ADA, GRACE], [GRACE]), 'action', { actorId: ADA })).toEqual([
      'stopped watching it',
    ]);
  });

  it('lists the first watchers on creation', () => {
    expect(
      describeChange({ created: true, ...watchers([], [GRACE]) }, 'action', { names }),
    ).toEqual(['created it', 'added Grace as a watcher']);
  });

  it('takes names from the watchers, the owner and the people in the log', () => {
    const action = makeAction({
      owner: { id: ADA, displayName: 'Ada Lovelace', handle: 'ada' },
      watchers: [{ id: GRACE, displayName: 'Grace Hopper', handle: 'grace' }],
      activity: [
        {
          actor: { id: GONE, displayName: 'Alan Turing' },
          change: {},
          at: '2026-05-07T09:00:00.000Z',
        },
      ],
    });
    expect(Object.fromEntries(activityNames(action))).toEqual({
      [ADA]: 'Ada Lovelace',
      [GRACE]: 'Grace Hopper',
      [GONE]: 'Alan Turing',
    });
  });
});
