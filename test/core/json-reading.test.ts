/** Reading untrusted JSON and describing it in error messages (src/core/json.ts). */
import { expect, describe as group, it } from 'vitest';
import { describe, isObject, own, parseJson, preview } from '../../src/core/json.js';

group('parseJson', () => {
  it('returns the value of valid JSON', () => {
    expect(parseJson('{"a":[1,null]}')).toEqual({ ok: true, value: { a: [1, null] } });
  });

  it.each(['', '{', '[1,]', '{"a":1}x', "{'a':1}"])('rejects %j with the parser reason', (text) => {
    const parsed = parseJson(text);

    expect(parsed.ok).toBe(false);
    expect(parsed.ok ? '' : parsed.reason).not.toBe('');
  });

  it.each([
    { text: 'ada@example.com', reason: "Unexpected token 'a'" },
    { text: 'Ada Lovelace, 12 Crescent Road', reason: "Unexpected token 'A'" },
    { text: `{"email": "ada@example.com", "note": ${'x'.repeat(60)}}`, reason: "Unexpected token 'x'" },
    { text: '', reason: 'Unexpected end of JSON input' },
    { text: '{"a":1}x', reason: 'Unexpected non-whitespace character after JSON at position 7' },
  ])('the reason for $text leaves the body out: $reason', ({ text, reason }) => {
    // V8 quotes the text around the bad token (`, "ada@example.com" is not valid JSON`, with `...` when it
    // is cut): that is body content, possibly personal data, and never reaches a log line or DLQ attribute.
    // Node 22+ adds ` (line L column C)` after a position; that is a place, not content.
    const exact = new RegExp(
      `^${reason.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}( \\(line \\d+ column \\d+\\))?$`,
    );
    const parsed = parseJson(text);

    expect(parsed.ok).toBe(false);
    expect(parsed.ok ? '' : parsed.reason).toMatch(exact);
  });

  it('keeps the reason short for a huge or deeply nested body', () => {
    for (const text of ['x'.repeat(100_000), '['.repeat(100_000), `{"${'k'.repeat(10_000)}" 1}`]) {
      const parsed = parseJson(text);

      expect(parsed.ok).toBe(false);
      expect(parsed.ok ? 0 : parsed.reason.length).toBeLessThan(120);
    }
  });
});

group('isObject', () => {
  it.each([
    { value: {}, object: true },
    { value: Object.create(null), object: true },
    { value: [], object: false },
    { value: null, object: false },
    { value: 'x', object: false },
    { value: 1, object: false },
    { value: undefined, object: false },
  ])('$value -> $object', ({ value, object }) => {
    expect(isObject(value)).toBe(object);
  });
});

group('describe', () => {
  it.each([
    { value: null, text: 'null' },
    { value: [], text: 'array' },
    { value: '', text: 'an empty string' },
    { value: 'x', text: 'string' },
    { value: 0, text: 'number' },
    { value: false, text: 'boolean' },
    { value: undefined, text: 'undefined' },
    { value: {}, text: 'object' },
  ])('$value -> $text', ({ value, text }) => {
    expect(describe(value)).toBe(text);
  });
});

group('preview', () => {
  it('quotes text up to the limit as it is', () => {
    expect(preview('a"b')).toBe('"a\\"b"');
    expect(preview('x'.repeat(80))).toBe(`"${'x'.repeat(80)}"`);
  });

  it('cuts text over the limit and says how long it was', () => {
    expect(preview('x'.repeat(81))).toBe(`"${'x'.repeat(80)}... (81 chars)"`);
    expect(preview('abcdef', 3)).toBe('"abc... (6 chars)"');
  });
});

group('own', () => {
  it('reads own keys, never inherited ones', () => {
    const parsed = JSON.parse('{"__proto__": {"polluted": 1}, "a": 2}') as Record<string, unknown>;

    expect(own(parsed, 'a')).toBe(2);
    expect(own(parsed, '__proto__')).toEqual({ polluted: 1 });
    expect(own(parsed, 'polluted')).toBeUndefined();
    expect(own({}, 'toString')).toBeUndefined();
  });
});
