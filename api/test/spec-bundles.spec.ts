import { BUNDLES, integrationSpecs, specsOfBundle } from './support/spec-bundles.js';

describe('The integration tier’s bundles', () => {
  it('hold every spec exactly once, none of them empty', () => {
    const bundles = Array.from({ length: BUNDLES }, (_, i) => specsOfBundle(i + 1));
    for (const bundle of bundles) expect(bundle.length).toBeGreaterThan(0);
    const all = bundles.flat().sort();
    expect(all).toEqual(integrationSpecs());
    expect(new Set(all).size).toBe(all.length);
    expect(all.some((file) => file.endsWith('/spec-bundles.spec.ts'))).toBe(true);
  });

  it('name only test/*.spec.ts files, not the resilience tier', () => {
    expect(integrationSpecs().length).toBeGreaterThan(40);
    for (const file of integrationSpecs()) expect(file).toMatch(/\/api\/test\/[^/]+\.spec\.ts$/);
  });
});
