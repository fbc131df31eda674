import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  // The app loads EJS's CommonJS build (npm start, tsx); vitest would pick its ES module build,
  // which declares template locals with `let` where the CommonJS build uses `var` (src/web/views.ts).
  resolve: { alias: { ejs: fileURLToPath(new URL('./node_modules/ejs/lib/cjs/ejs.js', import.meta.url)) } },
  test: {
    include: ['test/**/*.test.ts', 'src/**/*.test.ts'],
    exclude: ['test/e2e/**', 'test/reliability/**', 'node_modules/**'],
    globalSetup: ['test/helpers/global-setup.ts'],
    pool: 'forks',
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
