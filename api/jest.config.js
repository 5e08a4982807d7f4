import integration from './jest.integration.config.js';
import unit from './jest.unit.config.js';

// `npx jest [path]` runs whichever tier a path belongs to; the integration tier's services start
// only when one of its specs is selected. The tiers alone: `-c jest.unit.config.js` / `-c jest.integration.config.js`.
const { maxWorkers: _unitWorkers, ...unitProject } = unit;
const { maxWorkers, ...integrationProject } = integration;
export default { projects: [unitProject, integrationProject], maxWorkers };
