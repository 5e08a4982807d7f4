import base from './jest.base.config.js';

// `npm run test:integration`: booted apps on real PostgreSQL and Meilisearch (+ Redis, processes).
export default {
  ...base,
  displayName: 'integration',
  // The specs run in bundles (test/support/spec-bundles.ts): one import of the app per bundle, not per spec.
  testMatch: ['<rootDir>/test/bundles/integration-*.bundle.ts'],
  // The heavier fault, fuzz and matrix suite runs apart: `npm run test:resilience`.
  testPathIgnorePatterns: ['/node_modules/', '<rootDir>/test/resilience/'],
  globalSetup: '<rootDir>/test/support/global-setup.mjs',
  globalTeardown: '<rootDir>/test/support/global-teardown.mjs',
  // A guard against hangs, not a speed check: a server restart inside a test takes ~6 s idle and
  // ~16 s on a loaded 2-core machine; CI runs this tier beside lint, builds and the browser tests.
  testTimeout: 60_000,
  maxWorkers: 2,
};
