/**
 * How SWC compiles the API's TypeScript, for the build (ES modules, `build.mjs`) and for jest
 * (CommonJS, `jest.base.config.js`): legacy decorators with their `design:*` metadata, which Nest's
 * dependency injection and class-validator read, and class fields assigned as tsc does with
 * `useDefineForClassFields: false`. SWC compiles file by file without types: `tsc --noEmit`
 * (the typecheck target, with `isolatedModules`) is what checks that each file compiles alone.
 * @param {'es6' | 'commonjs'} moduleType
 */
export function swcOptions(moduleType) {
  return {
    jsc: {
      parser: { syntax: 'typescript', decorators: true },
      transform: { legacyDecorator: true, decoratorMetadata: true, useDefineForClassFields: false },
      target: 'es2022',
      // Nest names providers and logs by class name; never let a minifier rename them.
      keepClassNames: true,
    },
    module: { type: moduleType },
  };
}
