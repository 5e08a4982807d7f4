import integration from './jest.integration.config.js';
import unit from './jest.unit.config.js';

// `npx jest [path]` runs whichever tier a path belongs to; the integration tier's services start
// only when one of its specs is selected. The tiers alone: `-c jest.unit.config.js` / `-c jest.integration.config.js`.
const { maxWorkers: _unitWorkers, ...unitProject } = unit;
// Here the specs are jest's test files themselves (npm test runs them in bundles).
unitProject.testMatch = ['<rootDir>/src/**/*.spec.ts'];
const { maxWorkers, ...integrationProject } = integration;
integrationProject.testMatch = ['<rootDir>/test/**/*.spec.ts'];
// testTimeout is read from the top-level config only (a project's own is ignored): the longer hang guard.
export default {
  projects: [unitProject, integrationProject],
  maxWorkers,
  testTimeout: Math.max(unit.testTimeout, integration.testTimeout),
};
