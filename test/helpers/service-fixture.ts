import { readFileSync } from 'node:fs';

const FIXTURE = new URL('../eb/fixtures/serverless-print.json', import.meta.url);

/** Marks a property to delete in an edit. */
const REMOVE = Symbol('remove');

/** Set the value at a property path (`functions.worker.events.0.sqs.arn`), or remove it with REMOVE. */
type Edit = readonly [path: string, value: unknown];

/** A fresh copy of the `serverless print --format json` fixture with `edits` applied, one broken thing per test. */
function printedService(...edits: Edit[]): unknown {
  const service: unknown = JSON.parse(readFileSync(FIXTURE, 'utf8'));
  for (const [path, value] of edits) {
    const keys = path.split('.');
    const last = keys.pop() ?? '';
    const parent = keys.reduce<unknown>((node, key) => (node as Record<string, unknown>)[key], service);
    if (typeof parent !== 'object' || parent === null) throw new Error(`fixture has no ${path}`);
    const target = parent as Record<string, unknown>;
    if (value === REMOVE) delete target[last];
    else target[last] = value;
  }
  return service;
}

export { printedService, REMOVE };
