import { defineConfig } from 'vitest/config';

/**
 * Three projects so a change gets feedback in seconds (`npm run test:unit`) and the whole suite still runs
 * under `npm test`. A file's project follows from what it does:
 * - integration: starts fauxqs (embedded SQS) or an HTTP server on a loopback port;
 * - slow: runs `serverless print/package`, the local tier end to end, or the CLI as a child process;
 * - unit: everything else. test/setup/no-io.ts makes a socket or child process there throw, so a file
 *   left out of the lists below fails loudly instead of slowing the unit run down.
 */
const integration = [
  'test/handlers/runtime-sqs-client.test.ts',
  'test/http/app.test.ts',
  'test/http/dead-letter.test.ts',
  'test/http/lifecycle.test.ts',
  'test/http/refused-body-close.test.ts',
  'test/infra/esbuild-plugins.test.ts',
  'test/integration/**/*.test.ts',
  'test/local/lambda/async-invoke.test.ts',
  'test/local/lambda/event-source-mapping*.test.ts',
  'test/local/lambda/invoke-api.test.ts',
  'test/local/sqs/**/*.test.ts',
  'test/local/sqsd/adapter.test.ts',
  'test/local/sqsd/cron-enqueue.test.ts',
  'test/local/sqsd/delivery.test.ts',
  'test/local/sqsd/headers.test.ts',
  'test/local/sqsd/options.test.ts',
  'test/local/sqsd/periodic.test.ts',
  'test/local/sqsd/retries.test.ts',
  'test/parity/**/*.test.ts',
];
const slow = [
  'test/e2e/**/*.test.ts',
  'test/eb/bundle.test.ts',
  'test/eb/cron-yaml.test.ts',
  'test/eb/serverless-print.test.ts',
  'test/http/entry.test.ts',
  'test/http/stalled-clients.test.ts',
  'test/import-eb/cli.test.ts',
  'test/import-eb/write-and-run.test.ts',
  'test/infra/cloudformation.test.ts',
  'test/local/cli/**/*.test.ts',
  'test/ops/cli.test.ts',
  'test/ops/local-ops.test.ts',
];

export default defineConfig({
  test: {
    // fauxqs, the HTTP servers and `serverless package` need more than vitest's 5 s default.
    testTimeout: 60_000,
    hookTimeout: 60_000,
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          include: ['test/**/*.test.ts'],
          exclude: [...integration, ...slow],
          setupFiles: ['test/setup/no-io.ts'],
        },
      },
      { extends: true, test: { name: 'integration', include: integration } },
      // `serverless package` and `npm start` (serverless print, then tsx) take tens of seconds on a busy machine.
      { extends: true, test: { name: 'slow', include: slow, testTimeout: 120_000, hookTimeout: 180_000 } },
    ],
  },
});
