import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ADMIN,
  apiWithToken,
  launchBrowser,
  SETTLE,
  startProduct,
  type Product,
} from './product.js';

/** Screenshots a person looks at after the run (the preview's questions, the re-import diff). */
const SHOTS = process.env.IMPORT_SCREENSHOT_DIR ?? '/tmp/briefroom-import-e2e';
const REPORT =
  'https://energy.example.org/report/2026/grid-capacity-for-artificial-intelligence-workloads-and-what-it-means';

/** A newsletter issue without a date: the importer confirms one in the preview. */
function issue(items: string[]): string {
  return [
    '# Platform Weekly: grid and chips',
    '',
    '## News',
    '',
    ...items,
    '',
    '## What this means for us',
    '',
    'We should plan capacity with power as the constraint, not GPUs.',
    '',
  ].join('\n');
}

const DATASET =
  'https://data.example.net/exports/2026/regional-grid-capacity-queue-by-utility-and-interconnection-point-full-dataset.csv';
const GRID = `- **Grid capacity for AI.** Utilities are rationing new data-centre connections; see the [report](${REPORT}) and the [data](${DATASET}).`;
const CHIPS = '- **Chip export rules.** New licensing thresholds take effect next quarter.';
const CHIPS_EDITED = '- **Chip export rules.** The thresholds now take effect in January.';
const COOLING = '- **Liquid cooling goes mainstream.** Two vendors ship rack-scale kits.';

describe('Importing in the browser', () => {
  let product: Product;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  const problems: string[] = [];

  beforeAll(async () => {
    product = await startProduct();
    browser = await launchBrowser();
    await mkdir(SHOTS, { recursive: true });
    // Signed in through the API: the sign-in form has its own test, and sign-ins are rate-limited.
    const { token } = await apiWithToken(product, '').call<{ token: string }>(
      'POST',
      '/api/auth/login',
      ADMIN,
    );
    context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    await context.addCookies([
      { name: 'briefroom_session', value: token, url: product.url, httpOnly: true },
    ]);
    page = await context.newPage();
    page.setDefaultTimeout(SETTLE.timeout);
    page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  });

  afterAll(async () => {
    await browser?.close();
    if (product) expect(await product.stop()).toBe(0);
  });

  async function preview(content: string) {
    await page.getByLabel('Paste the briefing').fill(content);
    await page.getByRole('button', { name: 'Preview' }).click();
    await page.getByRole('heading', { name: 'Preview' }).waitFor();
  }

  it('asks for the date of an undated document and imports it with the date chosen', async () => {
    await page.goto(`${product.url}/briefings/import`);
    await page.waitForLoadState('networkidle');
    await preview(issue([GRID, CHIPS]));

    await page.getByText('No date found in the document.').waitFor();
    const date = page.getByLabel('Date of the briefing');
    expect(await date.inputValue()).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    await date.fill('2026-03-14');
    await page.screenshot({ path: join(SHOTS, 'import-assumed-date.png'), fullPage: true });

    await page.getByRole('button', { name: 'Save briefing' }).first().click();
    await expect
      .poll(() => new URL(page.url()).pathname, SETTLE)
      .toBe('/briefings/platform-weekly-grid-and-chips-2026-03-14');
    await page.getByText('Saturday, 14 March 2026').waitFor();
    // The item's second link, after its body; its first is the title's.
    const more = page.getByRole('list', { name: 'More links: Grid capacity for AI' });
    expect(await more.getByRole('link').allTextContents()).toEqual([
      DATASET.slice('https://'.length),
    ]);
  });

  it('shows what a re-import changes once the date matches, and updates the briefing', async () => {
    await page.goto(`${product.url}/briefings/import`);
    await page.waitForLoadState('networkidle');
    await preview(issue([GRID, CHIPS_EDITED, COOLING]));
    // Today's date names another briefing: nothing to update yet.
    expect(await page.getByText(/Updates the existing briefing/).count()).toBe(0);

    await page.getByLabel('Date of the briefing').fill('2026-03-14');
    await page.getByRole('button', { name: 'Preview' }).click();
    const updates = page.locator('p', { hasText: 'Updates the existing briefing' });
    await updates.waitFor();
    expect((await updates.textContent())?.replace(/\s+/g, ' ')).toContain('1 item added, 1 edited');
    await page.getByText('What changes').click();
    await page.screenshot({ path: join(SHOTS, 'import-reimport-diff.png'), fullPage: true });

    await page.getByRole('button', { name: 'Update briefing' }).first().click();
    await expect.poll(() => new URL(page.url()).search, SETTLE).toBe('?notice=updated');
    await page.getByText('Liquid cooling goes mainstream', { exact: true }).waitFor();
  });

  it('keeps long links inside a narrow page', async () => {
    const narrow = await context.newPage();
    await narrow.setViewportSize({ width: 360, height: 800 });
    await narrow.goto(`${product.url}/briefings/platform-weekly-grid-and-chips-2026-03-14`);
    await narrow.getByText('Grid capacity for AI').first().waitFor();

    // The app's header has its own narrow layout; here, nothing in the briefing may stick out.
    const sticking = await narrow.evaluate(() =>
      [...document.querySelectorAll('article.briefing *')]
        .filter((element) => element.getBoundingClientRect().right > window.innerWidth)
        .map((element) => element.outerHTML.slice(0, 80)),
    );
    await narrow
      .locator('li', { has: narrow.getByRole('link', { name: 'Grid capacity for AI' }) })
      .screenshot({ path: join(SHOTS, 'briefing-item-links-narrow.png') });
    expect(sticking).toEqual([]);
    await narrow.close();
  });

  it('says next to the address field that a private address is not fetched', async () => {
    await page.goto(`${product.url}/briefings/import`);
    await page.waitForLoadState('networkidle');
    await page.getByLabel('Address of the page or feed').fill(`${product.url}/briefings`);
    await page.getByLabel('Address of the page or feed').press('Enter');

    const problem = page.locator('#import-url-problem');
    await problem.waitFor();
    expect(await problem.textContent()).toContain('That address is on a private network');
    expect(await page.getByLabel('Address of the page or feed').getAttribute('aria-invalid')).toBe(
      'true',
    );
    await page.screenshot({ path: join(SHOTS, 'import-url-refused.png'), fullPage: true });
    expect(problems).toEqual([]);
  });
});
