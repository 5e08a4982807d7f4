import base from './jest.base.config.js';

// The fast tier (`npm run test:unit`): specs beside the code, no PostgreSQL, Meilisearch or Redis.
export default {
  ...base,
  displayName: 'unit',
  // The specs run in bundles (test/support/spec-bundles.ts): a module is loaded once per bundle.
  testMatch: ['<rootDir>/test/bundles/unit-*.bundle.ts'],
  testPathIgnorePatterns: ['/node_modules/'],
  testTimeout: 30_000,
  maxWorkers: 2,
};
