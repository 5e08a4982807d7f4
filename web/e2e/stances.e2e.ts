import { mkdir } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { Browser, Page } from 'playwright-core';
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

// Decisions with the team's voice (issue 17): a proposed decision collects stances (agree,
// abstain, disagree, block, each with an optional reason); the tally and who stood where are
// shown, blocks highlighted, and a stance taken by someone else arrives live.

const BRIEFING = 'daily-sync-2026-05-07';
const MIA = { email: 'mia@example.com', password: 'mia-password-long-enough', name: 'Mia Chen' };
/** Next to the page screenshots (web/test-results/), for a person to look at. */
const SHOTS = resolve(import.meta.dirname, '../test-results/decisions');

async function invite(admin: Api, person: typeof MIA) {
  const created = await admin.call<{ url: string }>('POST', '/api/admin/invites', {
    email: person.email,
    role: 'member',
  });
  const token = created.url.split('/').pop() as string;
  await admin.call('POST', `/api/invites/${encodeURIComponent(token)}/accept`, {
    displayName: person.name,
    password: person.password,
  });
}

describe('Stances on a proposed decision in the browser', () => {
  let product: Product;
  let browser: Browser;
  let admin: Api;
  let decisionId: string;
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
    await mkdir(SHOTS, { recursive: true });
    product = await startProduct();
    browser = await launchBrowser();
    admin = await apiAs(product, ADMIN.email, ADMIN.password);
    await invite(admin, MIA);
    const briefing = await admin.call<{
      sections: Array<{ discussion: { threadId: string } | null }>;
    }>('GET', `/api/briefings/${BRIEFING}`);
    const threadId = briefing.sections.find((section) => section.discussion)?.discussion
      ?.threadId as string;
    decisionId = (
      await admin.call<{ id: string }>('POST', '/api/decisions', {
        title: 'Move the inference fleet to the northern region',
        statement: 'Only where the grid dates are **confirmed**.',
        threadId,
      })
    ).id;
  });

  afterAll(async () => {
    await browser?.close();
    await product?.stop();
  });

  const stances = (page: Page) => page.locator('section.stances');
  const tally = (page: Page) => stances(page).locator('.tally').textContent();

  async function takeStance(page: Page, stance: string, reason: string) {
    await stances(page)
      .getByRole('radio', { name: new RegExp(`^${stance}`) })
      .check();
    await stances(page)
      .getByLabel(/^Reason/)
      .fill(reason);
    await stances(page)
      .getByRole('button', { name: /^(Take|Update) stance$/ })
      .click();
  }

  it('takes, changes and explains a stance; the tally, the groups and a block show; another’s stance arrives live', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await signIn(context, product, MIA.email, MIA.password);
    watch(page, 'Mia');
    await page.goto(`${product.url}/decisions/${decisionId}`);
    await expect.poll(() => stances(page).getAttribute('data-live'), SETTLE).toBe('on');
    expect(await tally(page)).toContain('No stances yet');

    // Each of the four, one after the other, by keyboard-reachable radios and a reason.
    await takeStance(page, 'Agree', 'The grid dates are firm.');
    await expect.poll(() => tally(page), SETTLE).toMatch(/^1 agree/);
    await expect
      .poll(() => stances(page).getByRole('button', { name: 'Update stance' }).count(), SETTLE)
      .toBe(1);

    await takeStance(page, 'Abstain', '');
    await expect.poll(() => tally(page), SETTLE).toMatch(/^1 abstain/);

    await takeStance(page, 'Disagree', 'Latency to the south is too high.');
    await expect.poll(() => tally(page), SETTLE).toMatch(/^1 disagree/);
    const disagreeGroup = stances(page).locator('li.group.disagree');
    expect(await disagreeGroup.textContent()).toContain(
      'Mia Chen: Latency to the south is too high.',
    );

    await takeStance(page, 'Block', 'The northern site has no second power feed.');
    await expect.poll(() => tally(page), SETTLE).toMatch(/^1 block/);
    // Blocks are highlighted: a warning above the groups, the block group marked in red.
    const warning = stances(page).getByRole('note');
    expect(await warning.textContent()).toMatch(/Blocked:\s*one person objects strongly/);
    const blockGroup = stances(page).locator('li.group.block');
    expect(await blockGroup.textContent()).toContain(
      'Mia Chen: The northern site has no second power feed.',
    );
    const [groupBorder, warningBorder, tallyColour] = await Promise.all([
      blockGroup.evaluate((el) => getComputedStyle(el).borderLeftColor),
      warning.evaluate((el) => getComputedStyle(el).borderLeftColor),
      stances(page)
        .locator('.tally .blocked')
        .evaluate((el) => getComputedStyle(el).color),
    ]);
    expect(groupBorder).toBe(warningBorder);
    expect(tallyColour).toBe(warningBorder);

    // What the API stored is what the page shows.
    const stored = await admin.call<{ tally: Record<string, number> }>(
      'GET',
      `/api/decisions/${decisionId}`,
    );
    expect(stored.tally).toMatchObject({ agree: 0, abstain: 0, disagree: 0, block: 1 });

    // Someone else's stance arrives without a reload.
    await admin.call('PUT', `/api/decisions/${decisionId}/stance`, {
      stance: 'agree',
      reason: 'Worth it despite the feed.',
    });
    await expect.poll(() => tally(page), SETTLE).toMatch(/^1 agree · 1 block/);
    await expect
      .poll(() => stances(page).locator('li.group.agree').textContent(), SETTLE)
      .toContain('Worth it despite the feed.');
    // Blocks come first in who stood where.
    expect(
      await stances(page)
        .locator('li.group h3')
        .evaluateAll((headings) => headings.map((h) => h.textContent)),
    ).toEqual(['Block (1)', 'Agree (1)']);

    await page.screenshot({ path: join(SHOTS, 'stances-1280-light.png'), fullPage: true });

    // Withdrawn, the stance leaves the tally.
    await stances(page).getByRole('button', { name: 'Withdraw my stance' }).click();
    await expect.poll(() => tally(page), SETTLE).toMatch(/^1 agree(?! ·)/);
    expect(await stances(page).getByRole('note').count()).toBe(0);

    await context.close();
    expect(problems).toEqual([]);
  });
});
