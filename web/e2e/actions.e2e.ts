import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN, launchBrowser, startProduct, type Product, SETTLE, signIn } from './product.js';

/** Screenshots a person looks at after the run (the board, the decision log). */
const SHOTS = process.env.ACTIONS_SCREENSHOT_DIR ?? '/tmp/briefroom-actions-e2e';
const BRIEFING = 'daily-sync-2026-05-07';
/** How long a page may take to navigate or render on a loaded 2-core machine. */

const MIA = { email: 'mia@example.com', password: 'mia-password-long-enough', name: 'Mia Chen' };
const VIC = { email: 'vic@example.com', password: 'vic-password-long-enough', name: 'Vic Viewer' };

interface Api {
  call<T>(method: string, path: string, body?: unknown): Promise<T>;
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
    async call<T>(method: string, path: string, body?: unknown) {
      const response = await fetch(`${product.url}${path}`, {
        method,
        headers: {
          authorization: `Bearer ${token}`,
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      const text = await response.text();
      if (!response.ok) throw new Error(`${method} ${path} → ${response.status}: ${text}`);
      return (text ? JSON.parse(text) : undefined) as T;
    },
  };
}

async function invite(admin: Api, person: typeof MIA, role: 'member' | 'viewer') {
  const created = await admin.call<{ url: string }>('POST', '/api/admin/invites', {
    email: person.email,
    role,
  });
  const token = created.url.split('/').pop() as string;
  await admin.call('POST', `/api/invites/${encodeURIComponent(token)}/accept`, {
    displayName: person.name,
    password: person.password,
  });
}

/** The board is hydrated and subscribed: changes by others will now arrive. */
async function boardIsLive(page: Page) {
  await expect
    .poll(() => page.locator('.board').getAttribute('data-live'), { timeout: 15_000 })
    .toBe('on');
}

const columnOf = (page: Page, actionId: string) =>
  page
    .locator(`#card-${actionId}`)
    .evaluate((card) => card.closest('section')?.querySelector('h2')?.id ?? null);

describe('Actions and decisions in the browser', () => {
  let product: Product;
  let browser: Browser;
  let admin: Api;
  let actionId: string;
  const problems: string[] = [];
  const watch = (page: Page, who: string) => {
    page.on('pageerror', (error) => problems.push(`${who} page error: ${error.message}`));
    page.on('console', (message) => {
      if (/Content Security Policy/i.test(message.text())) {
        problems.push(`${who}: ${message.text()}`);
      }
    });
  };

  beforeAll(async () => {
    product = await startProduct();
    browser = await launchBrowser();
    await mkdir(SHOTS, { recursive: true });
    admin = await apiAs(product, ADMIN.email, ADMIN.password);
    await invite(admin, MIA, 'member');
    await invite(admin, VIC, 'viewer');
  });

  afterAll(async () => {
    await browser?.close();
    if (product) expect(await product.stop()).toBe(0);
  });

  it('creates an action from a briefing item in one click and finds it on the board', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await signIn(context, product, MIA.email, MIA.password);
    watch(page, 'Mia');
    await page.goto(`${product.url}/briefings/${BRIEFING}`);

    // The first news item's "Create action" (its accessible name ends with the item's title).
    const create = page.getByRole('link', { name: /^Create action\s*: / }).first();
    const itemTitle = ((await create.textContent()) ?? '').replace(/^Create action\s*: /, '');
    expect(itemTitle).not.toBe('');
    await create.click();

    // The form arrives linked to the item and its briefing, with the item quoted.
    await expect.poll(() => new URL(page.url()).pathname, SETTLE).toBe('/actions/new');
    const linked = page.getByRole('group', { name: 'Linked to' });
    await expect
      .poll(() => linked.getByRole('checkbox', { checked: true }).count(), SETTLE)
      .toBe(2);
    expect(await linked.textContent()).toContain(itemTitle);
    expect(await page.getByLabel('Description').inputValue()).toBe(`> ${itemTitle}\n\n`);
    // One click: the title is the quoted text's first sentence; the owner is nobody until chosen.
    expect(await page.getByLabel('Title').inputValue()).toBe(itemTitle);
    expect(await page.getByLabel('Owner').inputValue()).toBe('');
    await page.getByLabel('Owner').fill('@mia');

    await page.getByLabel('Title').fill('Check the grid connection dates of every region');
    await page.getByLabel('Due date').fill('2026-01-15');
    await page.getByLabel('Priority').selectOption('high');
    await page.getByRole('button', { name: 'Create action' }).click();

    await expect
      .poll(() => new URL(page.url()).pathname, SETTLE)
      .toMatch(/^\/actions\/[0-9a-f-]{36}$/);
    actionId = new URL(page.url()).pathname.split('/').pop() as string;
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe(
      'Check the grid connection dates of every region',
    );
    // Overdue (due in the past), owned by Mia, linked back to the item's place in the briefing.
    expect(await page.locator('.facts').textContent()).toMatch(/Mia Chen[\s\S]*Overdue/);
    const itemLink = page.getByRole('link', { name: itemTitle });
    expect(await itemLink.getAttribute('href')).toMatch(/^\/briefings\/[0-9a-f-]{36}#item-/);
    await page.screenshot({ path: join(SHOTS, 'action.png'), fullPage: true });

    // The list, filtered in its address, highlights the overdue row and exports the same filter.
    await page.goto(`${product.url}/actions?status=open&overdue=true`);
    const row = page.locator('table.actions tbody tr', { hasText: 'Check the grid connection' });
    expect(await row.getAttribute('class')).toContain('overdue');
    expect(await page.getByRole('link', { name: 'Export CSV' }).getAttribute('href')).toBe(
      '/api/actions/export.csv?status=open&overdue=true&sort=due',
    );
    await page.screenshot({ path: join(SHOTS, 'list.png'), fullPage: true });

    // The item shows its action.
    await page.goto(`${product.url}/briefings/${BRIEFING}`);
    const fromItem = page.getByRole('list', { name: `Actions from this item: ${itemTitle}` });
    expect(await fromItem.textContent()).toContain('Check the grid connection dates');
    await fromItem.screenshot({ path: join(SHOTS, 'item-actions.png') });
    await page
      .locator('section', { has: page.locator('.prompt') })
      .first()
      .screenshot({ path: join(SHOTS, 'briefing-section.png') });

    await page.goto(`${product.url}/actions/board`);
    await boardIsLive(page);
    expect(await columnOf(page, actionId)).toBe('column-open');
    expect(await page.locator(`#card-${actionId}`).getAttribute('class')).toContain('overdue');
    expect(problems).toEqual([]);
    await context.close();
  });

  it('shows a move on one board live on another, by keyboard and by dragging', async () => {
    const contextA = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const contextB = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const pageA = await signIn(contextA, product, MIA.email, MIA.password);
    const pageB = await signIn(contextB, product, ADMIN.email, ADMIN.password);
    watch(pageA, 'Mia');
    watch(pageB, 'Admin');
    await pageA.goto(`${product.url}/actions/board`);
    await pageB.goto(`${product.url}/actions/board`);
    await boardIsLive(pageA);
    await boardIsLive(pageB);

    // Keyboard: focus the card, → moves it to the next column.
    await pageA.locator(`#card-${actionId}`).focus();
    await pageA.keyboard.press('ArrowRight');
    await expect.poll(() => columnOf(pageA, actionId), SETTLE).toBe('column-in_progress');
    await expect
      .poll(() => columnOf(pageB, actionId), { timeout: 10_000 })
      .toBe('column-in_progress');
    // Spoken to screen-reader users on both boards.
    await expect
      .poll(() => pageA.locator('.board ~ [aria-live="polite"]').textContent(), SETTLE)
      .toMatch(/^Moved “Check the grid connection dates.*” to In progress\.$/);
    await expect
      .poll(() => pageB.locator('.board ~ [aria-live="polite"]').textContent(), SETTLE)
      .toMatch(/moved to In progress\.$/);

    // Native drag and drop onto the Blocked column.
    await pageA.locator(`#card-${actionId}`).dragTo(pageA.locator('section.column-blocked'));
    await expect.poll(() => columnOf(pageA, actionId), SETTLE).toBe('column-blocked');
    await expect.poll(() => columnOf(pageB, actionId), { timeout: 10_000 }).toBe('column-blocked');

    // What the API stored is what both boards show.
    const stored = await admin.call<{ status: string }>('GET', `/api/actions/${actionId}`);
    expect(stored.status).toBe('blocked');

    await pageB.screenshot({ path: join(SHOTS, 'board.png'), fullPage: true });
    expect(problems).toEqual([]);
    await contextA.close();
    await contextB.close();
  });

  it('moves a card without JavaScript through its small form', async () => {
    const context = await browser.newContext({
      viewport: { width: 1280, height: 900 },
      javaScriptEnabled: false,
    });
    const page = await context.newPage();
    page.setDefaultTimeout(15_000);
    await page.goto(`${product.url}/login`);
    await page.getByLabel('Email').fill(MIA.email);
    await page.getByLabel('Password').fill(MIA.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL('**/briefings');

    await page.goto(`${product.url}/actions/board?owner=me`);
    const card = page.locator(`#card-${actionId}`);
    await card.getByLabel(/^Move “/).selectOption('in_progress');
    await card.getByRole('button', { name: 'Move' }).click();
    // A plain post, then back to the same filtered board with the card in its new column.
    await page.waitForURL(/\/actions\/board\?owner=me#card-/);
    expect(await columnOf(page, actionId)).toBe('column-in_progress');
    const stored = await admin.call<{ status: string }>('GET', `/api/actions/${actionId}`);
    expect(stored.status).toBe('in_progress');
    await context.close();
  });

  it('gives a viewer no controls, and shows the refusal of a forced change', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await signIn(context, product, VIC.email, VIC.password);
    watch(page, 'Vic');

    await page.goto(`${product.url}/actions/board`);
    await boardIsLive(page);
    const card = page.locator(`#card-${actionId}`);
    expect(await card.getAttribute('draggable')).toBeNull();
    expect(await card.locator('select').count()).toBe(0);

    await page.goto(`${product.url}/actions/${actionId}`);
    expect(await page.getByRole('heading', { name: 'Status' }).count()).toBe(0);
    expect(await page.getByText('Edit details').count()).toBe(0);
    expect(
      await page
        .getByRole('button')
        .filter({ hasText: /^Mark|Reopen/ })
        .count(),
    ).toBe(0);
    await page.getByText('Only its owner, whoever created it, and editors').waitFor();

    const before = await admin.call<{ status: string }>('GET', `/api/actions/${actionId}`);
    // A hand-made form post (what a crafted page or a stale tab would send) is refused by the API,
    // and the page says so in its words.
    await page.evaluate(() => {
      const form = document.createElement('form');
      form.method = 'POST';
      form.action = '?/status';
      const field = document.createElement('input');
      field.name = 'status';
      field.value = 'done';
      form.append(field);
      document.body.append(form);
      form.submit();
    });
    const alert = page.getByRole('alert').filter({ hasText: 'needs the member role' });
    await alert.waitFor({ timeout: 10_000 });
    const after = await admin.call<{ status: string }>('GET', `/api/actions/${actionId}`);
    expect(after.status).toBe(before.status);
    expect(problems).toEqual([]);
    await context.close();
  });

  it('keeps a decision log with proposals, accepted decisions and reviews that are due', async () => {
    const briefing = await admin.call<{
      sections: Array<{ discussion: { threadId: string } | null }>;
    }>('GET', `/api/briefings/${BRIEFING}`);
    const threadId = briefing.sections.find((section) => section.discussion)?.discussion
      ?.threadId as string;
    const accepted = await admin.call<{ id: string }>('POST', '/api/decisions', {
      title: 'Site new AI capacity only where the grid can take it',
      statement: 'New clusters go only to regions with a confirmed grid connection date.',
      rationale: 'Power, not chips, is the constraint for the next two years.',
      threadId,
      reviewBy: '2026-01-31',
    });
    await admin.call('PATCH', `/api/decisions/${accepted.id}`, { status: 'accepted' });

    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await signIn(context, product, MIA.email, MIA.password);
    watch(page, 'Mia');
    // Mia proposes one from the prompt's discussion.
    await page.goto(`${product.url}/briefings/${BRIEFING}`);
    await page
      .getByRole('link', { name: /^Propose decision\s*: / })
      .first()
      .click();
    await expect.poll(() => new URL(page.url()).pathname, SETTLE).toBe('/decisions/new');
    await page.getByLabel('Title').fill('Security reviews gate every AI vendor');
    await page.getByLabel('Decision').fill('No AI vendor goes live without a security review.');
    await page.getByRole('button', { name: 'Propose decision' }).click();
    await expect
      .poll(() => new URL(page.url()).pathname, SETTLE)
      .toMatch(/^\/decisions\/[0-9a-f-]{36}$/);
    await page.getByText('Decision proposed.').waitFor();
    expect(await page.locator('.overline').textContent()).toContain('Proposed');

    await page.goto(`${product.url}/decisions`);
    const rows = page.locator('table.decisions tbody tr');
    await expect.poll(() => rows.count(), SETTLE).toBe(2);
    const dueRow = rows.filter({ hasText: 'Site new AI capacity' });
    expect(await dueRow.getAttribute('class')).toContain('review-due');
    expect(await dueRow.textContent()).toMatch(/Accepted[\s\S]*Review due/);
    await page.screenshot({ path: join(SHOTS, 'decisions.png'), fullPage: true });

    // The status filter travels in the address.
    await page.goto(`${product.url}/decisions?status=proposed`);
    await expect.poll(() => rows.count(), SETTLE).toBe(1);
    expect(await rows.first().textContent()).toContain('Security reviews gate');
    expect(problems).toEqual([]);
    await context.close();
  });
  it('keeps the list, My actions and the decision log current live, and counts new rows for a refresh', async () => {
    const mia = await apiAs(product, MIA.email, MIA.password);
    const { user: miaUser } = await mia.call<{ user: { id: string } }>('GET', '/api/auth/me');
    const shown = await admin.call<{ id: string }>('POST', '/api/actions', {
      title: 'Renew the colocation contract',
      ownerId: miaUser.id,
      dueOn: '2099-01-15',
    });
    const proposal = await admin.call<{ id: string }>('POST', '/api/decisions', {
      title: 'Colocation stays in two regions',
      statement: 'We keep two colocation regions until the grid dates are confirmed.',
    });

    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await signIn(context, product, MIA.email, MIA.password);
    watch(page, 'Mia');
    const live = () =>
      expect.poll(() => page.locator('.live-hint').getAttribute('data-live'), SETTLE).toBe('on');

    // The list: a shown row changes in place; a new one is counted until the reader refreshes.
    await page.goto(`${product.url}/actions?sort=created`);
    await live();
    const row = page.locator('table.actions tbody tr', {
      hasText: 'Renew the colocation contract',
    });
    await admin.call('PATCH', `/api/actions/${shown.id}`, { status: 'blocked' });
    await expect.poll(() => row.textContent(), SETTLE).toContain('Blocked');
    await admin.call('POST', '/api/actions', { title: 'Book the grid survey' });
    const hint = page.locator('.live-hint');
    await expect.poll(() => hint.textContent(), SETTLE).toMatch(/1 updated\s*—\s*Refresh/);
    expect(
      await page.locator('table.actions tbody tr', { hasText: 'Book the grid survey' }).count(),
    ).toBe(0);
    await page.screenshot({ path: join(SHOTS, 'list-live.png'), fullPage: true });
    await hint.getByRole('button', { name: 'Refresh' }).click();
    await expect
      .poll(
        () => page.locator('table.actions tbody tr', { hasText: 'Book the grid survey' }).count(),
        SETTLE,
      )
      .toBe(1);
    await expect.poll(() => hint.textContent(), SETTLE).not.toContain('updated');

    // My actions: done, it leaves its group.
    await page.goto(`${product.url}/actions/mine`);
    await live();
    const mine = page.getByRole('link', { name: 'Renew the colocation contract' });
    expect(await mine.count()).toBe(1);
    await admin.call('PATCH', `/api/actions/${shown.id}`, { status: 'done' });
    await expect.poll(() => mine.count(), SETTLE).toBe(0);

    // The decision log: accepted elsewhere, accepted here.
    await page.goto(`${product.url}/decisions`);
    await live();
    const decisionRow = page.locator('table.decisions tbody tr', {
      hasText: 'Colocation stays in two regions',
    });
    expect(await decisionRow.textContent()).toContain('Proposed');
    await admin.call('PATCH', `/api/decisions/${proposal.id}`, { status: 'accepted' });
    await expect.poll(() => decisionRow.textContent(), SETTLE).toContain('Accepted');
    await page.screenshot({ path: join(SHOTS, 'decisions-live.png'), fullPage: true });

    expect(problems).toEqual([]);
    await context.close();
  });
});
