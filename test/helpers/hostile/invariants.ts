import { expect } from 'vitest';
import { ValidationError, type WorkerError } from '../../../src/core/errors.js';

/** Checks shared by the hostile suites. */

type PrototypeSnapshot = Record<string, string[]>;

const WATCHED: Record<string, object> = {
  Object: Object.prototype,
  Array: Array.prototype,
  Function: Function.prototype,
  String: String.prototype,
  Error: Error.prototype,
};

const snapshotPrototypes = (): PrototypeSnapshot =>
  Object.fromEntries(
    Object.entries(WATCHED).map(([name, proto]) => [name, Reflect.ownKeys(proto).map(String).sort()]),
  );

/** No new keys on the built-in prototypes, and `({}).polluted` is still undefined. */
const expectNoPollution = (before: PrototypeSnapshot): void => {
  expect(snapshotPrototypes()).toEqual(before);
  expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  expect(Object.getPrototypeOf({})).toBe(Object.prototype);
};

/** Words by which an error names the shape it was reading. */
const SHAPE_WORDS =
  /\b(body|JSON|SNS|S3|EventBridge|schedule|scheduled|Lambda destination|periodic task|beanstalk\.sqsd|envelopes?|route|field|attribute)\b/;

/**
 * A permanent error must say what is wrong: a non-empty message that names the field (ValidationError:
 * `field: problem`) or the shape/route it was reading, and, when the caller knows which field it broke,
 * ideally that field. Returns the reason it fails, or undefined.
 */
const problemNotNamed = (error: WorkerError, brokenKey?: string): string | undefined => {
  if (!error.message.trim()) return 'empty message';
  if (error instanceof ValidationError) {
    if (!error.field) return 'ValidationError without a field';
    if (!error.message.startsWith(`${error.field}: `))
      return `message does not start with the field '${error.field}'`;
    if (brokenKey !== undefined && !error.field.includes(brokenKey) && !error.message.includes(brokenKey)) {
      return `ValidationError names '${error.field}', not the broken field '${brokenKey}'`;
    }
    return undefined;
  }
  if (error.name === 'UnknownRouteError') {
    return error.message.startsWith('no task for route ') ? undefined : 'UnknownRouteError without the route';
  }
  if (SHAPE_WORDS.test(error.message)) return undefined;
  if (brokenKey !== undefined && error.message.includes(brokenKey)) return undefined;
  return 'message names neither a field nor a shape';
};

export type { PrototypeSnapshot };
export { expectNoPollution, problemNotNamed, snapshotPrototypes };
