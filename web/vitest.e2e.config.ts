import { defineConfig } from 'vitest/config';

// Browser tests against the real product started by `npm start`'s launcher (see e2e/product.ts).
export default defineConfig({
  test: {
    include: ['e2e/**/*.e2e.ts'],
    environment: 'node',
    testTimeout: 60_000,
    hookTimeout: 120_000,
    fileParallelism: false,
    // One retry absorbs a browser hiccup on a loaded 2-core machine; a real failure fails twice.
    retry: 1,
  },
});
