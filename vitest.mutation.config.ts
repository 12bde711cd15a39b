import { defineConfig } from 'vitest/config';

/** The suites that mirror the mutated folders: seconds per run, the quick loop while working on one file. */
const SUBJECT_SUITES = ['test/core/**/*.test.ts', 'test/handlers/**/*.test.ts', 'test/http/**/*.test.ts'];

/** Cross-cutting suites that also exercise these folders; slower, because they cover almost every line. */
const CROSS_CUTTING_SUITES = [
  'test/hostile/**/*.test.ts',
  'test/parity/**/*.test.ts',
  'test/tasks/**/*.test.ts',
];

/**
 * The suites Stryker runs against each mutant (`npm run test:mutation`, docs/testing.md#mutation-testing):
 * the fast, in-process tests that exercise src/core, src/handlers and src/http. Left out: suites that start
 * child processes (a mutant is switched on inside the test process only, so a child would run unmutated code)
 * or package the service (seconds per run, and they test packaging, not these folders). In test/http those are
 * entry.test.ts and stalled-clients.test.ts (the adapter as a child process): they cover no mutant, yet every
 * mutant in module-level code reruns every suite, and stalled-clients alone took 18 of a 21 s run.
 * `MUTATION_SUITES=subject` keeps only the suites that mirror the mutated folders: a lower bound on the
 * score, minutes faster. `MUTATION_SUITES=core` (or `handlers`, `http`) keeps one of them, for a scoped run.
 */
function suites(choice: string | undefined): string[] {
  if (!choice) return [...SUBJECT_SUITES, ...CROSS_CUTTING_SUITES];
  if (choice === 'subject') return SUBJECT_SUITES;
  return [`test/${choice}/**/*.test.ts`];
}

export default defineConfig({
  test: {
    include: suites(process.env.MUTATION_SUITES),
    exclude: ['test/http/entry.test.ts', 'test/http/stalled-clients.test.ts'],
    // Every mutant reruns the property suites that cover it: 25 runs from a fixed seed (instead of 200 from a
    // random one) keep a full run to minutes and make a mutant's fate the same on every run.
    env: { FC_NUM_RUNS: '25', FC_SEED: '1515' },
    // A mutant that makes a test wait forever (a reply never sent, a signal never aborted) must fail the test
    // here rather than reach Stryker's timeout, which also restarts the test runner (20-30 s of vitest
    // start-up on a loaded machine). The slowest of these tests takes well under a second alone.
    testTimeout: 5_000,
    hookTimeout: 8_000,
  },
});
