import { defineConfig } from 'vitest/config';

// Load and crash tests against the real server on a SQLite file: `npm run test:reliability`.
export default defineConfig({
  test: {
    include: ['test/reliability/**/*.test.ts'],
    pool: 'forks',
    fileParallelism: false,
    testTimeout: 180_000,
    hookTimeout: 180_000,
  },
});
