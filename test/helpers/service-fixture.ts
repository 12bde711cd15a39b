import { readFileSync } from 'node:fs';
import { deriveEbWorkerSettings, type EbWorkerSettings } from '../../src/service/eb-worker-settings.js';
import { type LocalService, readLocalService } from '../../src/service/service-model.js';

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

/** The edited fixture as src/service reads it. */
function fixtureService(...edits: Edit[]): LocalService {
  return readLocalService(printedService(...edits));
}

/** The EB worker settings of the edited fixture, as package:eb and the local sqsd mode derive them. */
function fixtureSettings(...edits: Edit[]): EbWorkerSettings {
  return deriveEbWorkerSettings(fixtureService(...edits));
}

export type { Edit };
export { fixtureService, fixtureSettings, printedService, REMOVE };
