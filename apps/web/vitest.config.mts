import { defineConfig, mergeConfig } from 'vitest/config';
import viteConfig from './vite.config.mts';

// The build's aliases (the shared documents module) apply to the unit tests too.
export default mergeConfig(
  viteConfig,
  defineConfig({
    test: {
      include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
      // The API's harness (one embedded PostgreSQL, a migrated template cloned per file), then one shared browser.
      globalSetup: ['../api/test/helpers/global-setup.ts', 'test/helpers/global-setup.ts'],
      env: { NODE_ENV: 'test' },
      // One browser suite at a time: two cores are shared by the whole team.
      fileParallelism: false,
      testTimeout: 60_000,
      hookTimeout: 120_000,
    },
  }),
);
