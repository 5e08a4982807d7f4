// First paint of the web app's main pages in real Chromium (issue 17): first contentful paint and
// time to first byte per page (p50/p95 over repeated loads, warm HTTP cache, signed in), the
// JavaScript each route loads, gzip-compressed, on a cold cache (until the load event, and until
// the network is idle), and the size of its HTML.
//
// The product starts on a fresh embedded database with the sample briefing, then gets 1,000
// comments on one of its threads (and an action and a decision) through the API.
// Usage: node bench/web-vitals.mjs [loads=20] [comments=1000]
// BENCH_URL=http://127.0.0.1:PORT (with BENCH_EMAIL/BENCH_PASSWORD) measures a product already running.
import { rm } from 'node:fs/promises';
import { gzipSync } from 'node:zlib';
import { chromium } from 'playwright-core';
import { ADMIN, newDataDir, startProduct } from './lib/product.mjs';
import { percentile } from './lib/stats.mjs';

const [loads = 20, comments = 1000] = process.argv.slice(2).map(Number);
const BRIEFING = 'daily-sync-2026-05-07';

let product;
let dataDir;
if (process.env.BENCH_URL) {
  product = { url: process.env.BENCH_URL, stop: async () => 0 };
} else {
  dataDir = await newDataDir();
  product = await startProduct({
    dataDir,
    port: 3117,
    env: { COMMENT_RATE_LIMIT_PER_MINUTE: '1000000' },
  });
}
const email = process.env.BENCH_EMAIL ?? ADMIN.email;
const password = process.env.BENCH_PASSWORD ?? ADMIN.password;
const login = await fetch(`${product.url}/api/auth/login`, {
  method: 'POST',
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify({ email, password }),
});
const { token } = await login.json();
const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
const api = async (method, path, body) => {
  const response = await fetch(`${product.url}${path}`, {
    method,
    headers,
    body: body && JSON.stringify(body),
  });
  if (!response.ok)
    throw new Error(`${method} ${path} answered ${response.status}: ${await response.text()}`);
  return response.status === 204 ? undefined : response.json();
};

const briefing = await api('GET', `/api/briefings/${BRIEFING}`);
const threadId = briefing.sections.find((section) => section.discussion).discussion.threadId;
const thread = await api('GET', `/api/threads/${threadId}`);
let next = thread.thread.commentCount;
await Promise.all(
  Array.from({ length: 6 }, async () => {
    while (next < comments) {
      const n = next++;
      await api('POST', `/api/threads/${threadId}/comments`, {
        body: `Comment **${n}** on power, location and _security_: see https://example.com/${n}\n\n> quoted`,
        parentId: null,
      });
    }
  }),
);
await api('POST', '/api/actions', {
  title: 'Check the grid dates',
  links: [{ type: 'discussion', id: threadId }],
});
await api('POST', '/api/decisions', {
  title: 'Site capacity where the grid can take it',
  statement: 'Only **confirmed** grid dates.',
  threadId,
});

const pages = {
  feed: '/briefings',
  briefing: `/briefings/${BRIEFING}`,
  thread: `/threads/${threadId}`,
  actions: '/actions',
  board: '/actions/board',
  decisions: '/decisions',
  search: '/search?q=grid',
};

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
});
async function signedInContext() {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  await context.addCookies([
    { name: 'briefroom_session', value: token, url: product.url, httpOnly: true },
  ]);
  return context;
}

/** FCP and TTFB of one navigation, as web-vitals reads them (paint and navigation timing entries). */
async function measure(page, path) {
  await page.goto(`${product.url}${path}`, { waitUntil: 'load' });
  return page.evaluate(
    () =>
      new Promise((resolveTiming) => {
        const navigation = performance.getEntriesByType('navigation')[0];
        const read = (fcp) => resolveTiming({ fcp, ttfb: navigation.responseStart });
        const [paint] = performance.getEntriesByName('first-contentful-paint');
        if (paint) return read(paint.startTime);
        new PerformanceObserver((list, observer) => {
          const entry = list.getEntriesByName('first-contentful-paint')[0];
          if (entry) {
            observer.disconnect();
            read(entry.startTime);
          }
        }).observe({ type: 'paint', buffered: true });
      }),
  );
}

/**
 * Every script a cold load of the route fetches (entry, imports, preloads), gzip-compressed: those
 * asked for before the page's load event (what the route needs to show and hydrate), and those
 * fetched after it until the network is idle (socket.io's client, which waits for the load event).
 */
async function scriptBytes(path) {
  const context = await signedInContext();
  const page = await context.newPage();
  const scripts = new Map();
  const beforeLoad = new Set();
  let loaded = false;
  page.on('load', () => (loaded = true));
  page.on('request', (request) => {
    if (!loaded) beforeLoad.add(request.url());
  });
  page.on('response', async (response) => {
    const type = response.request().resourceType();
    const url = response.url();
    if (type === 'script' || url.endsWith('.js')) {
      try {
        scripts.set(url, await response.body());
      } catch {
        // a redirect or an aborted load has no body
      }
    }
  });
  await page.goto(`${product.url}${path}`, { waitUntil: 'networkidle' });
  await context.close();
  let raw = 0;
  let gzip = 0;
  let firstGzip = 0;
  let firstFiles = 0;
  for (const [url, body] of scripts) {
    const compressed = gzipSync(body).length;
    raw += body.length;
    gzip += compressed;
    if (beforeLoad.has(url)) {
      firstGzip += compressed;
      firstFiles++;
    }
  }
  return { files: scripts.size, raw, gzip, firstGzip, firstFiles };
}

/** The server-rendered page as sent, uncompressed. */
async function htmlBytes(path) {
  const response = await fetch(`${product.url}${path}`, {
    headers: { cookie: `briefroom_session=${token}` },
  });
  return (await response.arrayBuffer()).byteLength;
}

const kb = (bytes) => `${(bytes / 1024).toFixed(1)} KB`;
const ms = (value) => `${value.toFixed(0)} ms`;
console.log(
  `Web app first paint: ${loads} loads per page (2 warm-up), ${next} comments on the thread\n`,
);
console.log(
  'page        FCP p50   FCP p95   TTFB p50  TTFB p95   JS to load (gzip) files   JS to idle (gzip, raw)  files   HTML',
);
const context = await signedInContext();
const page = await context.newPage();
for (const [name, path] of Object.entries(pages)) {
  for (let i = 0; i < 2; i++) await measure(page, path);
  const fcp = [];
  const ttfb = [];
  for (let i = 0; i < loads; i++) {
    const timing = await measure(page, path);
    fcp.push(timing.fcp);
    ttfb.push(timing.ttfb);
  }
  fcp.sort((a, b) => a - b);
  ttfb.sort((a, b) => a - b);
  const js = await scriptBytes(path);
  console.log(
    [
      name.padEnd(10),
      ms(percentile(fcp, 50)).padStart(8),
      ms(percentile(fcp, 95)).padStart(9),
      ms(percentile(ttfb, 50)).padStart(9),
      ms(percentile(ttfb, 95)).padStart(9),
      kb(js.firstGzip).padStart(18),
      String(js.firstFiles).padStart(5),
      `${kb(js.gzip)} (${kb(js.raw)} raw)`.padStart(25),
      String(js.files).padStart(6),
      kb(await htmlBytes(path)).padStart(9),
    ].join(' '),
  );
}
await context.close();
await browser.close();
await product.stop();
if (dataDir) await rm(dataDir, { recursive: true, force: true });
