import { defineConfig } from 'vitest/config';

// Each test file starts a whole instance layout (PostgreSQL, Redis, PM2 cluster, Nginx): one file at a time.
export default defineConfig({
  test: { include: ['src/**/*.test.ts'], fileParallelism: false, testTimeout: 60_000, hookTimeout: 120_000 },
});
