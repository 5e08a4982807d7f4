import base from './jest.base.config.js';

// The fast tier (`npm run test:unit`): specs beside the code, no PostgreSQL, Meilisearch or Redis.
export default {
  ...base,
  displayName: 'unit',
  testMatch: ['<rootDir>/src/**/*.spec.ts'],
  testPathIgnorePatterns: ['/node_modules/'],
  testTimeout: 30_000,
  maxWorkers: 2,
};
