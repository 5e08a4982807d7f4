import { describe, expect, it } from 'vitest';
import { makePerson } from '$lib/testing/factories';
import {
  actionFormProblem,
  actionPatchOf,
  actionValuesOf,
  chooseOwner,
  chooseWatchers,
  emptyActionValues,
  newActionOf,
  readActionForm,
  watcherEntries,
} from './action-form';
import { makeAction } from './test-factories';

const ada = makePerson();
const adam = makePerson({
  id: 'aaaaaaaa-0000-4000-8000-000000000009',
  displayName: 'Adam Smith',
  handle: 'adam',
});

function formOf(fields: Record<string, string | string[]>): FormData {
  const form = new FormData();
  for (const [name, value] of Object.entries(fields)) {
    for (const one of Array.isArray(value) ? value : [value]) form.append(name, one);
  }
  return form;
}

describe(readActionForm.name, () => {
  it('reads the fields, keeping Markdown as typed and only ticked links', () => {
    const values = readActionForm(
      formOf({
        title: '  Check grid dates ',
        description: '> quoted\r\n\r\n  indented',
        owner: '@ada',
        dueOn: '2026-06-01',
        priority: 'urgent',
        link: ['item:b1a2c3d4-0000-4000-8000-000000000001'],
      }),
    );
    expect(values).toEqual({
      title: 'Check grid dates',
      description: '> quoted\n\n  indented',
      owner: '@ada',
      dueOn: '2026-06-01',
      priority: 'urgent',
      links: ['item:b1a2c3d4-0000-4000-8000-000000000001'],
      // No watchers field: keep the set as it is.
      watchers: null,
    });
    expect(newActionOf(values, ada.id).links).toEqual([
      { type: 'item', id: 'b1a2c3d4-0000-4000-8000-000000000001' },
    ]);
  });

  it('says what is wrong before asking the API', () => {
    expect(actionFormProblem(emptyActionValues())).toMatch(/title/);
    expect(actionFormProblem(emptyActionValues({ title: 'x'.repeat(301) }))).toMatch(/300/);
    expect(actionFormProblem(emptyActionValues({ title: 'T', dueOn: '2026-02-30' }))).toMatch(
      /date/,
    );
    expect(actionFormProblem(emptyActionValues({ title: 'T', links: ['user:1'] }))).toMatch(/link/);
    expect(actionFormProblem(emptyActionValues({ title: 'T', dueOn: '2026-02-28' }))).toBeNull();
  });
});

describe(chooseOwner.name, () => {
  it('takes an exact handle or name even when others start the same way', () => {
    expect(chooseOwner('@ada', [ada, adam])).toEqual({ ownerId: ada.id, problem: null });
    expect(chooseOwner('Adam Smith', [ada, adam])).toEqual({ ownerId: adam.id, problem: null });
  });

  it('takes the only match, and asks again when several or none match', () => {
    expect(chooseOwner('@adam', [adam]).ownerId).toBe(adam.id);
    expect(chooseOwner('@ad', [ada, adam]).problem).toMatch(/Several people match.*@ada.*@adam/);
    expect(chooseOwner('@zed', []).problem).toMatch(/Nobody called/);
    expect(chooseOwner('  ', [ada])).toEqual({ ownerId: null, problem: null });
  });
});

describe(actionPatchOf.name, () => {
  const current = makeAction({
    title: 'T',
    description: 'D',
    dueOn: '2026-06-01',
    priority: 'low',
  });

  it('sends only what changed', () => {
    const same = {
      ...emptyActionValues(),
      title: 'T',
      description: 'D',
      dueOn: '2026-06-01',
      priority: 'low' as const,
    };
    expect(actionPatchOf(same, current.owner?.id ?? null, current)).toEqual({});
    expect(actionPatchOf({ ...same, dueOn: '', priority: 'high' }, null, current)).toEqual({
      dueOn: null,
      priority: 'high',
      ownerId: null,
    });
  });
});

describe('watchers in the action form', () => {
  const grace = makePerson({
    id: 'aaaaaaaa-0000-4000-8000-000000000010',
    displayName: 'Grace Hopper',
    handle: 'grace',
  });

  it('reads comma-separated handles or names, each once', () => {
    expect(
      readActionForm(formOf({ title: 'T', watchers: ' @ada, Grace Hopper,,@ADA ' })).watchers,
    ).toBe('@ada, Grace Hopper,,@ADA');
    expect(watcherEntries(' @ada, Grace Hopper,,@ADA ;\n@grace')).toEqual([
      '@ada',
      'Grace Hopper',
      '@grace',
    ]);
    expect(watcherEntries(null)).toEqual([]);
    const many = Array.from({ length: 51 }, (_, index) => `@user${index}`).join(', ');
    expect(actionFormProblem(emptyActionValues({ title: 'T', watchers: many }))).toMatch(/50/);
  });

  it('fills the edit form with the current watchers', () => {
    const action = makeAction({ watchers: [ada, grace] });
    expect(actionValuesOf(action).watchers).toBe(`@${ada.handle}, @grace`);
  });

  it('resolves each entry, the current watchers without asking, and says which are unclear', () => {
    const asked: string[] = [];
    const lookUp = (entry: string) => {
      asked.push(entry);
      if (entry === '@grace' || entry === 'Grace Hopper') return [grace];
      return entry === '@ad' ? [ada, adam] : [];
    };
    expect(chooseWatchers([`@${ada.handle}`, '@grace', 'Grace Hopper'], [ada], lookUp)).toEqual({
      watcherIds: [ada.id, grace.id],
      problem: null,
    });
    expect(asked).toEqual(['@grace', 'Grace Hopper']);
    const unclear = chooseWatchers(['@ad', '@zed'], [], lookUp);
    expect(unclear.watcherIds).toBeNull();
    expect(unclear.problem).toMatch(/Several people match “@ad”.*Nobody called “@zed” can watch/);
  });

  it('sends watcher ids on create only when there are some, and on edit only when the set changed', () => {
    const values = emptyActionValues({ title: 'T' });
    expect(newActionOf(values, null)).not.toHaveProperty('watcherIds');
    expect(newActionOf(values, null, [grace.id]).watcherIds).toEqual([grace.id]);

    const current = makeAction({ watchers: [ada, grace] });
    const same = actionValuesOf(current);
    const owner = current.owner?.id ?? null;
    expect(actionPatchOf(same, owner, current, [grace.id, ada.id])).toEqual({});
    expect(actionPatchOf(same, owner, current, null)).toEqual({});
    expect(actionPatchOf(same, owner, current, [grace.id])).toEqual({ watcherIds: [grace.id] });
    expect(actionPatchOf(same, owner, current, [])).toEqual({ watcherIds: [] });
  });
});
