import { join } from 'node:path';
import { specsOfBundle, TIERS, type Tier } from './support/spec-bundles.js';

const apiDir = join(__dirname, '..');

describe('The bundles npm test runs the jest tiers in', () => {
  it.each(Object.keys(TIERS) as Tier[])(
    '%s: hold every spec exactly once, none of them empty',
    (tier) => {
      const bundles = Array.from({ length: TIERS[tier].bundles }, (_, i) =>
        specsOfBundle(tier, i + 1),
      );
      for (const bundle of bundles) expect(bundle.length).toBeGreaterThan(0);
      const all = bundles.flat().sort();
      expect(all).toEqual(TIERS[tier].specs());
      expect(new Set(all).size).toBe(all.length);
      // A slow spec named that no longer exists would quietly unbalance the bundles.
      for (const slow of TIERS[tier].slow) expect(all).toContain(join(apiDir, slow));
    },
  );

  it('take the integration specs from test/ (not the resilience tier) and the unit specs from src/', () => {
    const integration = TIERS.integration.specs();
    expect(integration.length).toBeGreaterThan(40);
    for (const file of integration) expect(file).toMatch(/\/api\/test\/[^/]+\.spec\.ts$/);
    expect(integration.some((file) => file.endsWith('/spec-bundles.spec.ts'))).toBe(true);
    const unit = TIERS.unit.specs();
    expect(unit.length).toBeGreaterThan(50);
    for (const file of unit) expect(file).toMatch(/\/api\/src\/.+\.spec\.ts$/);
  });
});
