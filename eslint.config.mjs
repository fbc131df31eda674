// ESLint: typescript-eslint's type-checked recommended rules on all TypeScript, Prettier decides
// layout (eslint-config-prettier turns the layout rules off). Run by `npm run lint` (part of `npm test`).
import eslint from '@eslint/js';
import prettier from 'eslint-config-prettier';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['node_modules/**', 'dist/**', 'data/**', '.tmp/**', 'test-results/**', 'public/**'] },
  eslint.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      globals: globals.node,
      parserOptions: { projectService: { allowDefaultProject: ['*.mjs', '*.mts', '*.cjs'] }, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      // `_`-prefixed parameters are deliberate (Express error handlers need four arguments).
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
    },
  },
  {
    // Tests read supertest's `res.body` and raw database rows, which are `any` by the libraries'
    // own types; asserting on them is what a test does, and an assertion that reads the wrong
    // field fails. Everything else of the type-checked set still applies to tests.
    files: ['test/**/*.ts', 'src/**/*.test.ts'],
    rules: {
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
    },
  },
  {
    // Migrations are history: once landed they are never edited, not even for types. They read
    // knex's untyped `client.config` to pick a dialect; the unsafe-any rules stay on everywhere else.
    files: ['migrations/**/*.ts'],
    rules: {
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
    },
  },
  {
    // The SVG chart strips the control characters XML 1.0 forbids; a class with exactly those
    // characters is the point of that regular expression, so no-control-regex is off for that file only.
    files: ['src/reports/gap-chart.ts'],
    rules: { 'no-control-regex': 'off' },
  },
  { files: ['**/*.mjs', '**/*.mts', '**/*.cjs'], ...tseslint.configs.disableTypeChecked },
  // The parse child's bootstrap is CommonJS on purpose (src/uploads/parse-child-boot.cjs).
  { files: ['**/*.cjs'], rules: { '@typescript-eslint/no-require-imports': 'off' } },
  prettier,
);
