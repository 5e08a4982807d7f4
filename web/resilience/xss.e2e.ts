// The XSS corpus on every surface that shows user or imported text, rendered in Chromium.
//
// Pages are opened with the Content-Security-Policy bypassed: the policy is the second line of
// defence, and this checks the first (the API's sanitisers, the pages' rendering). A payload that
// survives as an event handler then really runs and trips the page's alert/confirm/prompt/print,
// which report to the test; the DOM is also swept for handlers, script URLs and injected elements.
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { Browser, Page, Request } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ADMIN,
  apiAs,
  apiWithToken,
  launchBrowser,
  loadWholeThread,
  screenshotDir,
  startProduct,
  type Api,
  type Product,
} from '../e2e/product.js';
import {
  atomDocument,
  bundles,
  canonicalJson,
  CHUNK,
  chunks,
  FORGE_WORD,
  FORGING_COMMENT,
  htmlDocument,
  markdownDocument,
  oneLine,
  PAYLOADS,
  rssDocument,
  textDocument,
} from './xss-corpus.js';

const SETTLE = { timeout: 20_000 };
const MIA = { email: 'mia@example.com', password: 'mia-password-long-enough' };
/** Words from the payloads to search for: every hit's snippet is rendered as HTML. */
const SEARCH_WORDS = ['alert', 'onerror', 'javascript', 'svg', 'iframe', FORGE_WORD];
const day = (offset: number) => new Date(Date.UTC(2026, 2, 1 + offset)).toISOString().slice(0, 10);
const today = () => new Date().toISOString().slice(0, 10);

// ── Watching pages for anything that runs ────────────────────────────────────────────────────

/** A browser signed in as `token` whose pages report any payload that runs, loads or navigates. */
async function armedBrowser(browser: Browser, product: Product, token: string) {
  const context = await browser.newContext({
    bypassCSP: true,
    viewport: { width: 1280, height: 900 },
  });
  await context.addCookies([
    { name: 'briefroom_session', value: token, url: product.url, httpOnly: true },
  ]);
  const tripped: string[] = [];
  await context.exposeFunction('__xss', (what: string) => tripped.push(what));
  // What the corpus calls when it runs; a frame inherits the hook through its own init script.
  await context.addInitScript(() => {
    const report = (what: string) =>
      (window as unknown as { __xss?: (what: string) => void }).__xss?.(what);
    for (const name of ['alert', 'confirm', 'prompt', 'print'] as const) {
      Object.defineProperty(window, name, {
        configurable: false,
        writable: false,
        value: (...args: unknown[]) => report(`${name}(${args.map(String).join(', ')})`),
      });
    }
  });
  const origin = new URL(product.url).origin;
  const page = await context.newPage();
  page.setDefaultTimeout(SETTLE.timeout);
  page.on('dialog', (dialog) => {
    tripped.push(`${dialog.type()} dialog: ${dialog.message()}`);
    void dialog.dismiss();
  });
  // Requests still loading: an image that fails fires its onerror only when it is done.
  const loading = new Set<Request>();
  page.on('request', (request) => {
    const url = request.url();
    if (/^(data|blob|about):/.test(url)) return;
    if (new URL(url).origin !== origin) tripped.push(`request to ${url}`);
    // socket.io's long poll stays open by design.
    if (!url.includes('/socket.io/')) loading.add(request);
  });
  page.on('requestfinished', (request) => loading.delete(request));
  page.on('requestfailed', (request) => loading.delete(request));
  page.on('pageerror', (error) => tripped.push(`page error: ${error.message}`));
  page.on('popup', (popup) => tripped.push(`popup: ${popup.url()}`));
  /** Once nothing loads any more, every load and error event a payload waits for has fired. */
  const settled = async () => {
    await expect
      .poll(
        async () =>
          loading.size === 0 &&
          (await page.evaluate(() => {
            // Read through the prototype: an injected <img name=images> would clobber document.images.
            const images = Object.getOwnPropertyDescriptor(Document.prototype, 'images')!.get!;
            const all = images.call(document) as HTMLCollectionOf<HTMLImageElement>;
            return [...all].every((image) => image.complete);
          })),
        SETTLE,
      )
      .toBe(true);
    // Autofocus, focus and animation events fire within a frame or two.
    await page.evaluate(
      () =>
        new Promise<void>((done) =>
          requestAnimationFrame(() => requestAnimationFrame(() => setTimeout(done, 50))),
        ),
    );
  };
  return { context, page, tripped, settled };
}

/** Everything on the page that lets markup run code or load from elsewhere. */
function sweepDom(): string[] {
  // Injected names clobber DOM properties (<img name=body>, <form><input name=attributes>):
  // read the DOM only through the prototypes' own methods and getters.
  const getter = <T>(prototype: object, name: string) =>
    Object.getOwnPropertyDescriptor(prototype, name)!.get as (this: unknown) => T;
  const bodyOf = getter<HTMLElement>(Document.prototype, 'body');
  const tagOf = getter<string>(Element.prototype, 'tagName');
  const outerHtmlOf = getter<string>(Element.prototype, 'outerHTML');
  const idOf = getter<string>(Element.prototype, 'id');
  const textOf = getter<string | null>(Node.prototype, 'textContent');
  const within = (root: Document | Element, selector: string): Element[] => [
    ...(root instanceof Document
      ? Document.prototype.querySelectorAll.call(root, selector)
      : Element.prototype.querySelectorAll.call(root, selector)),
  ];
  const tag = (element: Element) => tagOf.call(element).toLowerCase();
  const describe = (element: Element) => outerHtmlOf.call(element).slice(0, 100);

  const found: string[] = [];
  // Where server HTML enters the page ({@html}), and the only elements it may bring.
  const htmlFromServer: Record<string, string[]> = {
    '.comment-prose': [
      ...['p', 'br', 'hr', 'em', 'strong', 'del', 's', 'code', 'pre', 'blockquote'],
      ...['ul', 'ol', 'li', 'a', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'span'],
      ...['table', 'thead', 'tbody', 'tr', 'th', 'td'],
    ],
    '.search-hit .title a, .snippet, .option-title, .option-snippet': ['mark'],
  };
  const injectable = ['iframe', 'frame', 'frameset', 'object', 'embed', 'applet', 'base', 'meta'];
  const neverInBody = [...injectable, 'link', 'style', 'template', 'foreignobject', 'portal'];
  const scriptish = /^(javascript|vbscript|data):/;
  const urlAttributes = ['href', 'src', 'action', 'formaction', 'xlink:href', 'data', 'poster'];

  for (const [containers, allowed] of Object.entries(htmlFromServer)) {
    for (const container of within(document, containers)) {
      for (const element of within(container, '*')) {
        if (!allowed.includes(tag(element)))
          found.push(`<${tag(element)}> inside ${containers}: ${describe(element)}`);
      }
    }
  }
  for (const element of within(bodyOf.call(document), '*')) {
    const name = tag(element);
    // SvelteKit's inline bootstrap is the one script the body holds.
    if (name === 'script' && !textOf.call(element)?.includes('__sveltekit_')) {
      found.push(`script: ${describe(element)}`);
    }
    if (neverInBody.includes(name)) found.push(`<${name}>: ${describe(element)}`);
    for (const attribute of Element.prototype.getAttributeNames.call(element)) {
      const raw = Element.prototype.getAttribute.call(element, attribute) ?? '';
      // Browsers ignore whitespace and control characters inside a URL's scheme.
      const value = [...raw]
        .filter((character) => character.charCodeAt(0) > 32)
        .join('')
        .toLowerCase();
      const shown = `<${name} ${attribute}="${raw.slice(0, 80)}">`;
      if (attribute.startsWith('on')) found.push(`event handler ${shown}`);
      if (attribute === 'srcdoc') found.push(`srcdoc ${shown}`);
      // The page's CSP allows one inline style attribute, SvelteKit's route announcer; an empty one does nothing.
      const styled = attribute === 'style' && raw.trim() !== '';
      if (styled && idOf.call(element) !== 'svelte-announcer') found.push(`style ${shown}`);
      if (urlAttributes.includes(attribute) && scriptish.test(value)) {
        if (!(name === 'img' && attribute === 'src' && value.startsWith('data:image/'))) {
          found.push(`script URL ${shown}`);
        }
      }
    }
  }
  return found;
}

interface Visit {
  path: string;
  /** Text the page must show, so the check is not passing on an empty or failed page. */
  shows: string | RegExp;
}

/**
 * Opens each page, lets it load, hydrate and run whatever it would, then returns what tripped
 * and what the DOM still holds, each prefixed with the page.
 */
async function sweep(
  armed: Awaited<ReturnType<typeof armedBrowser>>,
  product: Product,
  visits: Visit[],
  more?: (page: Page) => Promise<void>,
): Promise<string[]> {
  const findings: string[] = [];
  for (const { path, shows } of visits) {
    const { page, tripped } = armed;
    tripped.length = 0;
    const response = await page.goto(`${product.url}${path}`, { waitUntil: 'networkidle' });
    expect(response?.status(), path).toBe(200);
    await expect
      .poll(() => page.locator('main').first().innerText(), { ...SETTLE, message: path })
      .toMatch(shows);
    await more?.(page);
    await armed.settled();
    const left = new URL(page.url()).pathname !== new URL(`${product.url}${path}`).pathname;
    if (left) findings.push(`${path}: navigated to ${page.url()}`);
    findings.push(...tripped.map((what) => `${path}: ${what}`));
    findings.push(...(await page.evaluate(sweepDom)).map((what) => `${path}: ${what}`));
    // Hostile text must not hurt the page either: a long unbroken payload widening it past the window.
    const overflow = await page.evaluate(() => {
      const root = Object.getOwnPropertyDescriptor(Document.prototype, 'documentElement')!.get!;
      const html = root.call(document) as HTMLElement;
      return html.scrollWidth - html.clientWidth;
    });
    if (overflow > 0) findings.push(`${path}: wider than the window by ${overflow}px`);
  }
  return findings;
}

/** Polls `condition` (hooks cannot use expect.poll) until it holds, or fails naming `what`. */
async function until(
  condition: () => Promise<boolean>,
  what: string | (() => string),
  timeout = SETTLE.timeout,
) {
  const deadline = Date.now() + timeout;
  while (!(await condition())) {
    if (Date.now() > deadline)
      throw new Error(`Timed out waiting for ${typeof what === 'string' ? what : what()}.`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

// ── The suite ────────────────────────────────────────────────────────────────────────────────

interface Briefing {
  id: string;
  slug: string;
  title: string;
  sections: Array<{ discussion: { threadId: string } | null }>;
}

describe('The XSS corpus on every surface, rendered in Chromium', () => {
  let product: Product;
  let browser: Browser;
  let admin: Api;
  let mia: Api;
  let miaId: string;
  const briefings: Briefing[] = [];
  /** The thread holding every payload as a comment. */
  let corpusThread: string;
  const hostileNames: string[] = [];
  const groupIds: string[] = [];
  const actionBundles: string[] = [];
  const decisionBundles: string[] = [];
  let commentCount = 0;
  const savedEnv = { ...process.env };

  beforeAll(async () => {
    expect(PAYLOADS.length).toBeGreaterThan(0);
    console.info(`XSS corpus: ${PAYLOADS.length} distinct payloads`);
    // The corpus goes in as fast as the API takes it; reminders run often enough to notify.
    process.env.COMMENT_RATE_LIMIT_PER_MINUTE = '1000000';
    process.env.AUTH_RATE_LIMIT_PER_MINUTE = '1000000';
    process.env.REMINDER_INTERVAL_SECONDS = '2';
    product = await startProduct();
    browser = await launchBrowser();
    await mkdir(screenshotDir, { recursive: true });
    admin = await apiAs(product, ADMIN.email, ADMIN.password);

    const invited = await admin.call<{ url: string }>('POST', '/api/admin/invites', {
      email: MIA.email,
      role: 'member',
    });
    const accepted = await admin.call<{ user: { id: string }; token: string }>(
      'POST',
      `/api/invites/${invited.url.split('/').pop()}/accept`,
      { displayName: 'Mia Chen', password: MIA.password },
    );
    miaId = accepted.user.id;
    mia = apiWithToken(product, accepted.token);

    try {
      await importCorpus();
      await postComments();
      const hostile = await hostileUsers();
      await createGroups(hostile.map((user) => user.id));
      await createActions(hostile.map((user) => user.id));
      await createDecisions();
      await decorateAccounts();
      await hostileReplies(hostile.map((user) => user.token));
      await waitForIndexAndReminders();
    } catch (cause) {
      // The server's own log says why a write was refused or the product went away.
      console.error(product.output().slice(-8_000));
      throw cause;
    }
  }, 300_000);

  afterAll(async () => {
    process.env = savedEnv;
    await browser?.close();
    if (product) expect(await product.stop()).toBe(0);
  });

  async function importCorpus() {
    const imports: Array<[string, unknown, Record<string, string>]> = [
      // A raw text/plain body is sniffed, and markup makes this one read as HTML: say it is text.
      ['text', { content: textDocument(), format: 'text' }, {}],
      ['markdown', markdownDocument(), { 'content-type': 'text/markdown' }],
      ...chunks(PAYLOADS, CHUNK).map((part, i): [string, unknown, Record<string, string>] => [
        `html ${i + 1}`,
        htmlDocument(part, i),
        { 'content-type': 'text/html; charset=utf-8' },
      ]),
      ['json', { content: JSON.stringify(canonicalJson()), format: 'json' }, {}],
      ['rss', rssDocument(), { 'content-type': 'application/rss+xml; charset=utf-8' }],
      ['atom', atomDocument(), { 'content-type': 'application/atom+xml' }],
    ];
    for (const [format, body, headers] of imports) {
      const answer = await admin
        .call<Briefing | { briefings: Briefing[] }>('POST', '/api/briefings/import', body, headers)
        .catch((error: Error) => {
          throw new Error(`importing the corpus as ${format}: ${error.message}`);
        });
      briefings.push(...('briefings' in answer ? answer.briefings : [answer]));
    }
    const markdown = briefings.find((b) => b.title === 'XSS corpus as Markdown');
    corpusThread = markdown!.sections.find((s) => s.discussion)!.discussion!.threadId;
  }

  async function postComments() {
    const post = (body: string, parentId: string | null = null, as = admin) =>
      as.call<{ id: string }>('POST', `/api/threads/${corpusThread}/comments`, { body, parentId });
    for (const part of chunks([...PAYLOADS, FORGING_COMMENT], 8)) {
      await Promise.all(part.map((body) => post(body)));
    }
    commentCount = PAYLOADS.length + 1;
    // Mia's comment, which the hostile users answer and mention her in (her notifications).
    await post('Where do the payloads end up?', null, mia);
    commentCount += 1;
  }

  /** Users whose display names are payloads (as much as a name holds); each replies to Mia. */
  async function hostileUsers() {
    const vector = /on\w+\s*=|<script|javascript:|<iframe|<svg|<img|<object|<embed|<math|<a /i;
    const names = [
      ...new Set(
        PAYLOADS.map((payload) => oneLine(payload).slice(0, 100)).filter((n) => vector.test(n)),
      ),
    ].slice(0, 6);
    const users: Array<{ id: string; token: string }> = [];
    for (const [i, name] of names.entries()) {
      const invite = await admin.call<{ url: string }>('POST', '/api/admin/invites', {
        email: `hostile-${i}@example.com`,
        role: 'editor',
      });
      const { user, token } = await admin.call<{ user: { id: string }; token: string }>(
        'POST',
        `/api/invites/${invite.url.split('/').pop()}/accept`,
        { displayName: name, password: 'hostile-password-long' },
      );
      users.push({ id: user.id, token });
      hostileNames.push(name);
    }
    return users;
  }

  /** Last, so they head Mia's notifications: a reply that mentions her notifies once, as a mention. */
  async function hostileReplies(tokens: string[]) {
    type Page = { comments: Array<{ id: string; body: string }>; nextAfterSeq: number | null };
    const comments: Page['comments'] = [];
    for (let afterSeq: number | null = 0; afterSeq !== null;) {
      const page: Page = await admin.call<Page>(
        'GET',
        `/api/threads/${corpusThread}?limit=500&afterSeq=${afterSeq}`,
      );
      comments.push(...page.comments);
      afterSeq = page.nextAfterSeq;
    }
    const miasComment = comments.find((c) => c.body === 'Where do the payloads end up?')!;
    for (const [i, token] of tokens.entries()) {
      await apiWithToken(product, token).call('POST', `/api/threads/${corpusThread}/comments`, {
        body: i % 2 ? PAYLOADS[i] : `@mia ${PAYLOADS[i]}`,
        parentId: miasComment.id,
      });
      commentCount += 1;
    }
  }

  async function createGroups(memberIds: string[]) {
    const names = [...new Set(PAYLOADS.map((payload) => oneLine(payload).slice(0, 80)))];
    for (const part of chunks(names, 8)) {
      const created = await Promise.all(
        part.map((name) =>
          admin.call<{ group: { id: string } }>('POST', '/api/admin/groups', { name }),
        ),
      );
      groupIds.push(...created.map(({ group }) => group.id));
    }
    await admin.call('PUT', `/api/admin/groups/${groupIds[0]}/members`, {
      userIds: [...memberIds, miaId],
    });
    // A restricted briefing names its payload groups on its page and in the import picker.
    const json = briefings.find((b) => b.title === 'XSS corpus as JSON')!;
    await admin.call('PATCH', `/api/briefings/${json.id}`, {
      visibility: 'restricted',
      groupIds: groupIds.slice(0, 3),
    });
  }

  async function createActions(hostileIds: string[]) {
    const owners = [miaId, ...hostileIds];
    const briefing = briefings[0]!;
    const created: string[] = [];
    for (const part of chunks(PAYLOADS, 8)) {
      const ids = await Promise.all(
        part.map((payload) => {
          const i = created.length + part.indexOf(payload);
          return admin
            .call<{ id: string }>('POST', '/api/actions', {
              title: oneLine(payload).slice(0, 300) || 'payload',
              description: payload,
              ownerId: owners[i % owners.length],
              dueOn: i % 3 === 0 ? day(-400) : today(),
              priority: ['low', 'medium', 'high', 'urgent'][i % 4],
              links: [
                { type: 'briefing', id: briefing.id },
                { type: 'discussion', id: corpusThread },
              ],
            })
            .then((action) => action.id);
        }),
      );
      created.push(...ids);
    }
    // Status changes write system notes (with the titles) into the thread and notify the owners.
    for (const id of created.slice(0, 12)) {
      await admin.call('PATCH', `/api/actions/${id}`, { status: 'in_progress' });
    }
    for (const [i, text] of bundles().entries()) {
      const bundle = await admin.call<{ id: string }>('POST', '/api/actions', {
        title: `XSS bundle action ${i + 1}`,
        description: text,
        ownerId: miaId,
      });
      actionBundles.push(bundle.id);
    }
  }

  async function createDecisions() {
    for (const part of chunks(PAYLOADS, 8)) {
      const ids = await Promise.all(
        part.map((payload) =>
          admin
            .call<{ id: string }>('POST', '/api/decisions', {
              title: oneLine(payload).slice(0, 300) || 'payload',
              statement: payload,
              rationale: payload,
              alternatives: payload,
              threadId: corpusThread,
            })
            .then((decision) => decision.id),
        ),
      );
      // Accepted with a review date today: each lands in the review list and notifies.
      await Promise.all(
        ids
          .slice(0, 2)
          .map((id) =>
            admin.call('PATCH', `/api/decisions/${id}`, { status: 'accepted', reviewBy: today() }),
          ),
      );
    }
    for (const [i, text] of bundles().entries()) {
      const bundle = await admin.call<{ id: string }>('POST', '/api/decisions', {
        title: `XSS bundle decision ${i + 1}`,
        statement: text,
        rationale: text,
        alternatives: text,
      });
      decisionBundles.push(bundle.id);
    }
  }

  /** Token names, saved searches, synonyms and a thread outcome: the smaller text surfaces. */
  async function decorateAccounts() {
    for (const payload of PAYLOADS.slice(0, 5)) {
      await admin.call('POST', '/api/auth/tokens', { name: oneLine(payload).slice(0, 100) });
      await admin.call('POST', '/api/saved-searches', {
        name: oneLine(payload).slice(0, 120),
        query: 'alert',
      });
    }
    await admin.call('PUT', '/api/search/synonyms', {
      synonyms: [[oneLine(PAYLOADS[20]!).slice(0, 100), 'xss']],
    });
    const text = briefings.find((b) => b.title.startsWith('XSS corpus as text'))!;
    const threadId = text.sections.find((s) => s.discussion)!.discussion!.threadId;
    await admin.call('PATCH', `/api/threads/${threadId}`, {
      state: 'resolved',
      outcome: oneLine(PAYLOADS[9]!).slice(0, 280),
    });
  }

  async function waitForIndexAndReminders() {
    const searchCount = async (q: string, type: string) =>
      (
        await admin.call<{ hits: unknown[] }>(
          'GET',
          `/api/search?q=${encodeURIComponent(q)}&type=${type}`,
        )
      ).hits.length;
    // Hundreds of writes are still going through the outbox to Meilisearch.
    const indexed = (what: string) => () => `${what} in search (health: ${health})`;
    let health = '';
    const searchable = async (q: string, type: string, count: (n: number) => boolean) => {
      health = await fetch(`${product.url}/api/health`).then((r) => r.text());
      return count(await searchCount(q, type));
    };
    await until(
      () => searchable(FORGE_WORD, 'comment', (n) => n === 1),
      indexed('the forging comment'),
      120_000,
    );
    for (const type of ['briefing', 'item', 'discussion', 'comment', 'action', 'decision']) {
      await until(() => searchable('alert', type, (n) => n > 0), indexed(`${type} hits`));
    }
    const kinds = async (as: Api) => {
      const seen: string[] = [];
      let cursor: string | null = '';
      while (cursor !== null) {
        const page: { notifications: Array<{ kind: string }>; nextCursor: string | null } =
          await as.call('GET', `/api/notifications?cursor=${encodeURIComponent(cursor)}`);
        seen.push(...page.notifications.map((n) => n.kind));
        cursor = page.nextCursor;
      }
      return seen;
    };
    for (const [as, kind] of [
      [mia, 'mention'],
      [mia, 'reply'],
      [mia, 'action.overdue'],
      [admin, 'decision.review_due'],
    ] as const) {
      await until(async () => (await kinds(as)).includes(kind), `a ${kind} notification`);
    }
  }

  it('notices a payload that runs, so a quiet sweep means something (the tripwire itself)', async () => {
    const armed = await armedBrowser(browser, product, admin.token);
    // A rendering bug, simulated: markup from content put into the page as HTML.
    const findings = await sweep(
      armed,
      product,
      [{ path: '/briefings', shows: 'XSS corpus' }],
      (page) =>
        page.evaluate(() => {
          document
            .querySelector('main')!
            .insertAdjacentHTML(
              'beforeend',
              '<div class="comment-prose"><img src="x" onerror="alert(\'ran\')"><a href="javascript:alert(2)">x</a></div>',
            );
        }),
    );
    expect(findings).toEqual(
      expect.arrayContaining([
        '/briefings: alert(ran)',
        expect.stringMatching(/^\/briefings: <img> inside \.comment-prose/),
        expect.stringMatching(/^\/briefings: event handler <img onerror=/),
        expect.stringMatching(/^\/briefings: script URL <a href="javascript:alert\(2\)">/),
      ]),
    );
    await armed.context.close();
  });

  const briefingVisits = (): Visit[] =>
    briefings.map((b) => ({ path: `/briefings/${b.slug}`, shows: /\S/ }));

  it('runs nothing from briefings imported as text, Markdown, HTML, JSON, RSS and Atom', async () => {
    const armed = await armedBrowser(browser, product, admin.token);
    // A prompt's thread shows the prompt and the briefing's title: one per format that has prompts.
    const promptThreads = briefings
      .flatMap((b) => b.sections.flatMap((s) => (s.discussion ? [s.discussion.threadId] : [])))
      .slice(0, 3);
    const findings = await sweep(armed, product, [
      { path: '/briefings', shows: 'XSS corpus' },
      ...briefingVisits(),
      ...promptThreads.map((id) => ({ path: `/threads/${id}`, shows: /\S/ })),
      { path: '/discussions', shows: /\S/ },
      { path: '/briefings/import', shows: /Import/ },
    ]);
    await armed.page.goto(`${product.url}/briefings/${briefings[1]!.slug}`);
    await armed.page.screenshot({ path: join(screenshotDir, 'xss-briefing.png'), fullPage: false });
    expect(findings).toEqual([]);
    await armed.context.close();
  });

  it('runs nothing from comments, in the thread loaded by the server, page by page and live', async () => {
    const armed = await armedBrowser(browser, product, admin.token);
    const live = PAYLOADS.slice(-5);
    const findings = await sweep(
      armed,
      product,
      [{ path: `/threads/${corpusThread}`, shows: /\S/ }],
      async (page) => {
        await loadWholeThread(page, commentCount, SETTLE);
        await expect.poll(() => page.getByText(/^\d+ reading$/).count(), SETTLE).toBe(1);
        for (const body of live) {
          await admin.call('POST', `/api/threads/${corpusThread}/comments`, { body });
        }
        await expect
          .poll(() => page.locator('article.comment').count(), SETTLE)
          .toBe(commentCount + live.length);
        await page.screenshot({ path: join(screenshotDir, 'xss-thread.png') });
      },
    );
    commentCount += live.length;
    expect(findings).toEqual([]);
    await armed.context.close();
  });

  it('runs nothing from action titles and descriptions, in lists, the board and action pages', async () => {
    const armed = await armedBrowser(browser, product, admin.token);
    const pages = Math.ceil((PAYLOADS.length + actionBundles.length) / 50);
    const findings = await sweep(armed, product, [
      ...Array.from({ length: pages }, (_, i) => ({
        path: `/actions?page=${i + 1}`,
        shows: /\S/,
      })),
      { path: '/actions/board', shows: /\S/ },
      { path: '/actions/mine', shows: /\S/ },
      ...actionBundles.map((id) => ({ path: `/actions/${id}`, shows: 'XSS bundle action' })),
    ]);
    expect(findings).toEqual([]);
    await armed.context.close();
  });

  it('runs nothing from decision titles, statements, rationales and alternatives', async () => {
    const armed = await armedBrowser(browser, product, admin.token);
    const pages = Math.ceil((PAYLOADS.length + decisionBundles.length) / 50);
    const findings = await sweep(armed, product, [
      ...Array.from({ length: pages }, (_, i) => ({
        path: `/decisions?page=${i + 1}`,
        shows: /\S/,
      })),
      { path: '/decisions/review', shows: /\S/ },
      ...decisionBundles.map((id) => ({ path: `/decisions/${id}`, shows: 'XSS bundle decision' })),
    ]);
    expect(findings).toEqual([]);
    await armed.context.close();
  });

  it('runs nothing from search snippets, on the results page and in the search box', async () => {
    const armed = await armedBrowser(browser, product, admin.token);
    const findings = await sweep(armed, product, [
      ...SEARCH_WORDS.map((word) => ({
        path: `/search?q=${encodeURIComponent(word)}`,
        shows: /result/i,
      })),
      ...['comment', 'action', 'decision'].map((type) => ({
        path: `/search?q=alert&type=${type}`,
        shows: /result/i,
      })),
      { path: '/search/saved', shows: /\S/ },
    ]);
    // The forging comment's private-use and control characters mark nothing but the word itself.
    await armed.page.goto(`${product.url}/search?q=${FORGE_WORD}`, { waitUntil: 'networkidle' });
    const marks = await armed.page.locator('main mark').allInnerTexts();
    expect(marks.length).toBeGreaterThan(0);
    expect(marks.map((mark) => mark.toLowerCase())).toEqual(marks.map(() => FORGE_WORD));
    await armed.page.screenshot({ path: join(screenshotDir, 'xss-search.png') });

    const findingsInBox = await sweep(
      armed,
      product,
      [{ path: '/briefings', shows: 'XSS corpus' }],
      async (page) => {
        const box = page.getByRole('combobox').first();
        await box.fill('onerror');
        await expect.poll(() => page.locator('.option-snippet').count(), SETTLE).toBeGreaterThan(0);
      },
    );
    expect([...findings, ...findingsInBox]).toEqual([]);
    await armed.context.close();
  });

  it('runs nothing from hostile names and titles in notifications', async () => {
    const asMia = await armedBrowser(browser, product, mia.token);
    const asAdmin = await armedBrowser(browser, product, admin.token);
    const findings = [
      ...(await sweep(asMia, product, [
        { path: '/notifications', shows: /\S/ },
        { path: '/actions/mine', shows: /\S/ },
      ])),
      ...(await sweep(asAdmin, product, [{ path: '/notifications', shows: /\S/ }])),
    ];
    await asMia.page.goto(`${product.url}/notifications`, { waitUntil: 'networkidle' });
    await asMia.page.screenshot({ path: join(screenshotDir, 'xss-notifications.png') });
    expect(findings).toEqual([]);
    await asMia.context.close();
    await asAdmin.context.close();
  });

  it('runs nothing from group names, display names, token names and synonyms on admin pages', async () => {
    const armed = await armedBrowser(browser, product, admin.token);
    const findings = await sweep(armed, product, [
      { path: '/admin/users', shows: /hostile-0@example.com/ },
      { path: '/admin/groups', shows: /\S/ },
      ...groupIds.slice(0, 2).map((id) => ({ path: `/admin/groups/${id}`, shows: /\S/ })),
      { path: '/admin/search', shows: /Synonym groups/ },
      { path: '/account', shows: /\S/ },
    ]);
    expect(hostileNames.length).toBeGreaterThan(0);
    expect(findings).toEqual([]);
    await armed.context.close();
  });
});
