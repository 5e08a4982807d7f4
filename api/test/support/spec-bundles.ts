import { readdirSync, statSync } from 'node:fs';
import { basename, join, relative } from 'node:path';

/**
 * `npm test` runs each jest tier's spec files in a few bundles, each one jest test file.
 *
 * Jest gives every test file a module registry of its own, so each integration spec imported the
 * whole app again (some 1,800 modules, ~2 CPU-s with jest's loader and the garbage it leaves):
 * over a third of that tier's CPU, and a third of the unit tier's. A bundle imports a module once
 * for all its specs. The specs stay independent: an integration spec boots its own app on its own
 * database; no spec mocks a module or changes process.env, and a spec that fakes timers or spies
 * restores them; each runs inside a `describe` named after its file, so a failure names it. One
 * file alone still runs as before: `npx jest <file>.spec.ts` (jest.config.js).
 */
export type Tier = 'integration' | 'unit';

const apiDir = join(__dirname, '../..');

export const TIERS: Record<Tier, { bundles: number; specs: () => string[]; slow: string[] }> = {
  /** test/*.spec.ts (the resilience tier has its own folder and run). */
  integration: { bundles: 8, specs: () => specFiles(join(apiDir, 'test'), false), slow: [] },
  /** src/**\/*.spec.ts, beside the code. */
  unit: {
    bundles: 4,
    specs: () => specFiles(join(apiDir, 'src'), true),
    // Small files that take about a bundle's time each (a corpus read in beforeAll, thousands of
    // generated cases): each gets a bundle of its own. Only the bundles' balance depends on this.
    slow: [
      'src/briefings/parsing/realworld-corpus.spec.ts',
      'src/briefings/parsing/parse-briefings.property.spec.ts',
      'src/contract/contract.spec.ts',
    ],
  },
};

function specFiles(dir: string, deep: boolean): string[] {
  const found: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) {
      if (deep) found.push(...specFiles(path, true));
    } else if (entry.name.endsWith('.spec.ts')) found.push(path);
  }
  return found.sort();
}

/**
 * The specs of a tier's bundle `index` (1-based). Each slow spec has a bundle of its own; the
 * others fill the remaining bundles largest file first into the lightest (a spec's size stands in
 * for its time), so a spec always lands in the same bundle while the set of files is unchanged.
 */
export function specsOfBundle(tier: Tier, index: number): string[] {
  const { bundles: count, specs, slow } = TIERS[tier];
  const all = specs();
  const isSlow = (file: string) => slow.includes(relative(apiDir, file));
  const bundles = all.filter(isSlow).map((file) => [file]);
  const rest = Array.from({ length: count - bundles.length }, () => ({
    size: 0,
    specs: [] as string[],
  }));
  const sized = all
    .filter((file) => !isSlow(file))
    .map((file) => ({ file, size: statSync(file).size }))
    .sort((a, b) => b.size - a.size || a.file.localeCompare(b.file));
  for (const { file, size } of sized) {
    const lightest = rest.reduce((min, bundle) => (bundle.size < min.size ? bundle : min));
    lightest.size += size;
    lightest.specs.push(file);
  }
  bundles.push(...rest.map((bundle) => bundle.specs));
  return bundles[index - 1].sort();
}

/** Declares the specs of the bundle whose file is `bundleFile` (`test/bundles/<tier>-<n>.bundle.ts`). */
export function runSpecBundle(bundleFile: string): void {
  const [tier, number] = basename(bundleFile).replace('.bundle.ts', '').split('-');
  const index = Number(number);
  if (
    !(tier in TIERS) ||
    !Number.isInteger(index) ||
    index < 1 ||
    index > TIERS[tier as Tier].bundles
  )
    throw new Error(`${bundleFile}: a bundle is named <tier>-<1..n>.bundle.ts`);
  for (const spec of specsOfBundle(tier as Tier, index)) {
    describe(relative(apiDir, spec), () => {
      // eslint-disable-next-line @typescript-eslint/no-require-imports -- declares the spec's tests here
      require(spec);
    });
  }
}
