import fs from 'node:fs';
import { defineConfig } from '@playwright/test';

/**
 * End-to-end tests against the browser host (`bin/xiaoniu-serve.js`, compiled JS — run
 * `npm run build` first). Debian's Chromium is used when present (never a downloaded browser);
 * CHROMIUM_PATH overrides it; with neither, a contributor's own Playwright browser is used.
 * Test files are `*.e2e.ts` so vitest's default `*.test.ts` / `*.spec.ts` pattern never picks them up.
 */
const executablePath = process.env.CHROMIUM_PATH || (fs.existsSync('/usr/bin/chromium') ? '/usr/bin/chromium' : undefined);

export default defineConfig({
  testDir: 'tests/e2e',
  testMatch: '**/*.e2e.ts',
  globalSetup: './tests/e2e/global-setup.ts',
  workers: 1,
  fullyParallel: false,
  forbidOnly: !!process.env.CI,
  retries: 0,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  reporter: process.env.CI ? [['line']] : [['list']],
  outputDir: 'test-results',
  use: {
    browserName: 'chromium',
    viewport: { width: 1280, height: 800 },
    locale: 'zh-CN',
    acceptDownloads: true,
    screenshot: 'only-on-failure',
    trace: 'retain-on-failure',
    launchOptions: {
      ...(executablePath ? { executablePath } : {}),
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    },
  },
});
