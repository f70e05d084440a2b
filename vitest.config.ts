import { defineConfig } from 'vitest/config';

// Real Chromium per test file: two workers on this 2-core machine, generous per-test deadlines
// (the machine is shared and noisy; tests assert on states, never on wall-clock speed).
export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    pool: 'forks',
    maxWorkers: 2,
    testTimeout: 60_000,
    hookTimeout: 60_000,
    reporters: ['default'],
  },
});
