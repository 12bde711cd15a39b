import type { Parameters } from 'fast-check';

/**
 * Property-run settings: ~200 runs keep each suite to seconds. fast-check prints the seed and path of a
 * failure; replay it with `FC_SEED=<seed> FC_PATH=<path> npx vitest run test/hostile`.
 */
const propertyOptions = <T>(): Parameters<T> => {
  const seed = Number(process.env.FC_SEED);
  return {
    // FC_NUM_RUNS raises it for a longer local soak.
    numRuns: Number(process.env.FC_NUM_RUNS) || 200,
    ...(Number.isInteger(seed) ? { seed } : {}),
    ...(process.env.FC_PATH ? { path: process.env.FC_PATH } : {}),
  };
};

export { propertyOptions };
