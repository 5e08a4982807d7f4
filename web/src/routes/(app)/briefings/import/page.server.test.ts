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
    post: async (action: 'preview' | 'save' | 'importUrl', form: FormData | Request) => {
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

describe('import page: the date of an undated document', () => {
  it('sends the date confirmed in the preview with the preview and the import', async () => {
    const saved = makeBriefing();
    const { post, callsTo } = setup({
      'POST /api/briefings/preview': () =>
        jsonResponse(200, {
          briefings: [makeParsedBriefing({ publishedOn: '2026-04-30', assumed: ['publishedOn'] })],
        }),
      'POST /api/briefings/import': () => jsonResponse(201, saved),
    });

    const previewed = await post(
      'preview',
      formWith({ content: 'Just prose.', publishedOn: '2026-04-30', file: emptyFileInput() }),
    );
    const imported = await post(
      'save',
      formWith({ content: 'Just prose.', publishedOn: '2026-04-30', visibility: 'team' }),
    ).catch((thrown: unknown) => thrown);

    expect(callsTo('POST', '/api/briefings/preview')[0]?.body).toEqual({
      content: 'Just prose.',
      publishedOn: '2026-04-30',
    });
    expect(previewed).toMatchObject({ values: { publishedOn: '2026-04-30' } });
    expect(callsTo('POST', '/api/briefings/import')[0]?.body).toEqual({
      content: 'Just prose.',
      publishedOn: '2026-04-30',
      visibility: 'team',
    });
    expect(isRedirect(imported) && imported.location).toBe(
      `/briefings/${saved.slug}?notice=imported`,
    );
  });

  it('leaves the date to the API when none was confirmed', async () => {
    const { post, callsTo } = setup({
      'POST /api/briefings/preview': () => jsonResponse(200, { briefings: [makeParsedBriefing()] }),
    });

    await post('preview', formWith({ content: DOCUMENT, publishedOn: '' }));

    expect(callsTo('POST', '/api/briefings/preview')[0]?.body).toEqual({ content: DOCUMENT });
  });

  it('refuses a date that is not a calendar date, without calling the API', async () => {
    const { post, calls } = setup({});

    const outcome = await post(
      'save',
      formWith({ content: DOCUMENT, publishedOn: '2026-02-30', visibility: 'team' }),
    );

    expect(outcome).toMatchObject({
      status: 400,
      data: {
        step: 'save',
        values: { content: DOCUMENT, publishedOn: '2026-02-30' },
        problem: { message: 'Enter the date as a calendar date, like 2026-05-07.' },
      },
    });
    expect(calls).toHaveLength(0);
  });
});

describe('import page: from a web address', () => {
  const PAGE_URL = 'https://news.example.com/briefings/2026-05-07';

  it('asks the API to fetch and import the page for the chosen groups, then opens it', async () => {
    const saved = makeBriefing();
    const { post, callsTo } = setup({
      'POST /api/briefings/import-url': () => jsonResponse(201, saved),
    });

    const outcome = await post(
      'importUrl',
      formWith({
        url: ` ${PAGE_URL} `,
        content: 'pasted text stays out of it',
        publishedOn: '2026-01-01',
        visibility: 'restricted',
        groupIds: ['g-1'],
        file: emptyFileInput(),
      }),
    ).catch((thrown: unknown) => thrown);

    expect(callsTo('POST', '/api/briefings/import-url')[0]?.body).toEqual({
      url: PAGE_URL,
      visibility: 'restricted',
      groupIds: ['g-1'],
    });
    expect(isRedirect(outcome) && outcome.location).toBe(
      `/briefings/${saved.slug}?notice=imported`,
    );
  });

  it('reads a bare address as https, and opens an updated briefing with "Updated"', async () => {
    const saved = makeBriefing();
    const { post, callsTo } = setup({
      'POST /api/briefings/import-url': () => jsonResponse(200, saved),
    });

    const outcome = await post(
      'importUrl',
      formWith({ url: 'news.example.com/daily', visibility: 'team' }),
    ).catch((thrown: unknown) => thrown);

    expect(callsTo('POST', '/api/briefings/import-url')[0]?.body).toEqual({
      url: 'https://news.example.com/daily',
      visibility: 'team',
    });
    expect(isRedirect(outcome) && outcome.location).toBe(`/briefings/${saved.slug}?notice=updated`);
  });

  it('says in plain words that a private address is not fetched, keeping what was typed', async () => {
    const { post } = setup({
      'POST /api/briefings/import-url': () =>
        contractError(
          422,
          'URL_NOT_ALLOWED',
          'intranet.corp resolves to a loopback, private, link-local or metadata address, which Briefroom does not fetch.',
          { reason: 'not_allowed' },
        ),
    });

    const outcome = await post(
      'importUrl',
      formWith({ url: 'https://intranet.corp/brief', content: 'kept', visibility: 'team' }),
    );

    expect(outcome).toMatchObject({
      status: 422,
      data: {
        step: 'url',
        values: { url: 'https://intranet.corp/brief', content: 'kept' },
        urlProblem: {
          message:
            'That address is on a private network; Briefroom only fetches public pages (an admin can allow internal hosts with OUTBOUND_ALLOWLIST).',
          detail: expect.stringContaining('intranet.corp resolves to'),
        },
      },
    });
  });

  it('names what went wrong fetching the page, with the API’s own sentence', async () => {
    const answers = [
      contractError(422, 'URL_FETCH_FAILED', 'news.example.com did not answer within 10 s.', {
        reason: 'timeout',
      }),
      contractError(422, 'URL_FETCH_FAILED', 'news.example.com answered HTTP 404.', {
        reason: 'http_status',
        status: 404,
      }),
      contractError(413, 'PAYLOAD_TOO_LARGE', 'The document at the URL is larger than 2 MB.', {
        reason: 'too_large',
      }),
      contractError(
        415,
        'UNSUPPORTED_MEDIA_TYPE',
        'The URL serves image/png, which is not a document Briefroom imports.',
        { reason: 'content_type' },
      ),
    ];
    const { post } = setup({ 'POST /api/briefings/import-url': () => answers.shift()! });
    const form = () => formWith({ url: PAGE_URL, visibility: 'team' });

    const outcomes = [];
    for (let i = 0; i < 4; i++) outcomes.push(await post('importUrl', form()));

    expect(outcomes.map((outcome) => [outcome?.status, outcome?.data.urlProblem])).toEqual([
      [
        422,
        {
          message: 'The page took too long to answer.',
          detail: 'news.example.com did not answer within 10 s.',
        },
      ],
      [
        422,
        {
          message: 'The page could not be fetched.',
          detail: 'news.example.com answered HTTP 404.',
        },
      ],
      [
        413,
        {
          message: 'The page is larger than 2 MB.',
          detail: 'The document at the URL is larger than 2 MB.',
        },
      ],
      [
        415,
        {
          message: 'That address does not serve a document Briefroom imports.',
          detail: expect.stringContaining('The URL serves image/png'),
        },
      ],
    ]);
  });

  it('shows the API’s message for a validation error', async () => {
    const { post } = setup({
      'POST /api/briefings/import-url': () =>
        contractError(400, 'VALIDATION_FAILED', 'groupIds must be UUIDs.'),
    });

    await expect(
      post('importUrl', formWith({ url: PAGE_URL, visibility: 'restricted', groupIds: 'g' })),
    ).resolves.toMatchObject({
      status: 400,
      data: { step: 'url', urlProblem: { message: 'groupIds must be UUIDs.', detail: null } },
    });
  });

  it('refuses a missing or non-web address, or a restricted import without groups, before the API', async () => {
    const { post, calls } = setup({});

    const outcomes = await Promise.all(
      [
        { url: '  ', visibility: 'team' },
        { url: 'javascript:alert(1)', visibility: 'team' },
        { url: 'ftp://files.example.com/brief.txt', visibility: 'team' },
        { url: 'draft', visibility: 'team' },
        { url: 'https://me:secret@news.example.com/', visibility: 'team' },
        { url: `https://news.example.com/${'a'.repeat(2050)}`, visibility: 'team' },
        { url: PAGE_URL, visibility: 'restricted' },
      ].map((fields) => post('importUrl', formWith(fields))),
    );

    expect(outcomes.map((outcome) => [outcome?.status, outcome?.data.urlProblem?.message])).toEqual(
      [
        [400, 'Enter the address of the page to import.'],
        [400, 'Enter a full web address, starting with https:// or http://.'],
        [400, 'Enter a full web address, starting with https:// or http://.'],
        [400, 'Enter a full web address, starting with https:// or http://.'],
        [
          400,
          'Leave the user name and password out of the address: Briefroom fetches public pages only.',
        ],
        [400, 'That address is longer than 2,048 characters.'],
        [400, expect.stringMatching(/at least one group/)],
      ],
    );
    expect(calls).toHaveLength(0);
  });

  it('refuses members with 403', async () => {
    const { post, calls } = setup({}, 'member');

    const outcome = await post('importUrl', formWith({ url: PAGE_URL })).catch(
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
