import { defineConfig } from 'vitest/config';

// `npm run test:resilience`, browser part: hostile content rendered in Chromium (see e2e/product.ts).
export default defineConfig({
  test: {
    include: ['resilience/**/*.e2e.ts'],
    environment: 'node',
    testTimeout: 120_000,
    hookTimeout: 120_000,
    fileParallelism: false,
  },
});
