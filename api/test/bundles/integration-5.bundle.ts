import { runSpecBundle } from '../support/spec-bundles.js';

runSpecBundle(__filename);
