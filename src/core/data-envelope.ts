import { type ErrorContext, MalformedMessageError } from './errors.js';
import { isObject, type JsonObject, own, preview } from './json.js';

/** The EB app's convention: `{"type": "user_signup", "data": {"userId": …, "email": …}}`. */
const DATA_KEY = 'data';

/**
 * The payload a task sees for an EB-style `type` message, whether its fields are flat or inside a `data`
 * object: `data`'s fields are lifted next to the flat ones (and `data` itself dropped), so a task reads
 * `userId` either way. When a key is in both with different values, neither wins: the message is
 * malformed and dead-lettered, because acting on the wrong one of two user ids or amounts is worse than
 * not acting. Equal values are not a conflict. A `data` that is not an object (the seed's
 * `"data": "Hello Worker!"`) is left where it is. See docs/local-tier.md#message-shapes.
 */
function liftDataEnvelope(object: JsonObject, context: ErrorContext): JsonObject {
  const data = own(object, DATA_KEY);
  if (!isObject(data)) return object;
  // Null prototype: a `__proto__` key from JSON is copied as data, never as the prototype.
  const payload: JsonObject = Object.create(null);
  for (const key of Object.keys(object)) if (key !== DATA_KEY) payload[key] = object[key];
  for (const key of Object.keys(data)) {
    const value = data[key];
    if (Object.hasOwn(payload, key) && !sameJson(payload[key], value)) {
      throw new MalformedMessageError(
        `field ${preview(key)} is both at the top level and in 'data' with different values; send it once`,
        context,
      );
    }
    payload[key] = value;
  }
  return payload;
}

/** Values parsed from one JSON body: equal when they serialise alike (key order included, as sent). */
function sameJson(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

export { liftDataEnvelope };
