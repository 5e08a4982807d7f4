import adapter from '@sveltejs/adapter-node';

/**
 * SvelteKit's route announcer (#svelte-announcer) is rendered with one fixed inline style attribute.
 * 'unsafe-hashes' plus its hash allows exactly that attribute value and no other inline style; a
 * test (src/csp.test.ts) recomputes it from the installed SvelteKit so an upgrade cannot drift.
 */
export const ANNOUNCER_STYLE_HASH = 'sha256-S8qMpvofolR8Mpjy4kQvEm7m1q8clzU4dfDH0AmvZjo=';

/**
 * Content-Security-Policy, sent by SvelteKit on every rendered page. SvelteKit adds a per-response
 * nonce (or, for prerendered pages, a hash) to script-src for the inline bootstrap script it emits.
 * style-src stays 'self' without 'unsafe-inline': component CSS is emitted as files and no component
 * uses inline styles or transitions; the one inline style attribute SvelteKit renders is hashed below.
 * @type {NonNullable<import('@sveltejs/kit').Config['kit']>['csp']}
 */
const csp = {
  mode: 'auto',
  directives: {
    'default-src': ['self'],
    'script-src': ['self'],
    'style-src': ['self'],
    'style-src-attr': ['unsafe-hashes', ANNOUNCER_STYLE_HASH],
    // Comments may show images from the open web (https only, lazy, no referrer).
    'img-src': ['self', 'data:', 'https:'],
    'font-src': ['self'],
    // 'self' matches ws:/wss: on the same host (CSP Level 3), which is where socket.io lives.
    'connect-src': ['self'],
    'object-src': ['none'],
    'base-uri': ['self'],
    'form-action': ['self'],
    'frame-ancestors': ['none'],
  },
};

/** @type {import('@sveltejs/kit').Config} */
const config = {
  kit: {
    // The API server imports build/handler.js and mounts it next to /api and /socket.io.
    adapter: adapter({ out: 'build' }),
    csp: csp,
    // Always served from the root of its own origin: render links as plain absolute paths.
    paths: { relative: false },
    // The socket.io event map the API's gateways use too (imported for types only).
    // The comment Markdown renderer the API stores with, for the composer's Preview (one renderer).
    alias: {
      '$socket-events': '../api/src/realtime/socket-events.ts',
      '$comment-markdown': '../api/src/discussions/comment-markdown-render.ts',
    },
    // The browser-test configs are type-checked (and type-aware linted) with the app.
    typescript: {
      config: (tsconfig) => {
        tsconfig.include.push('../vitest.e2e.config.ts', '../vitest.resilience.config.ts');
      },
    },
  },
};

export default config;
