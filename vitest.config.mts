import { defineConfig } from 'vitest/config';

// Unit and boundary tests run under plain Node (services, CLI as a subprocess); the browser suite
// is Playwright's (tests/e2e), not vitest's.
export default defineConfig({
  test: {
    include: ['main/**/*.test.ts', 'renderer/**/*.test.ts', 'tests/{cli,ipc,migrations,layers}/**/*.test.ts'],
    environment: 'node',
    testTimeout: 30_000,
    pool: 'forks',
  },
});
