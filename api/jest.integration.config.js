import base from './jest.base.config.js';

// `npm run test:integration`: booted apps on real PostgreSQL and Meilisearch (+ Redis, processes).
export default {
  ...base,
  displayName: 'integration',
  testMatch: ['<rootDir>/test/**/*.spec.ts'],
  // The heavier fault, fuzz and matrix suite runs apart: `npm run test:resilience`.
  testPathIgnorePatterns: ['/node_modules/', '<rootDir>/test/resilience/'],
  globalSetup: '<rootDir>/test/support/global-setup.mjs',
  globalTeardown: '<rootDir>/test/support/global-teardown.mjs',
  testTimeout: 30_000,
  maxWorkers: 2,
};
