import { defineConfig } from 'vitest/config';

export default defineConfig({
  oxc: { jsx: { runtime: 'automatic', importSource: 'preact' } },
  test: {
    include: ['shared/**/*.test.ts', 'client/**/*.test.ts', 'server/**/*.test.ts', 'widget/**/*.test.ts', 'console/**/*.test.ts', 'scripts/**/*.test.ts'],
    testTimeout: 15_000,
  },
});
