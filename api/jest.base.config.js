import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { swcOptions } from './swc.config.js';

// NestJS 12 ships ES modules only: @swc/jest compiles them (and our TypeScript) to CommonJS for jest,
// with the same options as the build (swc.config.js).
const swc = ['@swc/jest', swcOptions('commonjs')];

/** Packages that ship ES modules only must be compiled too; found by their package.json, not listed by hand. */
function esmOnlyPackages(nodeModules) {
  const names = [];
  for (const entry of readdirSync(nodeModules)) {
    const scoped = entry.startsWith('@')
      ? readdirSync(join(nodeModules, entry)).map((name) => `${entry}/${name}`)
      : [entry];
    for (const name of scoped) {
      try {
        const manifest = JSON.parse(readFileSync(join(nodeModules, name, 'package.json'), 'utf8'));
        if (manifest.type === 'module') names.push(name);
      } catch {
        // not a package folder
      }
    }
  }
  return names;
}

// Plus CommonJS packages that import() an ES module (jest's CommonJS runtime cannot).
const esm = [
  ...esmOnlyPackages(fileURLToPath(new URL('../node_modules', import.meta.url))),
  '@fastify/cookie',
];

/** What every tier shares: how TypeScript and ES-module packages are compiled. */
export default {
  testEnvironment: 'node',
  rootDir: '.',
  transform: { '^.+\\.(t|j|mj|cj)s$': swc },
  transformIgnorePatterns: [
    `/node_modules/(?!(${esm.map((name) => name.replace(/[.+]/g, '\\$&')).join('|')})/)`,
  ],
  moduleNameMapper: { '^(\\.{1,2}/.*)\\.js$': '$1' },
};
