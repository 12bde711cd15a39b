// `node --import ./record-loads.mjs ...`: appends every module resolution (specifier, URL) to the file
// named by BENCH_LOAD_LOG, to prove which modules a cold start evaluates. Hooks run on their own thread
// in Node 20, so they write to a file rather than to the process's stdout.
import { register } from 'node:module';

register('./load-hook.mjs', import.meta.url);
