import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN, launchBrowser, startProduct, type Product, signIn } from './product.js';

/** Screenshots a person looks at after the run (the dropdown, the search page). */
const SHOTS = process.env.SEARCH_SCREENSHOT_DIR ?? '/tmp/briefroom-search-e2e';
const BRIEFING = 'daily-sync-2026-05-07';
/** From the sample's item title "AI infra meets energy and climate constraints". */
const TITLE_WORD = 'climate';
/** An action on the same subject, for the item's Related list. */
const ACTION_TITLE = 'Budget AI infra for energy and climate constraints';

interface Hit {
  type: string;
  id: string;
  title: string;
  snippet: string;
  url: string;
}

async function adminToken(product: Product): Promise<string> {
  const login = await fetch(`${product.url}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(ADMIN),
  });
  expect(login.status).toBe(200);
  return ((await login.json()) as { token: string }).token;
}

async function apiSearch(product: Product, token: string, query: string) {
  const response = await fetch(`${product.url}/api/search?q=${encodeURIComponent(query)}`, {
    headers: { authorization: `Bearer ${token}` },
  });
  return response.ok ? ((await response.json()) as { hits: Hit[] }) : { hits: [] };
}

/** A browser already signed in with `token`: the API rate-limits sign-ins, so only one test types them. */
async function signedIn(browser: Browser, product: Product, token: string, height = 900) {
  const context = await browser.newContext({ viewport: { width: 1280, height } });
  await context.addCookies([
    { name: 'briefroom_session', value: token, url: product.url, httpOnly: true },
  ]);
  const page = await context.newPage();
  page.setDefaultTimeout(15_000);
  return { context, page };
}

const activeId = (page: Page) => page.evaluate(() => document.activeElement?.id ?? null);

describe('Search in the browser', () => {
  let product: Product;
  let browser: Browser;
  let token: string;
  const problems: string[] = [];
  const watch = (page: Page) => {
    page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
    page.on('console', (message) => {
      if (/Content Security Policy/i.test(message.text())) problems.push(message.text());
    });
  };

  beforeAll(async () => {
    product = await startProduct();
    browser = await launchBrowser();
    await mkdir(SHOTS, { recursive: true });
    // The sample briefing is imported at start-up; the indexer takes it from the outbox.
    token = await adminToken(product);
    const deadline = Date.now() + 30_000;
    const created = await fetch(`${product.url}/api/actions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ title: ACTION_TITLE, priority: 'high' }),
    });
    expect(created.status).toBe(201);
    // Each type has its own index: wait for the item and the action, not just the briefing.
    const indexed = async () => {
      const types = new Set((await apiSearch(product, token, TITLE_WORD)).hits.map((h) => h.type));
      return types.has('item') && types.has('action');
    };
    while (!(await indexed())) {
      if (Date.now() > deadline)
        throw new Error(`The sample was not indexed:\n${product.output()}`);
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  });

  afterAll(async () => {
    await browser?.close();
    if (product) expect(await product.stop()).toBe(0);
  });

  it('finds an item from the header with / and the keyboard, and lands on it', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await signIn(context, product);
    watch(page);

    // `/` focuses the box once the page is live, and is not typed into it.
    await expect
      .poll(async () => {
        await page.keyboard.press('/');
        return activeId(page);
      })
      .toBe('site-search');
    const box = page.getByRole('combobox', { name: 'Search Briefroom' });
    expect(await box.inputValue()).toBe('');

    await page.keyboard.type(TITLE_WORD, { delay: 30 });
    const listbox = page.getByRole('listbox', { name: 'Suggestions' });
    await listbox.waitFor();
    expect(await box.getAttribute('aria-expanded')).toBe('true');
    const itemOption = listbox
      .getByRole('option')
      .filter({ hasText: 'AI infra meets energy and climate constraints' })
      .first();
    await itemOption.waitFor();
    expect((await itemOption.locator('mark').first().textContent())?.toLowerCase()).toBe(
      TITLE_WORD,
    );
    await page.screenshot({ path: join(SHOTS, 'dropdown.png') });

    // Arrow down to the item's option; the box keeps focus and points at the option.
    const options = await listbox.getByRole('option').all();
    const itemIndex = await listbox
      .getByRole('option')
      .evaluateAll((nodes) =>
        nodes.findIndex((node) =>
          node.textContent?.includes('AI infra meets energy and climate constraints'),
        ),
      );
    expect(itemIndex).toBeGreaterThanOrEqual(0);
    for (let i = 0; i <= itemIndex; i++) await page.keyboard.press('ArrowDown');
    expect(await box.getAttribute('aria-activedescendant')).toBe(
      await options[itemIndex]?.getAttribute('id'),
    );
    expect(await activeId(page)).toBe('site-search');

    await page.keyboard.press('Enter');
    await expect.poll(() => new URL(page.url()).pathname).toBe(`/briefings/${BRIEFING}`);
    const hash = new URL(page.url()).hash;
    expect(hash).toMatch(/^#item-[0-9a-f-]{36}$/);
    const item = page.locator(hash);
    await item.waitFor();
    expect(await item.textContent()).toContain('AI infra meets energy and climate constraints');
    // The item is the page's :target, so it is highlighted.
    await expect
      .poll(() => page.evaluate(() => document.querySelector(':target')?.id ?? null))
      .toBe(hash.slice(1));
    await page.screenshot({ path: join(SHOTS, 'landed-on-item.png') });
    expect(problems).toEqual([]);
    await context.close();
  });

  it('shows the top action as an answer over the header’s suggestions', async () => {
    const answered = await fetch(
      `${product.url}/api/search?q=${encodeURIComponent(ACTION_TITLE)}&limit=6`,
      { headers: { authorization: `Bearer ${token}` } },
    );
    expect(((await answered.json()) as { answer: { title: string } | null }).answer?.title).toBe(
      ACTION_TITLE,
    );
    const { context, page } = await signedIn(browser, product, token);
    watch(page);
    await page.goto(`${product.url}/briefings`);
    await page.waitForLoadState('networkidle');

    // The card's code loads with the first words typed, not with the page.
    await page.getByRole('combobox', { name: 'Search Briefroom' }).click();
    await page.keyboard.type(ACTION_TITLE, { delay: 10 });
    const card = page.getByRole('article', { name: 'Answer: Action' });
    await card.waitFor();
    expect(await card.getByRole('link', { name: ACTION_TITLE }).count()).toBe(1);
    expect(problems).toEqual([]);
    await context.close();
  });

  it('takes Enter without a chosen option, and Escape, the way a search box should', async () => {
    const { context, page } = await signedIn(browser, product, token);
    watch(page);
    await page.goto(`${product.url}/briefings`);
    await page.waitForLoadState('networkidle');
    const box = page.getByRole('combobox', { name: 'Search Briefroom' });
    await box.click();
    await page.keyboard.type('power', { delay: 30 });
    await page.getByRole('listbox', { name: 'Suggestions' }).waitFor();
    await page.keyboard.press('Escape');
    await expect.poll(() => box.getAttribute('aria-expanded')).toBe('false');
    expect(await box.inputValue()).toBe('power');

    await page.keyboard.press('Enter');
    await expect.poll(() => page.url()).toBe(`${product.url}/search?q=power`);
    await page.getByRole('list', { name: 'Search results' }).waitFor();
    expect(problems).toEqual([]);
    await context.close();
  });

  it('forgives a typo, filters by a facet, and saves the search', async () => {
    const { context, page } = await signedIn(browser, product, token, 1000);
    watch(page);

    await page.goto(`${product.url}/search?q=anthropc`);
    const results = page.getByRole('list', { name: 'Search results' });
    await results.waitFor();
    // The hits are about Anthropic; Meilisearch marks the part of the word the typo matched.
    expect(await results.textContent()).toContain('Anthropic');
    const marks = await results.locator('mark').allTextContents();
    expect(marks.some((mark) => /^anthrop/i.test(mark))).toBe(true);
    expect(await page.getByRole('status').first().textContent()).toMatch(
      /results?\s+for\s+“anthropc”/,
    );

    // The type facet: News items only.
    const types = page.getByRole('region', { name: 'Type' });
    const newsItems = types.getByRole('link', { name: /^News items/ });
    await newsItems.click();
    await expect.poll(() => new URL(page.url()).searchParams.get('type')).toBe('item');
    await expect
      .poll(() =>
        page
          .getByRole('region', { name: 'Type' })
          .getByRole('link', { name: /^News items/ })
          .getAttribute('aria-current'),
      )
      .toBe('true');
    const badges = await page
      .getByRole('list', { name: 'Search results' })
      .locator('.hit-type')
      .allTextContents();
    expect(badges.length).toBeGreaterThan(0);
    expect(new Set(badges.map((badge) => badge.trim()))).toEqual(new Set(['News item']));
    await page.screenshot({ path: join(SHOTS, 'search-page.png'), fullPage: true });

    // Save it, with alerts.
    await page.getByLabel('Name').fill('Anthropic news');
    await page.getByLabel('Notify me when new results appear').check();
    await page.getByRole('button', { name: 'Save search' }).click();
    await page.getByText('Saved as “Anthropic news”, with alerts.').waitFor();
    const saved = page.getByRole('region', { name: 'Saved searches' });
    await saved.getByRole('link', { name: 'Anthropic news' }).waitFor();

    await page.getByRole('link', { name: 'Manage saved searches' }).click();
    await expect.poll(() => new URL(page.url()).pathname).toBe('/search/saved');
    const entry = page.getByRole('listitem').filter({ hasText: 'Anthropic news' });
    expect(await entry.textContent()).toMatch(/Alerts on[\s\S]*“anthropc” · News items/);
    await page.screenshot({ path: join(SHOTS, 'saved-searches.png'), fullPage: true });

    await entry.getByRole('link', { name: 'Run Anthropic news' }).click();
    await expect.poll(() => page.url()).toBe(`${product.url}/search?q=anthropc&type=item`);
    await page.getByRole('list', { name: 'Search results' }).waitFor();

    await page.goto(`${product.url}/search/saved`);
    await page.waitForLoadState('networkidle');
    await page.getByRole('button', { name: 'Delete Anthropic news' }).click();
    await page.getByText('No saved searches yet').waitFor();
    expect(problems).toEqual([]);
    await context.close();
  });

  it('loads Related under a briefing item when opened', async () => {
    const { context, page } = await signedIn(browser, product, token);
    watch(page);
    await page.goto(`${product.url}/briefings/${BRIEFING}`);
    await page.waitForLoadState('networkidle');

    const related = page.locator('details.related-items > summary').first();
    const responded = page.waitForResponse((response) =>
      /\/api\/items\/[0-9a-f-]{36}\/related$/.test(new URL(response.url()).pathname),
    );
    await related.click();
    expect((await responded).status()).toBe(200);
    const details = page.locator('details.related-items').first();
    const list = details.getByRole('list', { name: /^Related to: / });
    await list.waitFor();
    const action = list.getByRole('article', { name: ACTION_TITLE });
    expect(await action.locator('.hit-type').textContent()).toBe('Action');
    expect(await action.getByRole('link', { name: ACTION_TITLE }).getAttribute('href')).toMatch(
      /^\/actions\/[0-9a-f-]{36}$/,
    );
    expect(await details.getByRole('link', { name: 'Search for more like this' }).count()).toBe(1);
    await details.scrollIntoViewIfNeeded();
    await page.screenshot({ path: join(SHOTS, 'related.png') });
    expect(problems).toEqual([]);
    await context.close();
  });

  it('renders results on the server, so search works without JavaScript', async () => {
    const context = await browser.newContext({ javaScriptEnabled: false });
    await context.addCookies([
      { name: 'briefroom_session', value: token, url: product.url, httpOnly: true },
    ]);
    const page = await context.newPage();
    await page.goto(`${product.url}/search?q=${TITLE_WORD}&type=item`);
    const results = page.getByRole('list', { name: 'Search results' });
    expect(await results.locator('mark').first().textContent()).toMatch(/climate/i);
    const href = await results
      .getByRole('link', { name: /climate constraints/ })
      .first()
      .getAttribute('href');
    expect(href).toMatch(new RegExp(`^/briefings/${BRIEFING}#item-[0-9a-f-]{36}$`));
    // On a phone the results come first and nothing overflows sideways.
    await page.setViewportSize({ width: 390, height: 844 });
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(
      390,
    );
    await page.screenshot({ path: join(SHOTS, 'search-page-narrow.png'), fullPage: true });
    await context.close();
  });
});
