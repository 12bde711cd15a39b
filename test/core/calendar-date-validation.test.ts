/**
 * Schedule times arrive as text (EventBridge `time`, Scheduler input, sqsd's `scheduled_time`). A time that
 * names no real instant must be rejected, never rolled over by `new Date` into another day: a task that
 * dedupes by scheduled time would otherwise run for the wrong day.
 */
import { describe, expect, it } from 'vitest';
import { fromEpochMillis, fromIso, fromSqsdScheduledTime } from '../../src/core/times.js';

describe('calendar date validation', () => {
  // 2024-03-31 and 2024-12-31: a leap year lengthens February only.
  it.each([
    '2026-01-01',
    '2026-01-31',
    '2026-04-30',
    '2026-12-01',
    '2026-12-31',
    '2024-02-29',
    '2000-02-29',
    '2024-03-31',
    '2024-12-31',
  ])('%s is a real day in both ISO and sqsd form', (day) => {
    expect(fromIso(`${day}T00:00:00Z`)?.toISOString()).toBe(`${day}T00:00:00.000Z`);
    expect(fromSqsdScheduledTime(`${day} 00:00:00 UTC`)?.toISOString()).toBe(`${day}T00:00:00.000Z`);
  });

  it.each([
    '2026-00-10',
    '2026-13-10',
    '2026-01-00',
    '2026-01-32',
    '2026-04-31',
    '2026-06-31',
    '2023-02-29',
    '1900-02-29',
    '2026-12-32',
  ])('%s is not a day: rejected in both ISO and sqsd form', (day) => {
    expect(fromIso(`${day}T00:00:00Z`)).toBeUndefined();
    expect(fromSqsdScheduledTime(`${day} 00:00:00 UTC`)).toBeUndefined();
  });

  it.each(['2026-03-01T24:30:00Z', '2026-03-01T23:60:00Z', '2026-03-01T10:00:00+99:99'])(
    'ISO %s has the right form but no instant: rejected',
    (value) => {
      expect(fromIso(value)).toBeUndefined();
    },
  );

  it.each(['2026-03-01 24:30:00 UTC', '2026-03-01 23:60:00 UTC'])(
    'sqsd %s has the right form but no instant: rejected',
    (value) => {
      expect(fromSqsdScheduledTime(value)).toBeUndefined();
    },
  );

  it.each([
    { value: '2026-03-01T10:00+0200', iso: '2026-03-01T08:00:00.000Z' },
    { value: '2026-03-01T10:00:00-05:30', iso: '2026-03-01T15:30:00.000Z' },
    { value: '2026-03-01T10:00:00.5Z', iso: '2026-03-01T10:00:00.500Z' },
  ])('ISO offsets and fractions are honoured: $value', ({ value, iso }) => {
    expect(fromIso(value)?.toISOString()).toBe(iso);
  });

  it.each([
    'x2026-03-01T10:00:00Z',
    '2026-03-01T10:00:00Zx',
    '2026-03-01T10:00.5Z',
    '2026-3-01T10:00:00Z',
    '2026-03-01t10:00:00z',
  ])('ISO %s outside the accepted forms is rejected', (value) => {
    expect(fromIso(value)).toBeUndefined();
  });

  it.each([
    undefined,
    '',
    '2026-03-01 10:00:00',
    '2026-03-01T10:00:00 UTC',
    ' 2026-03-01 10:00:00 UTC',
    '2026-03-01 10:00:00 UTC ',
    '2026-03-01 10:00 UTC',
  ])('sqsd scheduled_time %j outside Ruby Time#to_s form is rejected', (value) => {
    expect(fromSqsdScheduledTime(value)).toBeUndefined();
  });

  it('epoch milliseconds beyond the last representable instant are rejected, not an Invalid Date', () => {
    expect(fromEpochMillis('8640000000000000')?.toISOString()).toBe('+275760-09-13T00:00:00.000Z');
    expect(fromEpochMillis('8640000000000001')).toBeUndefined();
  });

  it.each(['x1545082649183', '1545082649183x', ' 1545082649183'])(
    'epoch milliseconds with anything around the digits are rejected: %j',
    (value) => {
      expect(fromEpochMillis(value)).toBeUndefined();
    },
  );
});
