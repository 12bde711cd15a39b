import { ValidationError } from './errors.js';
import { describe, isObject, type JsonObject, own } from './json.js';

/**
 * Tiny validators for task payloads. Each failure is a ValidationError naming the field path, which is
 * all a permanent error needs to be actionable. A schema library would add cold-start weight for little.
 */

function object(value: unknown, path = 'payload'): JsonObject {
  if (!isObject(value)) throw new ValidationError(path, `expected an object, got ${describe(value)}`);
  return value;
}

function string(parent: JsonObject, key: string, path = key): string {
  const value = own(parent, key);
  if (typeof value !== 'string' || value.trim() === '') {
    throw new ValidationError(path, `expected a non-empty string, got ${describe(value)}`);
  }
  return value;
}

/** Number.isFinite is false for every non-number, so it alone decides; this only narrows the type. */
function isFiniteNumber(value: unknown): value is number {
  return Number.isFinite(value);
}

function number(
  parent: JsonObject,
  key: string,
  path: string,
  rule: { integer?: boolean; min: number },
): number {
  const value = own(parent, key);
  if (!isFiniteNumber(value)) {
    throw new ValidationError(path, `expected a number, got ${describe(value)}`);
  }
  // The value itself is never quoted: it may be personal data (docs/design.md, "Personal data").
  if (rule.integer && !Number.isInteger(value)) throw new ValidationError(path, 'expected an integer');
  if (value < rule.min) throw new ValidationError(path, `must be at least ${rule.min}`);
  return value;
}

function array(parent: JsonObject, key: string, path = key): unknown[] {
  const value = own(parent, key);
  if (!Array.isArray(value)) throw new ValidationError(path, `expected an array, got ${describe(value)}`);
  return value;
}

const validate = { array, number, object, string };

export { validate };
