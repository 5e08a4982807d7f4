// @vitest-environment node
import { isHttpError, isRedirect } from '@sveltejs/kit';
import { describe, expect, it } from 'vitest';
import type { Role } from '$lib/roles';
import { fakeApi, requestEvent, type FakeRoutes } from '$lib/testing/fake-api';
import {
  contractError,
  jsonResponse,
  makeBriefing,
  makeGroup,
  makeParsedBriefing,
  makeUser,
} from '$lib/testing/factories';
import { actions, load } from './+page.server';

type LoadEvent = Parameters<typeof load>[0];
type ActionEvent = Parameters<NonNullable<typeof actions.preview>>[0];
type LoadData = Exclude<Awaited<ReturnType<typeof load>>, void>;

const PAGE = 'http://app.test/briefings/import';
const DOCUMENT = 'Daily Sync: May 7, 2026\n\nMay 7, 2026 By The CTO\n\nTech News\n\n• Item. Body.';

function formWith(fields: Record<string, string | string[] | File>): FormData {
  const form = new FormData();
  for (const [name, value] of Object.entries(fields)) {
    for (const one of Array.isArray(value) ? value : [value]) form.append(name, one);
  }
  return form;
}

function setup(routes: FakeRoutes, role: Role = 'editor') {
  const fake = fakeApi(routes);
  const user = makeUser({ role });
  return {
    ...fake,
    load: async (url = PAGE) =>
      (await load(requestEvent<LoadEvent>({ api: fake.api, user, url }))) as LoadData,
    post: async (action: 'preview' | 'save', form: FormData | Request) => {
      const run = actions[action];
      if (!run) throw new Error(`no ${action} action`);
      const event = requestEvent<ActionEvent>({
        api: fake.api,
        user,
        url: `${PAGE}?/${action}`,
        form: form instanceof FormData ? form : undefined,
      });
      if (form instanceof Request) Object.assign(event, { request: form });
      return run(event);
    },
  };
}

describe('import page load', () => {
  it('refuses members and viewers with the 403 page', async () => {
    const { load, calls } = setup({}, 'member');

    const outcome = await load().catch((thrown: unknown) => thrown);

    expect(isHttpError(outcome) && outcome.status).toBe(403);
    expect(isHttpError(outcome) && outcome.body.message).toMatch(/editors and admins/);
    expect(calls).toHaveLength(0);
  });

  it('offers the groups, sharing with the whole team by default', async () => {
    const group = makeGroup();
    const { load } = setup({ 'GET /api/groups': () => jsonResponse(200, { groups: [group] }) });

    await expect(load()).resolves.toMatchObject({
      groups: [group],
      replacing: null,
      defaults: { visibility: 'team', groupIds: [] },
    });
  });

  it('names the briefing being re-imported and keeps its audience', async () => {
    const group = makeGroup({ id: 'g-lead' });
    const existing = makeBriefing({ visibility: 'restricted', groups: [group] });
    const { load } = setup({
      'GET /api/groups': () => jsonResponse(200, { groups: [group] }),
      [`GET /api/briefings/${existing.id}`]: () => jsonResponse(200, existing),
    });

    await expect(load(`${PAGE}?replace=${existing.id}`)).resolves.toMatchObject({
      replacing: { id: existing.id, title: existing.title, publishedOn: '2026-05-07' },
      defaults: { visibility: 'restricted', groupIds: ['g-lead'] },
    });
  });
});

describe('import page actions', () => {
  const previewed = makeParsedBriefing();
  const previewRoute = {
    'POST /api/briefings/preview': () => jsonResponse(200, { briefings: [previewed] }),
  };

  it('previews pasted text by posting it as JSON with the chosen format', async () => {
    const { post, callsTo } = setup(previewRoute);

    const outcome = await post(
      'preview',
      formWith({ content: DOCUMENT, format: 'markdown', file: emptyFileInput() }),
    );

    expect(callsTo('POST', '/api/briefings/preview')[0]?.body).toEqual({
      content: DOCUMENT,
      format: 'markdown',
    });
    expect(outcome).toMatchObject({
      step: 'preview',
      preview: [previewed],
      values: { content: DOCUMENT },
    });
  });

  it('reads an uploaded file on the server, leaving the format to the API when auto', async () => {
    const { post, callsTo } = setup(previewRoute);
    const file = new File([`\uFEFF${DOCUMENT}`], 'daily-sync.txt', { type: 'text/plain' });

    const outcome = await post(
      'preview',
      formWith({ content: 'ignored when a file is chosen', format: '', file }),
    );

    expect(callsTo('POST', '/api/briefings/preview')[0]?.body).toEqual({ content: DOCUMENT });
    expect(outcome).toMatchObject({ values: { content: DOCUMENT, fileName: 'daily-sync.txt' } });
  });

  it('refuses a file of another kind, or one that is not text, without calling the API', async () => {
    const { post, calls } = setup(previewRoute);

    const pdf = await post('preview', formWith({ file: new File(['%PDF-1.7'], 'brief.pdf') }));
    const binary = await post(
      'preview',
      formWith({ file: new File([new Uint8Array([0xff, 0xfe, 0x00, 0xd8])], 'brief.txt') }),
    );

    expect(pdf).toMatchObject({
      status: 415,
      data: { problem: { message: 'This kind of document cannot be imported.' } },
    });
    expect(binary).toMatchObject({
      status: 415,
      data: { problem: { message: 'brief.txt is not a text document.' } },
    });
    expect(calls).toHaveLength(0);
  });

  it('asks for a document when none was given', async () => {
    const { post, calls } = setup(previewRoute);

    await expect(
      post('preview', formWith({ content: '   ', file: emptyFileInput() })),
    ).resolves.toMatchObject({
      status: 400,
      data: { problem: { message: 'Paste the briefing, or choose a file to upload.' } },
    });
    expect(calls).toHaveLength(0);
  });

  it('says which parts the API could not find in an unparseable document', async () => {
    const { post } = setup({
      'POST /api/briefings/preview': () =>
        contractError(
          422,
          'UNPARSEABLE_BRIEFING',
          'No title line or date was found: this does not look like a briefing.',
          {
            reason: 'NO_STRUCTURE',
            missing: ['title', 'publishedOn'],
          },
        ),
    });

    await expect(post('preview', formWith({ content: 'just some words' }))).resolves.toMatchObject({
      status: 422,
      data: {
        step: 'preview',
        values: { content: 'just some words' },
        problem: {
          message: 'We couldn’t find: a title, a date.',
          detail: 'No title line or date was found: this does not look like a briefing.',
        },
      },
    });
  });

  it('explains the 2 MB limit of the API, and the page server’s own upload limit apart from it', async () => {
    const { post } = setup({
      'POST /api/briefings/import': () => contractError(413, 'PAYLOAD_TOO_LARGE', 'Too large.'),
    });
    const tooLargeBody = new Request(PAGE, {
      method: 'POST',
      headers: { 'content-type': 'multipart/form-data; boundary=x' },
      body: new ReadableStream({
        start: (controller) =>
          controller.error(Object.assign(new Error('too big'), { status: 413 })),
      }),
      duplex: 'half',
    } as RequestInit);

    const fromApi = await post('save', formWith({ content: DOCUMENT, visibility: 'team' }));
    const fromBodyLimit = await post('save', tooLargeBody);

    expect(fromApi).toMatchObject({
      status: 413,
      data: { problem: { message: 'The document is larger than 2 MB.' }, values: { content: '' } },
    });
    expect(fromBodyLimit).toMatchObject({
      status: 413,
      data: {
        problem: {
          message: 'The upload is larger than this server accepts.',
          detail: expect.stringContaining('BODY_SIZE_LIMIT'),
        },
      },
    });
  });

  it('saves a new briefing and opens it with "Imported"', async () => {
    const saved = makeBriefing();
    const { post, callsTo } = setup({
      'POST /api/briefings/import': () => jsonResponse(201, saved),
    });

    const outcome = await post(
      'save',
      formWith({ content: DOCUMENT, visibility: 'team', groupIds: 'g-ignored' }),
    ).catch((thrown: unknown) => thrown);

    expect(callsTo('POST', '/api/briefings/import')[0]?.body).toEqual({
      content: DOCUMENT,
      visibility: 'team',
    });
    expect(isRedirect(outcome) && outcome.location).toBe(
      `/briefings/${saved.slug}?notice=imported`,
    );
  });

  it('opens an updated briefing with "Updated existing briefing" and sends the chosen groups', async () => {
    const saved = makeBriefing();
    const { post, callsTo } = setup({
      'POST /api/briefings/import': () => jsonResponse(200, saved),
    });

    const outcome = await post(
      'save',
      formWith({
        content: DOCUMENT,
        format: 'text',
        visibility: 'restricted',
        groupIds: ['g-1', 'g-2'],
      }),
    ).catch((thrown: unknown) => thrown);

    expect(callsTo('POST', '/api/briefings/import')[0]?.body).toEqual({
      content: DOCUMENT,
      format: 'text',
      visibility: 'restricted',
      groupIds: ['g-1', 'g-2'],
    });
    expect(isRedirect(outcome) && outcome.location).toBe(`/briefings/${saved.slug}?notice=updated`);
  });

  it('asks for a group before saving a restricted briefing', async () => {
    const { post, calls } = setup({});

    await expect(
      post('save', formWith({ content: DOCUMENT, visibility: 'restricted' })),
    ).resolves.toMatchObject({
      status: 400,
      data: { problem: { message: expect.stringMatching(/at least one group/) } },
    });
    expect(calls).toHaveLength(0);
  });

  it('refuses members with 403 on the actions too', async () => {
    const { post, calls } = setup({}, 'member');

    const outcome = await post('save', formWith({ content: DOCUMENT })).catch(
      (thrown: unknown) => thrown,
    );

    expect(isHttpError(outcome) && outcome.status).toBe(403);
    expect(calls).toHaveLength(0);
  });
});

/** What a browser sends for a file input left empty. */
function emptyFileInput(): File {
  return new File([], '', { type: 'application/octet-stream' });
}
