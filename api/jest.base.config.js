import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { swcOptions } from './swc.config.js';

// NestJS 12 ships ES modules only: @swc/jest compiles them (and our TypeScript) to CommonJS for jest,
// with the same options as the build (swc.config.js).
const swc = ['@swc/jest', swcOptions('commonjs')];

/**
 * What jest loads for `require(name)`: the package's root export under jest's conditions
 * (require, node, default), else main. Not Node's require.resolve: Node 20.19+ also honours
 * `module-sync`, which picks the ES module of packages such as @swc/helpers and set-cookie-parser.
 */
function requireEntry(manifest) {
  let target = manifest.exports;
  if (target === undefined || target === null) return manifest.main ?? 'index.js';
  if (
    typeof target === 'object' &&
    !Array.isArray(target) &&
    Object.keys(target)[0]?.startsWith('.')
  )
    target = target['.'];
  while (target && typeof target === 'object') {
    if (Array.isArray(target)) target = target[0];
    else {
      const condition = Object.keys(target).find((key) =>
        ['require', 'node', 'default'].includes(key),
      );
      target = condition === undefined ? undefined : target[condition];
    }
  }
  return typeof target === 'string' ? target : undefined;
}

/** Whether a file is CommonJS by Node's rules: .cjs, or .js under a package.json without type module. */
function isCommonJs(file, packageDir) {
  if (file.endsWith('.cjs')) return true;
  if (file.endsWith('.mjs')) return false;
  for (let dir = dirname(file); dir.startsWith(packageDir); dir = dirname(dir)) {
    try {
      return JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')).type !== 'module';
    } catch {
      // no package.json here: look further up
    }
  }
  return false;
}

/**
 * Packages that ship ES modules only must be compiled too; found by their package.json, not listed
 * by hand. A package that also ships CommonJS for `require` (a dual package) is loaded as such,
 * uncompiled: on a cold cache (every CI run) compiling those cost ~15 s of CPU per tier.
 */
function esmOnlyPackages(nodeModules) {
  const names = [];
  for (const entry of readdirSync(nodeModules)) {
    const scoped = entry.startsWith('@')
      ? readdirSync(join(nodeModules, entry)).map((name) => `${entry}/${name}`)
      : [entry];
    for (const name of scoped) {
      const dir = join(nodeModules, name);
      let manifest;
      try {
        manifest = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
      } catch {
        continue; // not a package folder
      }
      if (manifest.type !== 'module') continue;
      const entryFile = requireEntry(manifest);
      if (entryFile === undefined || !isCommonJs(join(dir, entryFile), dir)) names.push(name);
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
