import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root (bench/lib/ → ../..). */
const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

/**
 * Build output for the benches. Under node_modules/.cache (already ignored by git) rather than bench/.out,
 * and inside the repository so that a bundle's `import('@aws-sdk/client-sqs')` resolves like it does in Lambda.
 */
const CACHE = join(ROOT, 'node_modules', '.cache', 'worker-bench');

const cacheDir = (...parts: string[]): string => {
  const dir = join(CACHE, ...parts);
  mkdirSync(dir, { recursive: true });
  return dir;
};

export { CACHE, cacheDir, ROOT };
