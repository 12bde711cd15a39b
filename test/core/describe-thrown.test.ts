/**
 * Reading whatever a task threw, exactly: the text that reaches the log line, the DLQ attribute and the
 * HTTP reply, and `undefined` (never a second throw) for what cannot be read.
 */
import { describe, expect, it } from 'vitest';
import {
  cut,
  describeThrown,
  isInstance,
  MAX_THROWN_TEXT,
  readProperty,
  readString,
} from '../../src/core/describe-thrown.js';

const revokedProxy = () => {
  const { proxy, revoke } = Proxy.revocable({}, {});
  revoke();
  return proxy;
};

const errorWith = (name: unknown, message: PropertyDescriptor) => {
  const error = new TypeError('placeholder');
  Object.defineProperty(error, 'name', { value: name });
  Object.defineProperty(error, 'message', message);
  return error;
};

describe('readProperty and readString', () => {
  it('read own and inherited properties of objects and functions', () => {
    function namedTask() {}

    expect(readProperty({ code: 'E1' }, 'code')).toBe('E1');
    expect(readProperty(new RangeError('x'), 'name')).toBe('RangeError');
    expect(readProperty(namedTask, 'name')).toBe('namedTask');
    expect(readString(new Error('deep'), 'message')).toBe('deep');
  });

  it.each([
    { case: 'a string', value: 'abc', key: 'length' },
    { case: 'a number', value: 42, key: 'toFixed' },
    { case: 'null', value: null, key: 'message' },
    { case: 'undefined', value: undefined, key: 'message' },
    {
      case: 'a throwing getter',
      value: Object.defineProperty({}, 'message', {
        get: () => {
          throw new Error('no');
        },
      }),
      key: 'message',
    },
    { case: 'a revoked Proxy', value: revokedProxy(), key: 'message' },
  ])('give undefined for $case, without throwing', ({ value, key }) => {
    expect(readProperty(value, key)).toBeUndefined();
    expect(readString(value, key)).toBeUndefined();
  });

  it('readString ignores a property that is not a string', () => {
    expect(readString({ message: 42 }, 'message')).toBeUndefined();
    expect(readString({ message: { text: 'x' } }, 'message')).toBeUndefined();
  });
});

describe('isInstance', () => {
  it('answers instanceof, and false when the check itself throws', () => {
    const throwingPrototype = new Proxy(
      {},
      {
        getPrototypeOf: () => {
          throw new Error('trap');
        },
      },
    );

    expect(isInstance(new TypeError('x'), Error)).toBe(true);
    expect(isInstance({ message: 'x' }, Error)).toBe(false);
    expect(isInstance(throwingPrototype, Error)).toBe(false);
    expect(isInstance(revokedProxy(), Error)).toBe(false);
  });
});

describe('cut', () => {
  it('keeps text up to the limit whole', () => {
    const text = 'x'.repeat(MAX_THROWN_TEXT);

    expect(cut(text)).toBe(text);
    expect(cut('abcdef', 6)).toBe('abcdef');
  });

  it('cuts longer text to the limit and says how long it was', () => {
    const long = cut('y'.repeat(MAX_THROWN_TEXT + 1));

    expect(long).toBe(`${'y'.repeat(MAX_THROWN_TEXT - 30)}... (${MAX_THROWN_TEXT + 1} characters)`);
    expect(long.length).toBeLessThanOrEqual(MAX_THROWN_TEXT);
  });
});

describe('describeThrown', () => {
  it.each([
    { case: 'a string', make: () => 'lock held', text: 'lock held' },
    { case: 'a symbol', make: () => Symbol('boom'), text: 'Symbol(boom)' },
    { case: 'a number', make: () => 42, text: '42' },
    { case: 'undefined', make: () => undefined, text: 'undefined' },
    { case: 'an Error', make: () => new TypeError('fetch failed'), text: 'TypeError: fetch failed' },
    { case: 'an Error with an empty message', make: () => new RangeError(''), text: 'RangeError: ' },
    {
      case: 'an Error whose message cannot be read',
      make: () =>
        errorWith('TypeError', {
          get: () => {
            throw new Error('no');
          },
        }),
      text: 'TypeError',
    },
    {
      case: 'an Error whose name is not a string',
      make: () => errorWith(42, { value: 'socket hang up' }),
      text: 'Error: socket hang up',
    },
    { case: 'an object with its own toString', make: () => ({ toString: () => 'custom' }), text: 'custom' },
    { case: 'an object without a prototype', make: () => Object.create(null), text: '[object]' },
    { case: 'a revoked Proxy', make: revokedProxy, text: '[object]' },
  ])('$case -> $text', ({ make, text }) => {
    expect(describeThrown(make())).toBe(text);
  });

  it('cuts a huge thrown string or message', () => {
    const huge = 'z'.repeat(1_000_000);

    expect(describeThrown(huge)).toBe(cut(huge));
    expect(describeThrown(new Error(huge))).toBe(cut(`Error: ${huge}`));
    expect(describeThrown(huge).length).toBeLessThanOrEqual(MAX_THROWN_TEXT);
  });
});
