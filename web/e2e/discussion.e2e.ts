import { readFileSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ADMIN,
  launchBrowser,
  loadWholeThread,
  screenshotDir,
  startProduct,
  type Product,
  SETTLE,
  signIn,
} from './product.js';

/** DOMPurify's payloads, kept in the repository (resilience/fixtures/README.md): never skipped. */
const payloadsFile = resolve(import.meta.dirname, '../resilience/fixtures/dompurify-payloads.json');

const MIA = { email: 'mia@example.com', password: 'mia-password-long-enough', name: 'Mia Chen' };

/** How long a page may take to navigate, render or hear from the socket on a loaded 2-core machine. */
/** Screenshots a person looks at after the run (the thread with its notes and decision). */
const SHOTS = process.env.DISCUSSION_SCREENSHOT_DIR ?? '/tmp/briefroom-discussion-e2e';

interface Api {
  token: string;
  call<T>(
    method: string,
    path: string,
    body?: unknown,
    headers?: Record<string, string>,
  ): Promise<T>;
}

async function apiAs(product: Product, email: string, password: string): Promise<Api> {
  const login = await fetch(`${product.url}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password }),
  });
  expect(login.status).toBe(200);
  const { token } = (await login.json()) as { token: string };
  return {
    token,
    async call<T>(method: string, path: string, body?: unknown, headers = {}) {
      const response = await fetch(`${product.url}${path}`, {
        method,
        headers: {
          authorization: `Bearer ${token}`,
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
          ...headers,
        },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      const text = await response.text();
      if (!response.ok) throw new Error(`${method} ${path} → ${response.status}: ${text}`);
      return (text ? JSON.parse(text) : undefined) as T;
    },
  };
}

/**
 * A browser already signed in with an API session token (the API rate-limits sign-ins, and the
 * form is what the other tests check).
 */
async function signedIn(browser: Browser, product: Product, token: string) {
  const context = await browser.newContext({ viewport: { width: 1200, height: 900 } });
  await context.addCookies([
    { name: 'briefroom_session', value: token, url: product.url, httpOnly: true },
  ]);
  const page = await context.newPage();
  page.setDefaultTimeout(SETTLE.timeout);
  return { context, page };
}

/** The prompt threads of the sample briefing loaded on a new database. */
async function sampleThreads(admin: Api): Promise<string[]> {
  const briefing = await admin.call<{
    sections: Array<{ discussion: { threadId: string } | null }>;
  }>('GET', '/api/briefings/daily-sync-2026-05-07');
  return briefing.sections.flatMap((section) =>
    section.discussion ? [section.discussion.threadId] : [],
  );
}

describe('Discussing a prompt in the browser', () => {
  let product: Product;
  let browser: Browser;
  let admin: Api;
  let threads: string[];
  const previousRateLimit = process.env.COMMENT_RATE_LIMIT_PER_MINUTE;

  beforeAll(async () => {
    // The XSS test posts the whole corpus at once; the default limit is 30 comments a minute.
    process.env.COMMENT_RATE_LIMIT_PER_MINUTE = '100000';
    product = await startProduct();
    browser = await launchBrowser();
    await mkdir(screenshotDir, { recursive: true });
    await mkdir(SHOTS, { recursive: true });
    admin = await apiAs(product, ADMIN.email, ADMIN.password);
    threads = await sampleThreads(admin);
    expect(threads.length).toBeGreaterThanOrEqual(2);

    const created = await admin.call<{ url: string }>('POST', '/api/admin/invites', {
      email: MIA.email,
      role: 'member',
    });
    const inviteToken = created.url.split('/').pop() as string;
    await admin.call('POST', `/api/invites/${encodeURIComponent(inviteToken)}/accept`, {
      displayName: MIA.name,
      password: MIA.password,
    });
  });

  afterAll(async () => {
    if (previousRateLimit === undefined) delete process.env.COMMENT_RATE_LIMIT_PER_MINUTE;
    else process.env.COMMENT_RATE_LIMIT_PER_MINUTE = previousRateLimit;
    await browser?.close();
    if (product) expect(await product.stop()).toBe(0);
  });

  it('shows a comment and its reply live to two people in the same thread', async () => {
    const threadUrl = `${product.url}/threads/${threads[0]}`;
    const contextA = await browser.newContext({ viewport: { width: 1200, height: 900 } });
    const contextB = await browser.newContext({ viewport: { width: 1200, height: 900 } });
    const problems: string[] = [];
    const watch = (page: Page, who: string) => {
      page.on('pageerror', (error) => problems.push(`${who} page error: ${error.message}`));
      page.on('console', (message) => {
        if (/Content Security Policy/i.test(message.text()))
          problems.push(`${who}: ${message.text()}`);
      });
    };

    const pageA = await signIn(contextA, product, ADMIN.email, ADMIN.password);
    const pageB = await signIn(contextB, product, MIA.email, MIA.password);
    watch(pageA, 'A');
    watch(pageB, 'B');
    await pageA.goto(threadUrl);
    await pageB.goto(threadUrl);
    // Both sockets are in the thread's room once each page counts two readers.
    await expect.poll(() => pageA.getByText('2 reading').count(), { timeout: 15_000 }).toBe(1);
    await expect.poll(() => pageB.getByText('2 reading').count(), { timeout: 15_000 }).toBe(1);

    const text = 'Power and location belong in the AI infra review, not after it.';
    await pageA.getByRole('textbox', { name: 'Add to the discussion' }).fill(text);
    await pageA.getByRole('button', { name: 'Post comment' }).click();
    const onA = pageA.locator('article.comment', { hasText: text });
    await expect.poll(() => onA.count(), SETTLE).toBe(1);
    const parentId = ((await onA.getAttribute('id')) as string).replace('comment-', '');

    // B sees it arrive without reloading.
    const onB = pageB.locator(`#comment-${parentId}`);
    await expect.poll(() => onB.textContent(), SETTLE).toContain(text);

    const reply = 'Agreed: the grid connection date now decides the region.';
    await onB.getByRole('button', { name: /^Reply to/ }).click();
    await pageB.getByRole('textbox', { name: /^Reply to/ }).fill(reply);
    await pageB.getByRole('button', { name: 'Post reply' }).click();

    // A sees the reply live, nested under the comment it answers.
    const replyOnA = pageA.locator('article.comment', { hasText: reply });
    await expect.poll(() => replyOnA.count(), SETTLE).toBe(1);
    const parentOfReply = await replyOnA.evaluate(
      (article) => article.closest('ol.replies')?.closest('li')?.querySelector('article')?.id,
    );
    expect(parentOfReply).toBe(`comment-${parentId}`);
    // The reply notified A: the bell counts it without a reload.
    await expect
      .poll(() => pageA.locator('.bell').getAttribute('aria-label'), SETTLE)
      .toBe('Notifications, 1 unread');
    // …and says who and where to a screen reader, in words loaded with that first notification.
    await expect
      .poll(() => pageA.locator('.notification-bell [aria-live]').textContent(), SETTLE)
      .toContain(`${MIA.name} replied to you in`);
    // Posted once each, whatever arrived over the socket and in the answers.
    expect(await pageA.locator('article.comment').count()).toBe(2);
    expect(await pageB.locator('article.comment').count()).toBe(2);

    await pageA.screenshot({ path: join(screenshotDir, 'thread.png'), fullPage: true });
    expect(problems).toEqual([]);
    await contextA.close();
    await contextB.close();
  });

  it('shows a system note live to a second reader when an action from the thread changes status, and the decision at the top', async () => {
    const threadId = (threads[2] ?? threads[0]) as string;
    const threadUrl = `${product.url}/threads/${threadId}`;
    const { user: me } = await admin.call<{ user: { displayName: string } }>('GET', '/api/auth/me');
    const action = await admin.call<{ id: string }>('POST', '/api/actions', {
      title: 'Review vendor exposure',
      links: [{ type: 'discussion', id: threadId }],
    });
    const problems: string[] = [];
    const watch = (page: Page, who: string) => {
      page.on('pageerror', (error) => problems.push(`${who} page error: ${error.message}`));
      page.on('console', (message) => {
        if (/Content Security Policy/i.test(message.text()))
          problems.push(`${who}: ${message.text()}`);
      });
    };

    // Mia reads the thread; every replay she asks for is a thread:join on her socket.
    const mia = await apiAs(product, MIA.email, MIA.password);
    const reader = await signedIn(browser, product, mia.token);
    watch(reader.page, 'Mia');
    const joins: string[] = [];
    reader.page.on('websocket', (socket) =>
      socket.on('framesent', (frame) => {
        const text = typeof frame.payload === 'string' ? frame.payload : frame.payload.toString();
        if (text.includes('"thread:join"')) joins.push(text);
      }),
    );
    await reader.page.goto(threadUrl);
    await expect.poll(() => reader.page.getByText(/^\d+ reading$/).count(), SETTLE).toBe(1);
    await expect.poll(() => joins.length, SETTLE).toBeGreaterThan(0);
    const joinsBefore = joins.length;

    // The admin moves the action on its own page, in another browser.
    const writer = await signedIn(browser, product, admin.token);
    watch(writer.page, 'Admin');
    await writer.page.goto(`${product.url}/actions/${action.id}`);
    await writer.page.waitForLoadState('networkidle');
    await writer.page.getByRole('button', { name: 'Mark in progress' }).click();
    await expect
      .poll(
        async () =>
          (await admin.call<{ status: string }>('GET', `/api/actions/${action.id}`)).status,
        SETTLE,
      )
      .toBe('in_progress');

    // Mia sees the note arrive without reloading, linking to the action.
    const note = reader.page.locator('li.system-note', { hasText: 'Review vendor exposure' });
    await expect.poll(() => note.count(), SETTLE).toBe(1);
    expect((await note.textContent())?.replace(/\s+/g, ' ')).toContain(
      `${me.displayName} moved “Review vendor exposure” from open to in progress`,
    );
    expect(await note.getByRole('link').getAttribute('href')).toBe(`/actions/${action.id}`);
    // The Follow-ups panel says the same.
    const fromThread = reader.page.getByRole('list', { name: 'Actions from this discussion' });
    await expect
      .poll(
        () => fromThread.locator('li', { hasText: 'Review vendor exposure' }).textContent(),
        SETTLE,
      )
      .toContain('In progress');

    // The next comment takes the next seq: applied live, after the note, with no replay asked for.
    const comment = 'The vendor exposure review has started.';
    await admin.call('POST', `/api/threads/${threadId}/comments`, {
      body: comment,
      parentId: null,
    });
    await expect
      .poll(() => reader.page.locator('article.comment', { hasText: comment }).count(), SETTLE)
      .toBe(1);
    const timeline = () =>
      reader.page
        .locator('ol.tree > li')
        .evaluateAll(
          (rows, text) =>
            rows.map((row) =>
              row.classList.contains('system-note')
                ? 'note'
                : row.textContent?.includes(text)
                  ? 'new comment'
                  : 'comment',
            ),
          comment,
        );
    expect((await timeline()).slice(-2)).toEqual(['note', 'new comment']);
    expect(joins.length).toBe(joinsBefore);

    // A decision proposed in the thread and accepted: two more notes, and the decision on top.
    const decision = await admin.call<{ id: string }>('POST', '/api/decisions', {
      title: 'Vendors get a security review first',
      statement: 'No AI vendor goes live before its **security review** is done.',
      threadId,
    });
    await admin.call('PATCH', `/api/decisions/${decision.id}`, { status: 'accepted' });
    // Its statement's words without the Markdown: the parser loads when the decision arrives live.
    const block = reader.page.getByRole('region', { name: 'Decision' });
    await expect.poll(() => block.count(), SETTLE).toBe(1);
    expect(await block.textContent()).toContain(
      'No AI vendor goes live before its security review is done.',
    );
    expect(
      await block
        .getByRole('link', { name: 'Vendors get a security review first' })
        .getAttribute('href'),
    ).toBe(`/decisions/${decision.id}`);
    expect((await block.textContent())?.replace(/\s+/g, ' ')).toContain(
      `Decided by ${me.displayName}`,
    );
    await expect.poll(() => reader.page.locator('li.system-note').count(), SETTLE).toBe(3);
    expect(joins.length).toBe(joinsBefore);
    await expect
      .poll(
        () =>
          reader.page.getByRole('list', { name: 'Decisions from this discussion' }).textContent(),
        SETTLE,
      )
      .toMatch(/Vendors get a security review first\s*Accepted/);
    await reader.page.screenshot({ path: join(SHOTS, 'thread-notes-live.png'), fullPage: true });

    // Loaded afresh, the stored notes stand where they happened, and the decision stays on top.
    const live = await timeline();
    await reader.page.reload();
    await reader.page.waitForLoadState('networkidle');
    expect(await timeline()).toEqual(live);
    expect(live.slice(-4)).toEqual(['note', 'new comment', 'note', 'note']);
    expect(await reader.page.getByRole('region', { name: 'Decision' }).textContent()).toContain(
      'No AI vendor goes live before its security review is done.',
    );
    await reader.page.screenshot({ path: join(SHOTS, 'thread-notes.png'), fullPage: true });

    // Resolved: the outcome arrives live beside the decision, still with no replay asked for.
    const joinsAfterReload = joins.length;
    await admin.call('PATCH', `/api/threads/${threadId}`, {
      state: 'resolved',
      outcome: 'Security review before any AI vendor goes live.',
    });
    const outcome = reader.page.getByRole('region', { name: 'Outcome' });
    await expect.poll(() => outcome.count(), SETTLE).toBe(1);
    expect(
      await outcome.evaluate(
        (section) =>
          section.parentElement?.querySelector('[aria-labelledby="decided-heading"]') !== null,
      ),
    ).toBe(true);
    expect(joins.length).toBe(joinsAfterReload);
    await reader.page
      .locator('header.thread-head')
      .screenshot({ path: join(SHOTS, 'thread-resolved-head.png') });

    expect(problems).toEqual([]);
    await reader.context.close();
    await writer.context.close();
  });

  it('works without JavaScript: post, edit and its earlier version, react, short title, resolve', async () => {
    const threadId = (threads[3] ?? threads[0]) as string;
    const context = await browser.newContext({
      javaScriptEnabled: false,
      viewport: { width: 1200, height: 900 },
    });
    await context.addCookies([
      { name: 'briefroom_session', value: admin.token, url: product.url, httpOnly: true },
    ]);
    const page = await context.newPage();
    page.setDefaultTimeout(SETTLE.timeout);
    await page.goto(`${product.url}/threads/${threadId}`);

    // A plain POST form: the answer is the thread again, at the new comment.
    const text = 'Without JavaScript, the grid date still decides the region.';
    await page.getByRole('textbox', { name: 'Add to the discussion' }).fill(text);
    await page.getByRole('button', { name: 'Post comment' }).click();
    const posted = page.locator('article.comment', { hasText: text });
    await posted.waitFor();
    const comment = page.locator(`#${(await posted.getAttribute('id')) as string}`);
    expect(new URL(page.url()).hash).toBe(`#${(await posted.getAttribute('id')) as string}`);

    // Edit is a link to the page with the comment's form open.
    await comment.getByRole('link', { name: /^Edit comment by/ }).click();
    await page.getByRole('textbox', { name: 'Edit your comment' }).fill(`${text} Confirmed.`);
    await page.getByRole('button', { name: 'Save changes' }).click();
    await expect
      .poll(() => comment.locator('.comment-prose').textContent(), SETTLE)
      .toContain('Confirmed.');

    // "edited" opens (a native <details>) on a link that loads the earlier versions.
    await comment.locator('summary', { hasText: 'edited' }).click();
    await comment.getByRole('link', { name: 'Show earlier versions' }).click();
    await expect
      .poll(() => comment.locator('.versions').textContent(), SETTLE)
      .toMatch(/Version 1, replaced[\s\S]*the grid date still decides the region\.\s*$/);

    // "Add a reaction" shows this comment's choices; each is a button of the reactions form.
    await comment.getByRole('link', { name: 'Add a reaction' }).click();
    await comment.getByRole('button', { name: 'thumbs up', exact: true }).click();
    await expect
      .poll(() => comment.getByRole('button', { name: /^thumbs up: 1, including you/ }).count())
      .toBe(1);

    await page.locator('summary', { hasText: 'Edit short title' }).click();
    await page.getByLabel('Short title').fill('Infra plans vs power');
    await page.getByRole('button', { name: 'Save title' }).click();
    await expect
      .poll(() => page.locator('.short-title strong').textContent(), SETTLE)
      .toBe('Infra plans vs power');

    await page.locator('summary', { hasText: 'Resolve…' }).click();
    await page.getByLabel('Outcome').fill('Grid dates first, everywhere.');
    await page.getByRole('button', { name: 'Resolve thread' }).click();
    await expect
      .poll(() => page.getByRole('region', { name: 'Outcome' }).textContent(), SETTLE)
      .toContain('Grid dates first, everywhere.');
    await page.screenshot({ path: join(SHOTS, 'thread-without-javascript.png'), fullPage: true });
    await context.close();
  });

  it('runs none of the XSS corpus posted as comments, rendered by the server and live', async () => {
    const corpus = JSON.parse(readFileSync(payloadsFile, 'utf8')) as unknown[];
    const payloads = corpus
      .map((entry) =>
        typeof entry === 'string'
          ? entry
          : typeof entry === 'object' && entry !== null && 'payload' in entry
            ? String(entry.payload)
            : '',
      )
      .filter((payload) => payload.trim() !== '' && Buffer.byteLength(payload) <= 64 * 1024);
    expect(payloads.length).toBeGreaterThan(0);
    const threadId = threads[1] as string;
    const post = (body: string) =>
      admin.call('POST', `/api/threads/${threadId}/comments`, { body, parentId: null });

    // Most go in before the page opens (server-rendered, then "Load more" in the browser); the
    // last few arrive over the socket while it is open.
    const live = payloads.slice(-5);
    const before = payloads.slice(0, -5);
    for (let start = 0; start < before.length; start += 8) {
      await Promise.all(before.slice(start, start + 8).map(post));
    }

    const context = await browser.newContext();
    const page = await signIn(context, product, ADMIN.email, ADMIN.password);
    const dialogs: string[] = [];
    const foreignRequests: string[] = [];
    const origin = new URL(product.url).origin;
    page.on('dialog', (dialog) => {
      dialogs.push(`${dialog.type()}: ${dialog.message()}`);
      void dialog.dismiss();
    });
    page.on('request', (request) => {
      const url = request.url();
      if (url.startsWith('data:') || url.startsWith('blob:')) return;
      if (!url.startsWith(`${origin}/`)) foreignRequests.push(url);
    });

    await page.goto(`${product.url}/threads/${threadId}`, { waitUntil: 'networkidle' });
    await loadWholeThread(page, before.length);
    const articles = page.locator('article.comment');
    await expect.poll(() => page.getByText(/^\d+ reading$/).count(), SETTLE).toBe(1);

    for (const payload of live) await post(payload);
    await expect.poll(() => articles.count(), { timeout: 15_000 }).toBe(payloads.length);
    await page.waitForLoadState('networkidle');
    await page.waitForTimeout(500);

    const offending = await page.evaluate(() => {
      const found: string[] = [];
      const scriptish = /^(javascript|vbscript):/i;
      for (const element of document.querySelectorAll('*')) {
        for (const attribute of element.attributes) {
          const name = attribute.name.toLowerCase();
          // Browsers ignore whitespace and control characters inside a URL's scheme.
          const value = [...attribute.value]
            .filter((character) => character.charCodeAt(0) > 32)
            .join('')
            .toLowerCase();
          const where = `<${element.tagName.toLowerCase()} ${name}="${attribute.value.slice(0, 80)}">`;
          if (name.startsWith('on')) found.push(`event handler ${where}`);
          if (['href', 'src', 'action', 'formaction', 'xlink:href'].includes(name)) {
            if (scriptish.test(value)) found.push(`script URL ${where}`);
            const imageSource = element.tagName === 'IMG' && name === 'src';
            if (value.startsWith('data:') && !imageSource) found.push(`data URL ${where}`);
          }
        }
      }
      return found;
    });

    expect(offending).toEqual([]);
    expect(dialogs).toEqual([]);
    expect(foreignRequests).toEqual([]);
    await context.close();
  });
});
