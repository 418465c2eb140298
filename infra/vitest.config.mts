import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'scripts/**/*.test.ts'],
    // Synthesizing a stack loads the provider bindings; give the first test in a file room for that.
    testTimeout: 30_000,
  },
});
