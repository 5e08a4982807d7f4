// `nx build @briefroom/api`: every TypeScript file of src/ but the specs, compiled by SWC into an
// ES module at the same place under dist/ (with its source map). No type-checking here: that is the
// typecheck target's (`tsc --noEmit`), so the build does not check the same program a second time.
import { transformFile } from '@swc/core';
import { mkdir, readdir, rm, writeFile } from 'node:fs/promises';
import { basename, dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { swcOptions } from './swc.config.js';

const root = fileURLToPath(new URL('.', import.meta.url));
const src = join(root, 'src');
const dist = join(root, 'dist');

const sources = (await readdir(src, { recursive: true }))
  .filter((file) => file.endsWith('.ts') && !file.endsWith('.d.ts') && !file.endsWith('.spec.ts'))
  .sort();

// Nothing stale survives a rename or a deleted file.
await rm(dist, { recursive: true, force: true });

const options = swcOptions('es6');
await Promise.all(
  sources.map(async (file) => {
    const input = join(src, file);
    const output = join(dist, file.replace(/\.ts$/, '.js'));
    const { code, map } = await transformFile(input, {
      ...options,
      swcrc: false,
      sourceMaps: true,
      inlineSourcesContent: false,
      sourceFileName: relative(dirname(output), input),
    });
    await mkdir(dirname(output), { recursive: true });
    await writeFile(output, `${code}\n//# sourceMappingURL=${basename(output)}.map\n`);
    await writeFile(`${output}.map`, map ?? '');
  }),
);
console.log(`api build: ${sources.length} files compiled by SWC into dist/`);
