import { appendFileSync } from 'node:fs';

const log = process.env.BENCH_LOAD_LOG;

export async function resolve(specifier, context, nextResolve) {
  const resolved = await nextResolve(specifier, context);
  if (log) appendFileSync(log, `${specifier}\t${resolved.url}\n`);
  return resolved;
}
