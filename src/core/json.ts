/** Safe JSON reading for untrusted bodies. */

type Parsed = { ok: true; value: unknown } | { ok: false; reason: string };

function parseJson(text: string): Parsed {
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch (error) {
    // SyntaxError for bad JSON; RangeError if nesting ever exhausts the stack. Both mean "not usable".
    // V8 quotes the text around the bad token (`Unexpected token 'a', "ada@example.com" is not valid
    // JSON`): that quote is body content, possibly personal data, so it is cut before the reason goes
    // into logs, DLQ attributes and HTTP replies.
    const reason = (error instanceof Error ? error.message : String(error)).replace(
      /, (\.\.\.)?"[\s\S]*"(\.\.\.)? is not valid JSON/,
      '',
    );
    // Stryker disable next-line ConditionalExpression,EqualityOperator,StringLiteral,MethodExpression: a guard for other engines; V8's reasons, quote removed, stay under 80 characters
    return { ok: false, reason: reason.length > 120 ? `${reason.slice(0, 117)}...` : reason };
  }
}

type JsonObject = Record<string, unknown>;

function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** `array`, `null`, `string`, ... for error messages. */
function describe(value: unknown): string {
  return value === null
    ? 'null'
    : Array.isArray(value)
      ? 'array'
      : value === ''
        ? 'an empty string'
        : typeof value;
}

/** Untrusted text quoted in an error or log line, capped so a 1 MiB route cannot make a 1 MiB line. */
function preview(text: string, max = 80): string {
  return JSON.stringify(text.length > max ? `${text.slice(0, max)}... (${text.length} chars)` : text);
}

/** Own property read: `__proto__` and `constructor` keys from JSON are data, never the prototype. */
function own(object: JsonObject, key: string): unknown {
  return Object.hasOwn(object, key) ? object[key] : undefined;
}

export type { JsonObject };
export { describe, isObject, own, parseJson, preview };
