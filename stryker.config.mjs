/**
 * Mutation testing of the dispatch core, the Lambda handlers and the HTTP adapter (docs/testing.md#mutation-testing).
 * `npm run test:mutation`; one folder or file while iterating: `npm run test:mutation -- --mutate 'src/core/times.ts'`.
 * @type {import('@stryker-mutator/api/core').PartialStrykerOptions}
 */
export default {
  testRunner: 'vitest',
  vitest: { configFile: 'vitest.mutation.config.ts' },
  mutate: ['src/core/**/*.ts', 'src/handlers/**/*.ts', 'src/http/**/*.ts'],
  coverageAnalysis: 'perTest',
  // Two cores is what CI and most laptops spare; more runners only thrash.
  concurrency: 2,
  // Reruns test only the mutants whose code or covering tests changed.
  incremental: true,
  incrementalFile: 'reports/stryker-incremental.json',
  reporters: ['clear-text', 'progress', 'html', 'json'],
  htmlReporter: { fileName: 'reports/mutation/mutation.html' },
  jsonReporter: { fileName: 'reports/mutation/mutation.json' },
  thresholds: { high: 95, low: 90, break: null },
  // A hung mutant (an infinite loop in a retry) is killed by timeout. Stryker allows 1.5x the test's own
  // measured time plus this, so a loaded machine is already accounted for; each looping mutant (chunk,
  // batch) costs this much, and 30 s made them dominate a scoped run.
  timeoutMS: 10_000,
  // The first full run of the suites (with per-test coverage) takes minutes on a busy 2-core machine.
  dryRunTimeoutMinutes: 30,
  tempDirName: '.stryker-tmp',
  cleanTempDir: 'always',
};
