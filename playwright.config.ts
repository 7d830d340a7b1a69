// Browser tests of the built site: Debian's Chromium (Playwright cannot download its
// own browser here), fixture and story sites built and previewed by globalSetup.
import { defineConfig } from '@playwright/test';

export default defineConfig({
  testDir: 'tests/e2e',
  testMatch: '*.spec.ts',
  globalSetup: './tests/e2e/setup.ts',
  fullyParallel: true,
  workers: 2,
  forbidOnly: !!process.env.CI,
  retries: 0,
  timeout: 30_000,
  reporter: [['list']],
  outputDir: '.hangtime/e2e/test-results',
  use: {
    browserName: 'chromium',
    launchOptions: {
      executablePath: process.env.HANGTIME_CHROMIUM || '/usr/bin/chromium',
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--no-first-run',
        '--disable-sync',
      ],
    },
  },
});
