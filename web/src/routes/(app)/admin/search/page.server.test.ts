// @vitest-environment node
import { isHttpError } from '@sveltejs/kit';
import { describe, expect, it } from 'vitest';
import type { Role } from '$lib/roles';
import { fakeApi, requestEvent, type FakeRoutes } from '$lib/testing/fake-api';
import { contractError, jsonResponse, makeUser } from '$lib/testing/factories';
import { actions, load } from './+page.server';

type LoadEvent = Parameters<typeof load>[0];
type ActionEvent = Parameters<NonNullable<typeof actions.save>>[0];
type Data = Exclude<Awaited<ReturnType<typeof load>>, void>;

const PATH = '/api/search/synonyms';
const stored = [
  ['k8s', 'kubernetes'],
  ['ai', 'artificial intelligence'],
];

function setup(routes: FakeRoutes, role: Role = 'admin') {
  const fake = fakeApi(routes);
  const user = makeUser({ id: 'u-admin', role });
  const url = 'http://app.test/admin/search';
  return {
    ...fake,
    load: async () => (await load(requestEvent<LoadEvent>({ api: fake.api, user, url }))) as Data,
    post: (name: string, form: FormData) => {
      const run = (actions as Record<string, (event: ActionEvent) => unknown>)[name];
      if (!run) throw new Error(`no ${name} action`);
      return Promise.resolve(run(requestEvent<ActionEvent>({ api: fake.api, user, url, form })));
    },
  };
}

function rows(...values: string[]): FormData {
  const form = new FormData();
  for (const value of values) form.append('group', value);
  return form;
}

/** Answers a PUT with what it was sent, lowercased and de-duplicated the way the API stores it. */
const echoPut: FakeRoutes = {
  [`PUT ${PATH}`]: (call) =>
    jsonResponse(200, {
      synonyms: (call.body as { synonyms: string[][] }).synonyms.map((group) => [
        ...new Set(group.map((term) => term.trim().toLowerCase())),
      ]),
    }),
};

describe('search synonyms administration', () => {
  it('loads the stored groups', async () => {
    const { load, callsTo } = setup({
      [`GET ${PATH}`]: () => jsonResponse(200, { synonyms: stored }),
    });

    const data = await load();

    expect(data.synonyms).toEqual(stored);
    expect(callsTo('GET', PATH)).toHaveLength(1);
  });

  it('shows the error page with the API’s status when the list cannot be read', async () => {
    const { load } = setup({
      [`GET ${PATH}`]: () => contractError(503, 'SERVICE_UNAVAILABLE', 'The database is down.'),
    });

    const outcome = await load().catch((thrown: unknown) => thrown);

    expect(isHttpError(outcome) && outcome.status).toBe(503);
    expect(isHttpError(outcome) && outcome.body.message).toBe('The database is down.');
  });

  it('replaces the whole list with the parsed rows: trimmed, lowercased, empty rows dropped', async () => {
    const { post, callsTo } = setup(echoPut);

    const outcome = await post(
      'save',
      rows(' K8s , Kubernetes ', '', 'AI,  Artificial   Intelligence, ai', '   '),
    );

    expect(callsTo('PUT', PATH)[0]?.body).toEqual({
      synonyms: [
        ['k8s', 'kubernetes'],
        ['ai', 'artificial intelligence'],
      ],
    });
    expect(outcome).toEqual({
      success: 'Saved 2 synonym groups. Searches use them from now on.',
    });
  });

  it('saves an empty list when every row is blank, and says what that means', async () => {
    const { post, callsTo } = setup(echoPut);

    const outcome = await post('save', rows('', ' '));

    expect(callsTo('PUT', PATH)[0]?.body).toEqual({ synonyms: [] });
    expect(outcome).toEqual({
      success: 'Saved: there are no synonym groups now, so searches match only what is typed.',
    });
  });

  it('refuses bad rows with a sentence per row, keeps what was typed and calls nothing', async () => {
    const { post, calls } = setup(echoPut);

    const outcome = await post('save', rows('k8s, kubernetes', '', 'Kubernetes', 'x, X'));

    expect(calls).toHaveLength(0);
    expect(outcome).toMatchObject({
      status: 400,
      data: {
        rows: ['k8s, kubernetes', 'Kubernetes', 'x, X'],
        rowErrors: {
          1: 'Give at least two terms, separated by commas.',
          2: 'These terms are the same once lowercased: give at least two different ones.',
        },
        message: '2 groups need fixing before the list can be saved: see the marked rows.',
      },
    });
  });

  it('shows the API’s refusal next to the row it names', async () => {
    const { post } = setup({
      [`PUT ${PATH}`]: () =>
        contractError(400, 'VALIDATION_FAILED', 'Each synonym group needs two different terms.', {
          fields: { 'synonyms.1': ['needs two different terms'] },
        }),
    });

    const outcome = await post('save', rows('a, b', 'c, d'));

    expect(outcome).toMatchObject({
      status: 400,
      data: {
        rows: ['a, b', 'c, d'],
        rowErrors: { 1: 'Needs two different terms.' },
        message: 'Each synonym group needs two different terms.',
        code: 'VALIDATION_FAILED',
      },
    });
  });

  it('says the list is saved but not applied yet when search is unavailable', async () => {
    const { post, callsTo } = setup({
      [`PUT ${PATH}`]: () =>
        contractError(503, 'SEARCH_UNAVAILABLE', 'Search is unavailable right now.'),
    });

    const outcome = await post('save', rows('k8s, kubernetes'));

    expect(callsTo('PUT', PATH)).toHaveLength(1);
    expect(outcome).toEqual({
      warning: expect.stringMatching(/^The synonyms are saved, but search is unavailable/),
    });
  });

  it('passes on a refusal by the API, such as a role taken away meanwhile', async () => {
    const { post } = setup({
      [`PUT ${PATH}`]: () => contractError(403, 'FORBIDDEN', 'Only admins can do this.'),
    });

    const outcome = await post('save', rows('k8s, kubernetes'));

    expect(outcome).toMatchObject({
      status: 403,
      data: { rows: ['k8s, kubernetes'], rowErrors: {}, message: 'Only admins can do this.' },
    });
  });

  it('adds and removes rows without saving (the form without JavaScript)', async () => {
    const { post, calls } = setup(echoPut);

    const added = await post('addRow', rows('k8s, kubernetes', 'ai, ml'));
    const removeForm = rows('k8s, kubernetes', 'ai, ml', 'x, y');
    removeForm.append('remove', '1');
    const removed = await post('removeRow', removeForm);

    expect(added).toEqual({ rows: ['k8s, kubernetes', 'ai, ml', ''], draft: true });
    expect(removed).toEqual({ rows: ['k8s, kubernetes', 'x, y'], draft: true });
    expect(calls).toHaveLength(0);
  });

  it('refuses editors with 403 on the page and every action, and calls nothing', async () => {
    const { load, post, calls } = setup(
      { [`GET ${PATH}`]: () => jsonResponse(200, { synonyms: stored }), ...echoPut },
      'editor',
    );

    const outcomes = [
      await load().catch((thrown: unknown) => thrown),
      ...(await Promise.all(
        ['save', 'addRow', 'removeRow'].map((name) =>
          post(name, rows('k8s, kubernetes')).catch((thrown: unknown) => thrown),
        ),
      )),
    ];

    for (const outcome of outcomes) expect(isHttpError(outcome) && outcome.status).toBe(403);
    expect(calls).toHaveLength(0);
  });
});
