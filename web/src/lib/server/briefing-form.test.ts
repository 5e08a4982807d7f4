import { describe, expect, it } from 'vitest';
import { makeBriefing, makeGroup } from '$lib/testing/factories';
import {
  audienceProblem,
  detailsPatch,
  detailsProblem,
  detailsValuesOf,
  parseTags,
  readDetails,
} from './briefing-form';

const leadership = makeGroup({ id: 'g-lead', name: 'Leadership' });

function formOf(fields: Record<string, string | string[]>): FormData {
  const form = new FormData();
  for (const [name, value] of Object.entries(fields)) {
    for (const one of Array.isArray(value) ? value : [value]) form.append(name, one);
  }
  return form;
}

describe(parseTags.name, () => {
  it('splits on commas, trims, drops blanks and exact repeats', () => {
    expect(parseTags(' daily-sync, ai ,, ai, AI ')).toEqual(['daily-sync', 'ai', 'AI']);
    expect(parseTags('')).toEqual([]);
  });
});

describe(audienceProblem.name, () => {
  it('asks for a group when the briefing is restricted', () => {
    expect(audienceProblem({ visibility: 'restricted', groupIds: [] })).toMatch(
      /at least one group/,
    );
    expect(audienceProblem({ visibility: 'restricted', groupIds: ['g-lead'] })).toBeNull();
    expect(audienceProblem({ visibility: 'team', groupIds: [] })).toBeNull();
  });
});

describe(detailsProblem.name, () => {
  const valid = detailsValuesOf(makeBriefing());

  it('accepts the details of a real briefing', () => {
    expect(detailsProblem(valid)).toBeNull();
  });

  it('refuses a missing title, an impossible date and a fractional reading time', () => {
    expect(detailsProblem({ ...valid, title: '' })).toMatch(/title/);
    expect(detailsProblem({ ...valid, publishedOn: '2026-02-30' })).toMatch(/date/);
    expect(detailsProblem({ ...valid, readingMinutes: '6.5' })).toMatch(/whole number/);
    expect(detailsProblem({ ...valid, readingMinutes: '' })).toBeNull();
  });
});

describe(detailsPatch.name, () => {
  const current = makeBriefing({ tags: ['daily-sync'], series: 'Daily Sync' });

  it('sends nothing when nothing changed', () => {
    const values = readDetails(formOf({ ...detailsValuesOf(current) }));

    expect(detailsPatch(values, current)).toEqual({});
  });

  it('sends only the changed fields, with emptied ones as null', () => {
    const values = {
      ...detailsValuesOf(current),
      title: 'Daily Sync: 7 May',
      series: '',
      readingMinutes: '8',
      tags: 'daily-sync, energy',
    };

    expect(detailsPatch(values, current)).toEqual({
      title: 'Daily Sync: 7 May',
      series: null,
      readingMinutes: 8,
      tags: ['daily-sync', 'energy'],
    });
  });

  it('sends the groups with a switch to restricted, and no groups for the team', () => {
    const restricted = {
      ...detailsValuesOf(current),
      visibility: 'restricted' as const,
      groupIds: ['g-lead'],
    };
    expect(detailsPatch(restricted, current)).toEqual({
      visibility: 'restricted',
      groupIds: ['g-lead'],
    });

    const wasRestricted = makeBriefing({ visibility: 'restricted', groups: [leadership] });
    const toTeam = { ...detailsValuesOf(wasRestricted), visibility: 'team' as const };
    expect(detailsPatch(toTeam, wasRestricted)).toEqual({ visibility: 'team' });
  });
});
