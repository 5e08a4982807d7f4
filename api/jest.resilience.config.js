import base from './jest.integration.config.js';

// `npm run test:resilience`: faults with real processes killed, the authorization matrix and fuzzing.
export default {
  ...base,
  testMatch: ['<rootDir>/test/resilience/**/*.spec.ts'],
  displayName: 'resilience',
  testPathIgnorePatterns: ['/node_modules/'],
  testTimeout: 300_000,
  maxWorkers: 1,
};
