/**
 * The payload validators tasks use (src/core/validate.ts). Each rejection is a permanent ValidationError
 * whose `field` is the path the caller gave, so the dead-lettered message says exactly what to fix.
 */
import { describe, expect, it } from 'vitest';
import { ValidationError } from '../../src/core/errors.js';
import { validate } from '../../src/core/validate.js';

/** The ValidationError `check` throws, as `{field, message}`. */
const rejection = (check: () => unknown) => {
  try {
    check();
  } catch (error) {
    if (!(error instanceof ValidationError)) throw error;
    return { field: error.field, message: error.message, permanent: error.permanent };
  }
  throw new Error('the validator accepted the value');
};

describe('validate.object', () => {
  it('returns an object as it is', () => {
    const payload = { a: 1 };

    expect(validate.object(payload)).toBe(payload);
  });

  it.each([
    { value: [], got: 'array' },
    { value: null, got: 'null' },
    { value: 'x', got: 'string' },
  ])('rejects $got under the path `payload` by default', ({ value, got }) => {
    expect(rejection(() => validate.object(value))).toEqual({
      field: 'payload',
      message: `payload: expected an object, got ${got}`,
      permanent: true,
    });
  });

  it('names the path it was given', () => {
    expect(rejection(() => validate.object(1, 'items[0]')).field).toBe('items[0]');
  });
});

describe('validate.string', () => {
  it('returns the string, untrimmed', () => {
    expect(validate.string({ email: ' a@example.com ' }, 'email')).toBe(' a@example.com ');
  });

  it.each([
    { value: '', got: 'an empty string' },
    { value: '   ', got: 'string' },
    { value: undefined, got: 'undefined' },
    { value: 7, got: 'number' },
  ])('rejects $value ($got), naming the key by default', ({ value, got }) => {
    expect(rejection(() => validate.string({ email: value }, 'email'))).toMatchObject({
      field: 'email',
      message: `email: expected a non-empty string, got ${got}`,
    });
  });

  it('names the path it was given', () => {
    expect(rejection(() => validate.string({}, 'email', 'user.email')).field).toBe('user.email');
  });
});

describe('validate.number', () => {
  it.each([
    { value: 0, rule: { min: 0 } },
    { value: 1.5, rule: { min: 1 } },
    { value: 3, rule: { integer: true, min: 3 } },
  ])('accepts $value with $rule', ({ value, rule }) => {
    expect(validate.number({ n: value }, 'n', 'n', rule)).toBe(value);
  });

  it.each([
    { value: '3', rule: { min: 0 }, message: 'expected a number, got string' },
    { value: Number.NaN, rule: { min: 0 }, message: 'expected a number, got number' },
    { value: Number.POSITIVE_INFINITY, rule: { min: 0 }, message: 'expected a number, got number' },
    { value: 1.5, rule: { integer: true, min: 0 }, message: 'expected an integer' },
    { value: 0, rule: { integer: true, min: 1 }, message: 'must be at least 1' },
    { value: 0.5, rule: { min: 1 }, message: 'must be at least 1' },
  ])('rejects $value with $rule: $message', ({ value, rule, message }) => {
    expect(rejection(() => validate.number({ n: value }, 'n', 'items[2].quantity', rule))).toMatchObject({
      field: 'items[2].quantity',
      message: `items[2].quantity: ${message}`,
    });
  });
});

describe('validate.array', () => {
  it('returns the array', () => {
    expect(validate.array({ items: [1] }, 'items')).toEqual([1]);
  });

  it.each([
    { value: {}, got: 'object' },
    { value: undefined, got: 'undefined' },
  ])('rejects $got, under the key or the given path', ({ value, got }) => {
    expect(rejection(() => validate.array({ items: value }, 'items'))).toMatchObject({
      field: 'items',
      message: `items: expected an array, got ${got}`,
    });
    expect(rejection(() => validate.array({ items: value }, 'items', 'order.items')).field).toBe(
      'order.items',
    );
  });
});
