import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 30_000,
    // Simulators and spawned servers use loopback ports; files run in parallel, tests inside serially.
    pool: 'forks',
  },
});
