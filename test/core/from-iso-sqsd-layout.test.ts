import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fromIso } from '../../src/core/times.js';
import { isoReference as reference } from '../helpers/iso-reference.js';

const digits = (count: number) =>
  fc.array(fc.constantFrom(...'0123456789'), { minLength: count, maxLength: count }).map((d) => d.join(''));

/** Strings in sqsd's layout with any digits (months 13-99, hour 24-99, day 00 ...) and a few wrong separators. */
const secondsZ = fc
  .tuple(
    digits(4),
    digits(2),
    digits(2),
    digits(2),
    digits(2),
    digits(2),
    fc.constantFrom('T', 'T', 'T', 't', ' '),
    fc.constantFrom('Z', 'Z', 'Z', 'z', '+'),
  )
  .map(
    ([year, month, day, hour, minute, second, t, z]) =>
      `${year}-${month}-${day}${t}${hour}:${minute}:${second}${z}`,
  );

const pad = (value: number, width: number) => String(value).padStart(width, '0');

/** Fields around their valid ranges, one step past each edge. */
const nearlyValid = fc
  .tuple(
    fc.oneof(fc.integer({ min: 0, max: 120 }), fc.integer({ min: 1900, max: 2400 })),
    fc.integer({ min: 0, max: 13 }),
    fc.integer({ min: 0, max: 32 }),
    fc.integer({ min: 0, max: 25 }),
    fc.constantFrom(0, 0, 1, 30, 59, 60, 61),
    fc.constantFrom(0, 0, 1, 30, 59, 60, 61),
  )
  .map(
    ([year, month, day, hour, minute, second]) =>
      `${pad(year, 4)}-${pad(month, 2)}-${pad(day, 2)}T${pad(hour, 2)}:${pad(minute, 2)}:${pad(second, 2)}Z`,
  );

describe('fromIso on sqsd header times (YYYY-MM-DDTHH:MM:SSZ)', () => {
  it('answers exactly as the pattern and the engine parser do, for any digits', () => {
    fc.assert(
      fc.property(secondsZ, (value) => {
        expect(fromIso(value)?.toISOString()).toBe(reference(value));
      }),
      { numRuns: 5000 },
    );
  });

  it('answers exactly as the pattern and the engine parser do, at the edge of every field', () => {
    fc.assert(
      fc.property(nearlyValid, (value) => {
        expect(fromIso(value)?.toISOString()).toBe(reference(value));
      }),
      { numRuns: 5000 },
    );
  });

  it.each([
    '2026-11-27T12:00:00Z',
    '0099-12-31T23:59:59Z',
    '0100-01-01T00:00:00Z',
    '0000-01-01T00:00:00Z',
    '2024-02-29T23:59:59Z',
    '2023-02-29T00:00:00Z',
    '2026-11-00T00:00:00Z',
    '2026-13-01T00:00:00Z',
    '2026-11-27T24:00:00Z',
    '2026-11-27T23:60:00Z',
    '2026-11-27T23:59:60Z',
    '2026-11-27T12:00:0AZ',
    '2026-11-27 12:00:00Z',
  ])('%s', (value) => {
    expect(fromIso(value)?.toISOString()).toBe(reference(value));
  });
});
