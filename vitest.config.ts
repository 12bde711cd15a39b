import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // The serverless package test and the fauxqs integration tests start real processes and servers.
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
