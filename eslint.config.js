import js from '@eslint/js';
import svelte from 'eslint-plugin-svelte';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  {
    ignores: [
      '**/node_modules/**',
      '**/dist/**',
      '**/build/**',
      '**/.svelte-kit/**',
      '**/.data/**',
      'test-results/**',
      '.nx/**',
      // Generated (npm run contract, npm run db:types): checked by the compiler where they are used.
      'web/src/lib/api/schema.d.ts',
      'web/src/lib/api/enums.ts',
      'api/src/database/schema.ts',
    ],
  },
  js.configs.recommended,
  // Type-aware: the rules that catch what the compiler cannot (floating promises, `any` leaking out of
  // untyped edges, switches that miss a case) need the type information of each project.
  ...tseslint.configs.recommendedTypeChecked,
  ...svelte.configs.recommended,
  {
    languageOptions: {
      globals: { ...globals.node },
      parserOptions: {
        projectService: true,
        tsconfigRootDir: import.meta.dirname,
        extraFileExtensions: ['.svelte'],
      },
    },
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/switch-exhaustiveness-check': [
        'error',
        { considerDefaultExhaustiveForUnions: true },
      ],
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_' },
      ],
      '@typescript-eslint/consistent-type-imports': [
        'error',
        { fixStyle: 'inline-type-imports', disallowTypeAnnotations: false },
      ],
      'no-console': 'off',
    },
  },
  {
    files: ['api/**/*.ts'],
    rules: {
      // Nest resolves constructor parameters from emitted metadata: a type-only import would erase it.
      '@typescript-eslint/consistent-type-imports': 'off',
    },
  },
  {
    // A migration is frozen once released; the app code it might import keeps changing.
    files: ['api/src/database/migrations/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['../*', './*'],
              message: 'A migration never imports app code: copy what it needs into the file.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['web/**/*.{ts,svelte}'],
    languageOptions: { globals: { ...globals.browser, ...globals.node } },
  },
  {
    files: ['**/*.svelte', '**/*.svelte.ts'],
    languageOptions: {
      parserOptions: { parser: tseslint.parser, extraFileExtensions: ['.svelte'] },
    },
  },
  {
    // Tests read HTTP bodies (supertest, fetch) that are `any` by design and assert on them.
    files: [
      'api/test/**/*.ts',
      '**/*.spec.ts',
      '**/*.test.ts',
      'web/e2e/**/*.ts',
      'web/resilience/**/*.ts',
    ],
    rules: {
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
      // Fakes implement async interfaces with values at hand; jest/vitest mocks are read unbound.
      '@typescript-eslint/require-await': 'off',
      '@typescript-eslint/unbound-method': 'off',
    },
  },
  // Plain JavaScript (launcher, benches, configs) has no types to check against.
  { files: ['**/*.{js,mjs,cjs}'], ...tseslint.configs.disableTypeChecked },
);
