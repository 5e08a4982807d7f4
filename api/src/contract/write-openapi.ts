// `npm run contract`: regenerates the web app's copy of the API contract (after `tsc` builds the API).
import { writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { generateContract } from './contract-files.js';

const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));

for (const [path, content] of Object.entries(await generateContract())) {
  await writeFile(`${repoRoot}${path}`, content);
  console.log(`wrote ${path}`);
}
