/**
 * Reading a thrown value without throwing again. A task can throw anything: `Object.create(null)` (no
 * toString), an object whose toString throws, an Error whose getters throw, a Proxy whose every trap
 * throws, a revoked Proxy. Every read here is guarded, so error handling itself never fails
 * (docs/design.md, "Any thrown value").
 */

/** Error text kept from a thrown value; longer text is cut (a task may throw a 1 MiB string). */
const MAX_THROWN_TEXT = 1024;

/** `value[key]`, or undefined when the read throws (a getter, a Proxy trap, a revoked Proxy). */
function readProperty(value: unknown, key: PropertyKey): unknown {
  try {
    // Reflect.get throws a TypeError for a primitive, null or undefined: a failed read like any other.
    return Reflect.get(value as object, key);
  } catch {
    // Nothing could be read.
  }
  return undefined;
}

/** `value instanceof type`, false when the check throws (a Proxy's getPrototypeOf trap). */
function isInstance<T>(value: unknown, type: abstract new (...args: never[]) => T): value is T {
  try {
    return value instanceof type;
  } catch {
    // The Proxy trap threw: not an instance we can use.
  }
  return false;
}

/** A string property, or undefined when it is absent, not a string, or unreadable. */
function readString(value: unknown, key: PropertyKey): string | undefined {
  const property = readProperty(value, key);
  return typeof property === 'string' ? property : undefined;
}

function cut(text: string, max = MAX_THROWN_TEXT): string {
  return text.length > max ? `${text.slice(0, max - 30)}... (${text.length} characters)` : text;
}

/** Text for any thrown value: what `String(value)` gives, or `[object]` when even that throws. */
function describeThrown(value: unknown): string {
  try {
    if (isInstance(value, Error)) {
      const name = readString(value, 'name') ?? 'Error';
      const message = readString(value, 'message');
      return cut(message === undefined ? name : `${name}: ${message}`);
    }
    // String() of a string is itself, and of a symbol `Symbol(description)` (it never throws for one).
    return cut(String(value));
  } catch {
    return `[${typeof value}]`;
  }
}

export { cut, describeThrown, isInstance, MAX_THROWN_TEXT, readProperty, readString };
