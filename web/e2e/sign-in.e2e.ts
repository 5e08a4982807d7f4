import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN, launchBrowser, screenshotDir, startProduct, type Product } from './product.js';

describe('Signing in through the real page', () => {
  let product: Product;
  let browser: Browser;

  beforeAll(async () => {
    product = await startProduct();
    browser = await launchBrowser();
    await mkdir(screenshotDir, { recursive: true });
  });

  afterAll(async () => {
    await browser?.close();
    if (product) expect(await product.stop()).toBe(0);
  });

  it('refuses a wrong password, then signs in and shows the app shell', async () => {
    const page = await browser.newPage();
    const failedRequests: string[] = [];
    page.on('requestfailed', (request) => {
      // A navigation that supersedes an in-flight data request aborts it: that is SvelteKit, not a failure.
      if (request.failure()?.errorText !== 'net::ERR_ABORTED') failedRequests.push(request.url());
    });
    const cspViolations: string[] = [];
    page.on('console', (message) => {
      if (/Content Security Policy/i.test(message.text())) cspViolations.push(message.text());
    });

    page.setDefaultTimeout(15_000);
    await page.goto(`${product.url}/briefings`);
    await page.waitForURL('**/login**');
    // Let the page hydrate, so the form is submitted the way a reader's browser submits it.
    await page.waitForLoadState('networkidle');

    await page.getByLabel('Email').fill(ADMIN.email);
    await page.getByLabel('Password').fill('not-the-password');
    await page.getByRole('button', { name: 'Sign in' }).click();
    const alert = page.getByRole('alert').first();
    await alert.waitFor();
    expect(await alert.textContent()).toMatch(/not right/i);

    await page.getByLabel('Password').fill(ADMIN.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL('**/briefings');

    const nav = page.getByRole('navigation');
    for (const link of ['Briefings', 'Actions', 'Decisions']) {
      await expect.poll(() => nav.getByRole('link', { name: link }).count()).toBeGreaterThan(0);
    }
    // On a desktop-wide page the header's search box stands in for the Search link.
    await expect.poll(() => page.getByRole('search').getByRole('combobox').count()).toBe(1);
    const cookies = await page.context().cookies();
    expect(cookies.find((cookie) => cookie.name === 'briefroom_session')).toMatchObject({
      httpOnly: true,
      sameSite: 'Lax',
    });

    await page.screenshot({ path: join(screenshotDir, 'sign-in.png'), fullPage: true });
    expect(cspViolations).toEqual([]);
    expect(failedRequests).toEqual([]);
  });

  it('serves pages without JavaScript for reading', async () => {
    const context = await browser.newContext({ javaScriptEnabled: false });
    const page = await context.newPage();
    await page.goto(`${product.url}/login`);
    await page.getByLabel('Email').fill(ADMIN.email);
    await page.getByLabel('Password').fill(ADMIN.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect.poll(() => new URL(page.url()).pathname).toBe('/briefings');
    await expect
      .poll(() => page.getByRole('navigation').getByRole('link', { name: 'Briefings' }).count())
      .toBeGreaterThan(0);
    await context.close();
  });
});
