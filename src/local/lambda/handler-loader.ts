import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { LocalTierError } from '../local-tier-error.js';

/**
 * All functions of the local tier share ONE process, so `process.env` is shared too. Lambda gives each
 * function its own environment, and this project's handlers read it once, at import (createRuntime).
 * So each handler module is imported right after its function's environment is applied, as a fresh
 * module instance; the environment stays applied until the next function's replaces it. Anything that
 * reads process.env later (the SDK picking up AWS_REGION and credentials on first use) sees the last
 * function's values; the tier sets those shared keys identically for every function.
 */

/** Restores process.env to what it was before the tier changed it. */
type EnvironmentRestore = () => void;

/** Keys that would make the SDK use real credentials or another endpoint; removed while the tier runs. */
const SCRUBBED = [
  'AWS_SESSION_TOKEN',
  'AWS_PROFILE',
  'AWS_ENDPOINT_URL',
  'AWS_CONTAINER_CREDENTIALS_FULL_URI',
];

const EXTENSIONS = ['.ts', '.mts', '.js', '.mjs', '.cjs'];

/** Serialises "apply env → import": two tiers starting at once must not interleave their environments. */
let importLock: Promise<unknown> = Promise.resolve();
let instanceCounter = 0;

/** Snapshot of process.env keys the tier may touch, with a function that puts them back. */
function captureEnvironment(): EnvironmentRestore {
  const before = { ...process.env };
  return () => {
    for (const key of Object.keys(process.env)) if (!(key in before)) delete process.env[key];
    for (const [key, value] of Object.entries(before)) process.env[key] = value;
  };
}

/** `src/handlers/sqs-worker.handler` → the module file under `root` and the export name. */
function resolveHandlerPath(root: string, handler: string): { file: string; exportName: string } {
  const dot = handler.lastIndexOf('.');
  if (dot <= 0) throw new LocalTierError(`handler "${handler}" must look like path/to/module.exportName`);
  const base = join(root, handler.slice(0, dot));
  const file = EXTENSIONS.map((extension) => base + extension).find((candidate) => existsSync(candidate));
  if (file === undefined) {
    throw new LocalTierError(`handler "${handler}": none of ${base}{${EXTENSIONS.join(',')}} exists`);
  }
  return { file, exportName: handler.slice(dot + 1) };
}

/** A Lambda handler as the tier calls it (plain or middy-wrapped). */
type LoadedHandler = (event: never, context: never) => Promise<unknown>;

/** Import a fresh instance of the handler module and return its export. */
async function importHandler(root: string, handler: string): Promise<LoadedHandler> {
  const { file, exportName } = resolveHandlerPath(root, handler);
  // The query makes Node (and vitest) evaluate the module again, so it reads the CURRENT environment.
  const url = `${pathToFileURL(file).href}?local-tier-instance=${++instanceCounter}`;
  const module = (await import(/* @vite-ignore */ url)) as Record<string, unknown>;
  const exported = module[exportName];
  if (typeof exported !== 'function') {
    throw new LocalTierError(`handler "${handler}": ${file} has no exported function "${exportName}"`);
  }
  return exported as LoadedHandler;
}

/**
 * Put process.env back to `baseline` (so one function's variables do not leak into the next one's
 * import), apply `environment`, then run `load` (an import that reads env at module scope). Calls are
 * serialised across the process; the environment stays applied afterwards.
 */
function loadWithEnvironment<T>(
  environment: Readonly<Record<string, string>>,
  baseline: Readonly<Record<string, string | undefined>>,
  load: () => Promise<T>,
): Promise<T> {
  const run = async () => {
    for (const key of Object.keys(process.env)) if (!(key in baseline)) delete process.env[key];
    for (const [key, value] of Object.entries(baseline)) {
      if (value === undefined) delete process.env[key];
      else process.env[key] = value;
    }
    for (const key of SCRUBBED) delete process.env[key];
    Object.assign(process.env, environment);
    return load();
  };
  const result = importLock.then(run, run);
  importLock = result.catch(() => undefined);
  return result;
}

export type { EnvironmentRestore, LoadedHandler };
export { captureEnvironment, importHandler, loadWithEnvironment, resolveHandlerPath };
