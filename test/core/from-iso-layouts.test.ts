/**
 * fromIso reads every ISO 8601 layout it accepts (minutes only, seconds, fractions, `Z` or an offset with
 * or without its colon) digit by digit; it must accept and reject exactly what the pattern and the engine's
 * parser do, field edges and stray characters included.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fromIso, fromSqsdScheduledTime } from '../../src/core/times.js';
import { isoReference } from '../helpers/iso-reference.js';

const pad = (value: number) => String(value).padStart(2, '0');

const twoDigits = fc.oneof(
  fc.integer({ min: 0, max: 61 }).map(pad),
  fc.constantFrom('99', '1', '', 'a1', '1a', '+1'),
);

const seconds = fc.oneof(
  fc.constant(''),
  twoDigits.map((second) => `:${second}`),
  fc
    .tuple(twoDigits, fc.stringMatching(/^[0-9]{0,7}$/))
    .map(([second, fraction]) => `:${second}.${fraction}`),
);

const zone = fc.oneof(
  fc.constantFrom('Z', 'Z', 'z', '', '+', 'ZZ', 'Z '),
  fc
    .tuple(fc.constantFrom('+', '-'), twoDigits, fc.constantFrom(':', '', '::', '.'), twoDigits)
    .map(([sign, hours, colon, minutes]) => `${sign}${hours}${colon}${minutes}`),
);

/** Any layout the pattern knows, each field around its edges or not a number at all, separators sometimes wrong. */
const isoLike = fc
  .tuple(
    fc.oneof(
      fc.integer({ min: 0, max: 9999 }).map((year) => String(year).padStart(4, '0')),
      fc.constantFrom('20a6', '202', '-2026'),
    ),
    fc.integer({ min: 0, max: 13 }).map(pad),
    fc.oneof(fc.integer({ min: 0, max: 32 }).map(pad), twoDigits),
    fc.integer({ min: 0, max: 25 }).map(pad),
    twoDigits,
    seconds,
    zone,
    fc.constantFrom('-', '-', '-', '/'),
    fc.constantFrom('T', 'T', 'T', 't', ' '),
    fc.constantFrom(':', ':', ':', '.'),
  )
  .map(
    ([year, month, day, hour, minute, second, offset, dash, t, colon]) =>
      `${year}-${month}${dash}${day}${t}${hour}${colon}${minute}${second}${offset}`,
  );

describe('fromIso on every ISO layout it accepts', () => {
  it('answers exactly as the pattern and the engine parser do', () => {
    fc.assert(
      fc.property(isoLike, (value) => {
        expect(fromIso(value)?.toISOString()).toBe(isoReference(value));
      }),
      { numRuns: 20000 },
    );
  });

  it.each([
    '2026-11-27T12:00Z',
    '2026-11-27T12:00:00.5Z',
    '2026-11-27T12:00:00.1239Z',
    '2026-11-27T12:00:00.Z',
    '2026-11-27T24:00Z',
    '2026-11-27T24:00:00.000Z',
    '2026-11-27T24:00:00.0001Z',
    '2026-11-27T24:00:00.001Z',
    '2026-11-27T24:01Z',
    '2026-11-27T12:00:00+05:30',
    '2026-11-27T12:00:00-0530',
    '2026-11-27T12:00:00+23:59',
    '2026-11-27T12:00:00+24:00',
    '2026-11-27T12:00:00+05:60',
    '2026-11-27T12:00:00+05',
    '2026-11-27T12:00:00+05:3',
    '0000-01-01T00:00:00+01:00',
    '0099-03-01T00:00:00Z',
    '2026-11-27T12:00:00Zjunk',
    '2026-11-27T1a:00:00Z',
    '2026-11-27T-1:00:00Z',
  ])('%s', (value) => {
    expect(fromIso(value)?.toISOString()).toBe(isoReference(value));
  });

  it('reads nothing but strings', () => {
    expect(fromIso(1764248400000)).toBeUndefined();
    expect(fromIso(new Date('2026-11-27T12:00:00Z'))).toBeUndefined();
  });
});

describe('fromSqsdScheduledTime', () => {
  it.each([
    ['2017-03-22 23:10:00 UTC', '2017-03-22T23:10:00.000Z'],
    ['2024-02-29 00:00:00 UTC', '2024-02-29T00:00:00.000Z'],
    ['2023-02-29 00:00:00 UTC', undefined],
    ['2017-03-22 24:00:00 UTC', '2017-03-23T00:00:00.000Z'],
    ['2017-03-22 23:60:00 UTC', undefined],
    ['2017-03-22T23:10:00 UTC', undefined],
    ['2017-03-22 23:10:00 GMT', undefined],
  ])('%s -> %s', (value, expected) => {
    expect(fromSqsdScheduledTime(value)?.toISOString()).toBe(expected);
  });
});
