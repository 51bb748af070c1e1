import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 60_000,
    // Two test files at a time even on two cores (vitest's default leaves one core to itself):
    // much of a test's time is Chromium and pingyi processes, whose waits the other file fills.
    // The whole suite on 2 cores: 817 s with one worker, 689 s with two (issue #21's note).
    maxWorkers: Math.max(2, availableParallelism() - 1),
  },
});
