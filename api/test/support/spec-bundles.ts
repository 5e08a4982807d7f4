import { readdirSync, statSync } from 'node:fs';
import { basename, join, relative } from 'node:path';

/**
 * The integration tier runs its spec files in a few bundles, each one jest test file.
 *
 * Jest gives every test file a module registry of its own, so each spec file used to import the
 * whole app again (some 1,800 modules, ~2 CPU-s with jest's loader and the garbage it leaves): over
 * a third of the tier's CPU. A bundle imports the app once for all its specs. The specs stay
 * independent: each boots its own app on its own database, none mocks a module or changes
 * process.env, and each runs inside a `describe` named after its file, so a failure names it.
 * One file alone still runs as before: `npx jest test/<file>.spec.ts` (jest.config.js).
 */
export const BUNDLES = 8;

const testDir = join(__dirname, '..');

/** Every spec of the tier (test/*.spec.ts; the resilience tier has its own folder and run). */
export function integrationSpecs(): string[] {
  return readdirSync(testDir)
    .filter((name) => name.endsWith('.spec.ts'))
    .sort()
    .map((name) => join(testDir, name));
}

/**
 * The specs of bundle `index` (1-based): largest file first into the lightest bundle, so the
 * bundles take about as long (a spec's size stands in for its time) and a spec always lands in
 * the same bundle while the set of files is unchanged.
 */
export function specsOfBundle(index: number, count = BUNDLES): string[] {
  const bundles = Array.from({ length: count }, () => ({ weight: 0, specs: [] as string[] }));
  const sized = integrationSpecs().map((file) => ({ file, size: statSync(file).size }));
  sized.sort((a, b) => b.size - a.size || a.file.localeCompare(b.file));
  for (const { file, size } of sized) {
    const lightest = bundles.reduce((min, bundle) => (bundle.weight < min.weight ? bundle : min));
    lightest.weight += size;
    lightest.specs.push(file);
  }
  return bundles[index - 1].specs.sort();
}

/** Declares the specs of the bundle whose file is `bundleFile` (`test/bundles/<n>.bundle.ts`). */
export function runSpecBundle(bundleFile: string): void {
  const index = Number(basename(bundleFile).split('.')[0]);
  if (!Number.isInteger(index) || index < 1 || index > BUNDLES)
    throw new Error(`${bundleFile}: a bundle is named <1..${BUNDLES}>.bundle.ts`);
  for (const spec of specsOfBundle(index)) {
    describe(relative(join(testDir, '..'), spec), () => {
      // eslint-disable-next-line @typescript-eslint/no-require-imports -- declares the spec's tests here
      require(spec);
    });
  }
}
