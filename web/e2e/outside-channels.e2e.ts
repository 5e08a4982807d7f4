import { mkdir, readFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import { join, resolve } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ADMIN,
  apiAs,
  launchBrowser,
  SETTLE,
  signIn,
  startProduct,
  type Api,
  type Product,
} from './product.js';

// Issue 16's pages in the browser: the webhooks admin page, the e-mail settings and feed-reader
// addresses on the account page, and the unsubscribe page an e-mail's link opens (reached from a
// real notification e-mail caught by a real SMTP server). Each at 1280 and 390 px, screenshots in
// web/test-results/outside/, axe-core with zero violations, no sideways scroll on a phone.

const BRIEFING = 'daily-sync-2026-05-07';
const MIA = { email: 'mia@example.com', password: 'mia-password-long-enough', name: 'Mia Chen' };
const SHOTS = resolve(import.meta.dirname, '../test-results/outside');
const WIDTHS = [1280, 390] as const;

async function axe(page: Page): Promise<string[]> {
  const source = await readFile(
    createRequire(import.meta.url).resolve('axe-core/axe.min.js'),
    'utf8',
  );
  await page.evaluate(source);
  return page.evaluate(async () => {
    const { axe: engine } = window as unknown as {
      axe: {
        run(
          context: unknown,
          options: unknown,
        ): Promise<{
          violations: Array<{
            id: string;
            impact: string | null;
            nodes: Array<{ target: unknown }>;
          }>;
        }>;
      };
    };
    const result = await engine.run(document, {
      rules: { 'label-content-name-mismatch': { enabled: true } },
    });
    return result.violations.map(
      (v) => `${v.id} (${v.impact}): ${v.nodes.map((n) => JSON.stringify(n.target)).join(' ')}`,
    );
  });
}

/** Screenshots at both widths, axe at both, no sideways scroll at 390 px; returns what is wrong. */
async function check(context: () => Promise<Page>, path: string, name: string): Promise<string[]> {
  const problems: string[] = [];
  const page = await context();
  for (const width of WIDTHS) {
    await page.setViewportSize({ width, height: 900 });
    await page.goto(path, { waitUntil: 'networkidle' });
    await page.screenshot({ path: join(SHOTS, `${name}-${width}.png`), fullPage: true });
    const overflow = await page.evaluate(
      () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
    );
    if (overflow > 0) problems.push(`${name} scrolls sideways at ${width} px by ${overflow} px`);
    for (const violation of await axe(page)) problems.push(`${name} at ${width} px: ${violation}`);
  }
  return problems;
}

/** A real SMTP server keeping each message's decoded text. */
async function startInbox(): Promise<{ url: string; mails: string[]; close(): Promise<void> }> {
  const mails: string[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onData(stream, _session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        // quoted-printable: soft line breaks and =XX escapes
        mails.push(
          Buffer.concat(chunks)
            .toString('utf8')
            .replace(/=\r?\n/g, '')
            .replace(/=([0-9A-F]{2})/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16))),
        );
        callback();
      });
    },
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const { port } = server.server.address() as AddressInfo;
  return {
    url: `smtp://127.0.0.1:${port}`,
    mails,
    close: () => new Promise<void>((done) => server.close(() => done())),
  };
}

describe('Reaching people outside the app, in the browser', () => {
  let product: Product;
  let browser: Browser;
  let admin: Api;
  let inbox: Awaited<ReturnType<typeof startInbox>>;
  let receiver: Server;
  let receiverUrl: string;
  let threadId: string;
  const contexts: BrowserContext[] = [];
  const saved = { SMTP_URL: process.env.SMTP_URL, MAIL_FROM: process.env.MAIL_FROM };

  beforeAll(async () => {
    await mkdir(SHOTS, { recursive: true });
    inbox = await startInbox();
    receiver = createServer((_request, response) => response.writeHead(204).end());
    await new Promise<void>((done) => receiver.listen(0, '127.0.0.1', done));
    const { port } = receiver.address() as AddressInfo;
    receiverUrl = `http://127.0.0.1:${port}/hook`;
    // the product reads its configuration from the environment it is started with
    process.env.SMTP_URL = inbox.url;
    process.env.MAIL_FROM = 'Briefroom <briefroom@example.com>';
    process.env.OUTBOUND_ALLOWLIST = `127.0.0.1:${port}`;
    process.env.NOTIFICATION_BATCH_SECONDS = '1';
    product = await startProduct();
    browser = await launchBrowser();
    admin = await apiAs(product, ADMIN.email, ADMIN.password);
    const invite = await admin.call<{ url: string }>('POST', '/api/admin/invites', {
      email: MIA.email,
      role: 'member',
    });
    await admin.call(
      'POST',
      `/api/invites/${encodeURIComponent(invite.url.split('/').pop() as string)}/accept`,
      { displayName: MIA.name, password: MIA.password },
    );
    const briefing = await admin.call<{
      sections: Array<{ discussion: { threadId: string } | null }>;
    }>('GET', `/api/briefings/${BRIEFING}`);
    threadId = briefing.sections.find((section) => section.discussion)?.discussion
      ?.threadId as string;
    const hook = await admin.call<{ webhook: { id: string } }>('POST', '/api/webhooks', {
      url: receiverUrl,
      events: ['comment.created'],
      format: 'json',
    });
    expect(hook.webhook.id).toBeTruthy();
  });

  afterAll(async () => {
    for (const context of contexts) await context.close();
    await browser?.close();
    if (product) expect(await product.stop()).toBe(0);
    await inbox?.close();
    await new Promise<void>((done) => (receiver ? receiver.close(() => done()) : done()));
    process.env.SMTP_URL = saved.SMTP_URL;
    process.env.MAIL_FROM = saved.MAIL_FROM;
    delete process.env.OUTBOUND_ALLOWLIST;
    delete process.env.NOTIFICATION_BATCH_SECONDS;
  });

  async function newContext(): Promise<BrowserContext> {
    const context = await browser.newContext({ reducedMotion: 'reduce', baseURL: product.url });
    contexts.push(context);
    return context;
  }

  it('the webhooks admin page lists the hook and its delivery log, with no axe violations', async () => {
    const context = await newContext();
    const page = await signIn(context, product);
    // a comment makes a delivery for the log
    await admin.call('POST', `/api/threads/${threadId}/comments`, { body: 'For the webhook log' });
    await page.goto('/admin/webhooks', { waitUntil: 'networkidle' });
    await expect.poll(() => page.getByText(receiverUrl).count(), SETTLE).toBeGreaterThan(0);
    const problems = await check(async () => page, '/admin/webhooks', 'admin-webhooks');
    expect(problems).toEqual([]);
  }, 120_000);

  it('e-mail settings and feed-reader addresses on the account page: create, copy, turn off', async () => {
    const context = await newContext();
    const page = await signIn(context, product);
    await page.goto('/account', { waitUntil: 'networkidle' });
    // e-mail settings: choose the daily digest for assignments and save
    const assignments = page.getByRole('group', { name: /assign/i });
    await assignments.getByLabel('Daily digest').check();
    await page.getByRole('button', { name: 'Save e-mail settings' }).click();
    await page.getByText('E-mail settings saved.').waitFor();
    const preferences = await admin.call<{ preferences: Array<{ kind: string; mode: string }> }>(
      'GET',
      '/api/notification-preferences',
    );
    expect(preferences.preferences).toContainEqual({ kind: 'action.assigned', mode: 'digest' });

    // a feed of decisions: the address is shown once, with a copy button
    await page.getByLabel('Feed of').selectOption('decisions');
    await page.getByRole('button', { name: 'Create feed address' }).click();
    const address = page.getByLabel('Your feed address');
    await address.waitFor();
    const url = await address.inputValue();
    expect(url).toMatch(/\/api\/atom\/[A-Za-z0-9_-]{20,}\.xml$/);
    expect(await page.getByRole('button', { name: /copy/i }).count()).toBeGreaterThan(0);
    const feed = await fetch(url);
    expect(feed.status).toBe(200);
    expect(await feed.text()).toContain('<feed');
    await page.screenshot({ path: join(SHOTS, 'account-feed-created-1280.png'), fullPage: true });
    const problems = await check(async () => page, '/account', 'account');

    // turned off: the page says so and the address stops working
    await page.goto('/account', { waitUntil: 'networkidle' });
    await page.getByRole('button', { name: 'Turn off Decisions' }).click();
    await page.getByText('Feed turned off: its address no longer works.').waitFor();
    expect(await page.getByRole('button', { name: 'Turn off Decisions' }).count()).toBe(0);
    expect((await fetch(url)).status).toBe(404);
    await page.screenshot({ path: join(SHOTS, 'account-feed-revoked-1280.png'), fullPage: true });
    expect(problems).toEqual([]);
  }, 120_000);

  it('the unsubscribe link of a real e-mail opens a page that asks, then unsubscribes (no sign-in)', async () => {
    const mia = await apiAs(product, MIA.email, MIA.password);
    await mia.call('POST', `/api/threads/${threadId}/comments`, {
      body: `@${(await admin.call<{ user: { handle: string } }>('GET', '/api/auth/me')).user.handle} a question for you`,
    });
    let link = '';
    await expect
      .poll(() => {
        const mail = inbox.mails.find((text) => text.includes('a question for you'));
        link = /https?:\/\/[^\s"<>/]+\/unsubscribe\?token=[0-9a-f]+/.exec(mail ?? '')?.[0] ?? '';
        return link;
      }, SETTLE)
      .not.toBe('');
    const { pathname, search } = new URL(link);
    const context = await newContext();
    const page = await context.newPage();
    page.setDefaultTimeout(SETTLE.timeout);
    const problems = await check(async () => page, `${pathname}${search}`, 'unsubscribe');
    await page.setViewportSize({ width: 1280, height: 900 });
    await page.goto(`${pathname}${search}`, { waitUntil: 'networkidle' });
    await page.getByText('e-mails when someone mentions you').waitFor();
    // nothing changed by opening the page
    const before = await admin.call<{ preferences: Array<{ kind: string; mode: string }> }>(
      'GET',
      '/api/notification-preferences',
    );
    expect(before.preferences).toContainEqual({ kind: 'mention', mode: 'immediately' });
    await page.getByRole('button', { name: 'Unsubscribe' }).click();
    await page
      .getByText(/Done: you will no longer get e-mails when someone mentions you/)
      .waitFor();
    await page.screenshot({ path: join(SHOTS, 'unsubscribe-done-1280.png'), fullPage: true });
    for (const violation of await axe(page)) problems.push(`unsubscribe done: ${violation}`);
    const after = await admin.call<{ preferences: Array<{ kind: string; mode: string }> }>(
      'GET',
      '/api/notification-preferences',
    );
    expect(after.preferences).toContainEqual({ kind: 'mention', mode: 'never' });

    // a bad or forged link: a clear page, not an error
    problems.push(...(await check(async () => page, '/unsubscribe?token=nope', 'unsubscribe-bad')));
    const forged = search.replace(/[0-9a-f]$/, (digit) => (digit === '0' ? '1' : '0'));
    const response = await page.goto(`${pathname}${forged}`, { waitUntil: 'networkidle' });
    expect(response?.status()).toBe(200);
    await page.getByText(/This unsubscribe link is not valid/).waitFor();
    expect(problems).toEqual([]);
  }, 120_000);
});
