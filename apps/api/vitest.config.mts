import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    // One embedded PostgreSQL for the whole run; each test file gets its own database cloned from a migrated template.
    globalSetup: ['test/helpers/global-setup.ts'],
    env: { NODE_ENV: 'test' },
    testTimeout: 20_000,
    hookTimeout: 60_000,
    // Two cores shared with other suites: a small pool keeps argon2 and PostgreSQL from starving each other.
    maxWorkers: 2,
  },
});
