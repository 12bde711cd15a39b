/**
 * escapeJson writes log lines and HTTP replies: any difference from JSON.stringify would be an invalid or
 * different line, so it is compared with JSON.stringify character by character.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { escapeJson } from '../../src/core/json-string.js';

const quoteJson = (text: string) => `"${escapeJson(text)}"`;

describe('escapeJson', () => {
  it('writes every code unit below U+0100 as JSON.stringify does', () => {
    for (let code = 0; code < 0x100; code++) {
      const text = `a${String.fromCharCode(code)}b`;
      expect(quoteJson(text), `U+${code.toString(16)}`).toBe(JSON.stringify(text));
    }
  });

  it.each([
    ['an empty string', ''],
    ['only escapes', '"\\\n'],
    ['an escape at each end', '\tmiddle"'],
    ['a surrogate pair', 'a😀b'],
    ['a lone high surrogate, last', 'a\ud83d'],
    ['a lone high surrogate before another high one', '\ud83d\ud83d\ude00'],
    ['a lone low surrogate', '\ude00a'],
    ['a low surrogate before a high one', '\ude00\ud83d'],
    ['the last characters before and after the surrogates', '\ud7ff\ue000\uffff'],
    ['the first and last surrogates, alone', '\ud800-\udfff'],
    ['the last high and the first low surrogate, a pair', '\udbff\udc00'],
    ['two low surrogates', '\udc00\udc00'],
    ['two high surrogates', '\udbff\udbff'],
    ['a high surrogate before the first character after the low ones', '\ud800\ue000'],
    ['line and paragraph separators (JSON does not escape them)', '\u2028\u2029'],
  ])('%s', (_name, text) => {
    expect(quoteJson(text)).toBe(JSON.stringify(text));
  });

  it('hands back the text itself when nothing needs escaping', () => {
    const text = ['plain', 'text'].join(' ');
    expect(escapeJson(text)).toBe(text);
  });

  it('agrees with JSON.stringify on any string', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (text) => {
        expect(quoteJson(text)).toBe(JSON.stringify(text));
      }),
      { numRuns: 2000 },
    );
  });
});
