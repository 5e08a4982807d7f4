import { existsSync, readFileSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN, launchBrowser, screenshotDir, startProduct, type Product } from './product.js';

const repoRoot = resolve(import.meta.dirname, '../..');
/** The shared XSS corpus; XSS_PAYLOADS_FILE points elsewhere (e.g. a smaller corpus) when set. */
const payloadsFile =
  process.env.XSS_PAYLOADS_FILE ??
  resolve(repoRoot, '../shared/fixtures/xss/dompurify-payloads.json');
const havePayloads = existsSync(payloadsFile);
if (!havePayloads) {
  console.warn(
    `[discussion.e2e] SKIPPING the XSS corpus test: ${payloadsFile} does not exist. ` +
      'Add the DOMPurify payload corpus there (or set XSS_PAYLOADS_FILE) to run it.',
  );
}

const MIA = { email: 'mia@example.com', password: 'mia-password-long-enough', name: 'Mia Chen' };

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

async function signIn(context: BrowserContext, product: Product, email: string, password: string) {
  const page = await context.newPage();
  await page.goto(`${product.url}/login`);
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect.poll(() => new URL(page.url()).pathname).toBe('/briefings');
  return page;
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
    await expect.poll(() => onA.count()).toBe(1);
    const parentId = ((await onA.getAttribute('id')) as string).replace('comment-', '');

    // B sees it arrive without reloading.
    const onB = pageB.locator(`#comment-${parentId}`);
    await expect.poll(() => onB.textContent(), { timeout: 10_000 }).toContain(text);

    const reply = 'Agreed: the grid connection date now decides the region.';
    await onB.getByRole('button', { name: /^Reply to/ }).click();
    await pageB.getByRole('textbox', { name: /^Reply to/ }).fill(reply);
    await pageB.getByRole('button', { name: 'Post reply' }).click();

    // A sees the reply live, nested under the comment it answers.
    const replyOnA = pageA.locator('article.comment', { hasText: reply });
    await expect.poll(() => replyOnA.count(), { timeout: 10_000 }).toBe(1);
    const parentOfReply = await replyOnA.evaluate(
      (article) => article.closest('ol.replies')?.closest('li')?.querySelector('article')?.id,
    );
    expect(parentOfReply).toBe(`comment-${parentId}`);
    // The reply notified A: the bell counts it without a reload.
    await expect
      .poll(() => pageA.locator('.bell').getAttribute('aria-label'), { timeout: 10_000 })
      .toBe('Notifications, 1 unread');
    // Posted once each, whatever arrived over the socket and in the answers.
    expect(await pageA.locator('article.comment').count()).toBe(2);
    expect(await pageB.locator('article.comment').count()).toBe(2);

    await pageA.screenshot({ path: join(screenshotDir, 'thread.png'), fullPage: true });
    expect(problems).toEqual([]);
    await contextA.close();
    await contextB.close();
  });

  it.skipIf(!havePayloads)(
    'runs none of the XSS corpus posted as comments, rendered by the server and live',
    async () => {
      const corpus = JSON.parse(readFileSync(payloadsFile, 'utf8')) as unknown[];
      const payloads = corpus
        .map((entry) =>
          typeof entry === 'string'
            ? entry
            : typeof entry === 'object' && entry !== null && 'payload' in entry
              ? String((entry as { payload: unknown }).payload)
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
      const articles = page.locator('article.comment');
      const loadMore = page.getByRole('link', { name: 'Load more comments' });
      while ((await loadMore.count()) > 0) {
        const shown = await articles.count();
        await loadMore.click();
        await expect.poll(() => articles.count()).toBeGreaterThan(shown);
      }
      await expect.poll(() => articles.count()).toBe(before.length);
      await expect.poll(() => page.getByText(/^\d+ reading$/).count()).toBe(1);

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
    },
  );
});
