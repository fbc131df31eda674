import fs from 'node:fs';
import { defineConfig } from 'vitest/config';

// Browser journeys: one app + one Chromium per file, files one at a time (two cores).
// Outside CI, a machine without Debian's Chromium skips them with a notice; CI installs it.
const chromium = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const haveBrowser = fs.existsSync(chromium);
if (!haveBrowser && !process.env.CI) {
  console.warn(`\n[e2e] ${chromium} not found: browser journeys skipped. Install it with: apt-get install -y chromium\n`);
}

export default defineConfig({
  test: {
    include: haveBrowser || process.env.CI ? ['test/e2e/**/*.e2e.ts'] : [],
    passWithNoTests: !haveBrowser && !process.env.CI,
    pool: 'forks',
    fileParallelism: false,
    testTimeout: 180_000,
    // Pages can take seconds on a loaded two-core CI machine; polls wait for what a person would.
    expect: { poll: { timeout: 20_000, interval: 100 } },
    hookTimeout: 120_000,
  },
});
