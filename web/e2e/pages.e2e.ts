// Every main page at desktop and phone width, light and dark: a screenshot each for a person to
// look at (web/test-results/pages/), no horizontal scroll at 390 px, and axe-core with zero
// violations of any impact. One product start for all of it, so the file stays quick.
import { mkdir } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';
import { readFileSync } from 'node:fs';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ADMIN,
  apiAs,
  launchBrowser,
  startProduct,
  type Api,
  type Product,
  SETTLE,
} from './product.js';

const SHOTS = resolve(import.meta.dirname, '../test-results/pages');
const BRIEFING = 'daily-sync-2026-05-07';
/** Long enough to have wrapped the header onto two rows (issue 17). */
const LONG_NAME = 'Alexandra Konstantinopoulou';
const LONG_WORD = 'x'.repeat(350);
const LONG_URL = `https://example.com/${'very-long-path-segment/'.repeat(20)}end`;
const axeSource = readFileSync(
  createRequire(import.meta.url).resolve('axe-core/axe.min.js'),
  'utf8',
);

interface Violation {
  id: string;
  impact: string | null;
  nodes: Array<{ target: unknown[] }>;
}

async function axe(page: Page): Promise<string[]> {
  await page.evaluate(axeSource);
  const violations = await page.evaluate(async () => {
    const { axe: engine } = window as unknown as {
      axe: { run(context: unknown, options: unknown): Promise<{ violations: Violation[] }> };
    };
    const run = engine.run.bind(engine);
    // Every rule, with the experimental ones issue 17 named (label-content-name-mismatch) on too.
    const result = await run(document, {
      rules: {
        'label-content-name-mismatch': { enabled: true },
        'p-as-heading': { enabled: true },
        'table-fake-caption': { enabled: true },
        'td-has-header': { enabled: true },
      },
    });
    return result.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      nodes: v.nodes.map((n) => ({ target: n.target })),
    }));
  });
  return violations.map(
    (v) =>
      `${v.id} (${v.impact}): ${v.nodes
        .slice(0, 3)
        .map((n) => JSON.stringify(n.target))
        .join(' ')}`,
  );
}

describe('Every main page at 1280 and 390 px, light and dark', () => {
  let product: Product;
  let browser: Browser;
  let admin: Api;
  const pages: Array<{ name: string; path: string }> = [];
  const contexts: BrowserContext[] = [];
  const tabs: Record<string, Page> = {};

  beforeAll(async () => {
    product = await startProduct();
    browser = await launchBrowser();
    await mkdir(SHOTS, { recursive: true });
    admin = await apiAs(product, ADMIN.email, ADMIN.password);
    await admin.call('PATCH', '/api/auth/me', { displayName: LONG_NAME });

    const briefing = await admin.call<{
      sections: Array<{ discussion: { threadId: string } | null }>;
    }>('GET', `/api/briefings/${BRIEFING}`);
    const threadId = briefing.sections.find((section) => section.discussion)?.discussion
      ?.threadId as string;
    const bodies = [
      'We should **site** new capacity in `eu-west` first.\n\n> Agreed with the grid team',
      `A long word: ${LONG_WORD}\n\nand a long link ${LONG_URL} plus www.example.com`,
      '```ts\nconst answer = 42;\n```\n\n| left | right |\n| :--- | ----: |\n| a | 1 |',
      'مرحبا بالفريق — right-to-left text reads from the right.',
      '![a chart of the grid](https://example.com/grid.png)',
    ];
    for (const body of bodies)
      await admin.call('POST', `/api/threads/${threadId}/comments`, { body, parentId: null });
    const action = await admin.call<{ id: string }>('POST', '/api/actions', {
      title: `Check the grid dates ${LONG_WORD.slice(0, 80)}`,
      description: `See ${LONG_URL}`,
      links: [{ type: 'discussion', id: threadId }],
    });
    const decision = await admin.call<{ id: string }>('POST', '/api/decisions', {
      title: 'Site new AI capacity only where the grid can take it',
      statement: 'New clusters go only to regions with a **confirmed** grid date.\n\n> Agreed',
      rationale: 'Power, not chips, is `the constraint`.',
      threadId,
    });
    pages.push(
      { name: 'feed', path: '/briefings' },
      { name: 'briefing', path: `/briefings/${BRIEFING}` },
      { name: 'thread', path: `/threads/${threadId}` },
      { name: 'discussions', path: '/discussions' },
      { name: 'actions', path: '/actions' },
      { name: 'action', path: `/actions/${action.id}` },
      { name: 'board', path: '/actions/board' },
      { name: 'decisions', path: '/decisions' },
      { name: 'decision', path: `/decisions/${decision.id}` },
      { name: 'search', path: '/search?q=grid' },
      { name: 'notifications', path: '/notifications' },
      { name: 'account', path: '/account' },
      { name: 'admin-users', path: '/admin/users' },
    );
  });

  afterAll(async () => {
    for (const context of contexts) await context.close();
    await browser?.close();
    if (product) expect(await product.stop()).toBe(0);
  });

  async function contextFor(width: number, colorScheme: 'light' | 'dark'): Promise<Page> {
    const context = await browser.newContext({
      viewport: { width, height: 900 },
      colorScheme,
      reducedMotion: 'reduce',
    });
    await context.addCookies([
      { name: 'briefroom_session', value: admin.token, url: product.url, httpOnly: true },
    ]);
    contexts.push(context);
    const page = await context.newPage();
    page.setDefaultTimeout(SETTLE.timeout);
    return page;
  }

  const PAGES = [
    'feed',
    'briefing',
    'thread',
    'discussions',
    'actions',
    'action',
    'board',
    'decisions',
    'decision',
    'search',
    'notifications',
    'account',
    'admin-users',
  ];

  for (const name of PAGES) {
    it(`${name}: no sideways scroll at 390 px, one-row header and no axe violations at 1280 px, light and dark`, async () => {
      const path = pages.find((entry) => entry.name === name)?.path as string;
      const problems: string[] = [];
      for (const colorScheme of ['light', 'dark'] as const) {
        const phone = (tabs[`390-${colorScheme}`] ??= await contextFor(390, colorScheme));
        await phone.goto(`${product.url}${path}`, { waitUntil: 'networkidle' });
        const overflow = await phone.evaluate(() => ({
          scroll: document.documentElement.scrollWidth,
          client: document.documentElement.clientWidth,
        }));
        if (overflow.scroll > overflow.client)
          problems.push(`scrolls sideways at 390 px (${colorScheme}): ${overflow.scroll} px`);
        await phone.screenshot({
          path: join(SHOTS, `${name}-390-${colorScheme}.png`),
          fullPage: true,
        });

        const desktop = (tabs[`1280-${colorScheme}`] ??= await contextFor(1280, colorScheme));
        await desktop.goto(`${product.url}${path}`, { waitUntil: 'networkidle' });
        await desktop.screenshot({
          path: join(SHOTS, `${name}-1280-${colorScheme}.png`),
          fullPage: true,
        });
        const header = await desktop.locator('header.app-header').boundingBox();
        if (header && header.height > 80)
          problems.push(`header is ${header.height} px tall at 1280 px (two rows?)`);
        for (const violation of await axe(desktop)) problems.push(`${colorScheme}: ${violation}`);
      }
      expect(problems).toEqual([]);
    }, 120_000);
  }

  it('answers the keyboard: c, j and r, g then d, ? and the Ctrl-K palette', async () => {
    const page = await contextFor(1280, 'light');
    const thread = pages.find((entry) => entry.name === 'thread')?.path as string;
    await page.goto(`${product.url}${thread}`, { waitUntil: 'networkidle' });
    // The comment box is two Tab stops away: "Skip to content", then "Skip to the comment box".
    await page.keyboard.press('Tab');
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.textContent?.trim())).toBe(
      'Skip to the comment box',
    );
    await page.locator('h1').click();
    // The first shortcut key loads the shortcuts, then does what it says.
    await page.keyboard.press('c');
    await expect
      .poll(() => page.evaluate(() => document.activeElement?.id), SETTLE)
      .toBe('new-comment-body');
    await page.locator('h1').click();
    await page.keyboard.press('j');
    await page.keyboard.press('r');
    await expect
      .poll(() => page.evaluate(() => document.activeElement?.id ?? ''), SETTLE)
      .toMatch(/^reply-to-.*-body$/);
    await page.keyboard.press('Escape');
    await page.locator('h1').click();
    await page.keyboard.press('?');
    expect(
      await page.locator('dialog.shortcuts').evaluate((d) => (d as HTMLDialogElement).open),
    ).toBe(true);
    await page.keyboard.press('Escape');
    await page.keyboard.press('Control+k');
    const input = page.getByRole('combobox', { name: 'Jump to or run' });
    await input.fill('grid can take');
    const option = page.getByRole('option', { name: /Site new AI capacity/ });
    await option.waitFor();
    await option.click();
    await expect.poll(() => new URL(page.url()).pathname, SETTLE).toMatch(/^\/decisions\//);
    await page.locator('h1').click();
    await page.keyboard.press('g');
    await page.keyboard.press('d');
    await expect.poll(() => new URL(page.url()).pathname, SETTLE).toBe('/discussions');
  }, 120_000);
});
