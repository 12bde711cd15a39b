import { describe, expect, it } from 'vitest';
import { parseScheduleExpression, toCronerPattern } from '../../src/schedule/eventbridge-expression.js';

/** The next `count` fire times after `from`, as ISO strings. */
function nextRuns(expression: string, from: string, count = 2, timezone?: string): string[] {
  const parsed = parseScheduleExpression(expression, timezone);
  if (parsed.kind !== 'cron') throw new Error('not a cron expression');
  const runs: string[] = [];
  let after = new Date(from);
  for (let i = 0; i < count; i++) {
    const next = parsed.next(after);
    if (next === undefined) break;
    runs.push(next.toISOString());
    after = next;
  }
  return runs;
}

// 2026-11-27 is a Friday.
const FRIDAY_NOON = '2026-11-27T12:00:00Z';

describe('parseScheduleExpression: cron', () => {
  it.each([
    ['cron(0/5 * * * ? *)', ['2026-11-27T12:05:00.000Z', '2026-11-27T12:10:00.000Z']],
    ['cron(0 0/12 * * ? *)', ['2026-11-28T00:00:00.000Z', '2026-11-28T12:00:00.000Z']],
    ['cron(5,35 * * * ? *)', ['2026-11-27T12:05:00.000Z', '2026-11-27T12:35:00.000Z']],
    ['cron(0/10 8-17 ? * MON-FRI *)', ['2026-11-27T12:10:00.000Z', '2026-11-27T12:20:00.000Z']],
    ['cron(0 9 ? * 2-6 *)', ['2026-11-30T09:00:00.000Z', '2026-12-01T09:00:00.000Z']],
    ['cron(30 2 ? * SUN *)', ['2026-11-29T02:30:00.000Z', '2026-12-06T02:30:00.000Z']],
    ['cron(30 2 ? * 1 *)', ['2026-11-29T02:30:00.000Z', '2026-12-06T02:30:00.000Z']],
    ['cron(0 0 ? * 7 *)', ['2026-11-28T00:00:00.000Z', '2026-12-05T00:00:00.000Z']],
    ['cron(0 0 ? * L *)', ['2026-11-28T00:00:00.000Z', '2026-12-05T00:00:00.000Z']],
    ['cron(0 22 ? * FRI,SAT,SUN *)', ['2026-11-27T22:00:00.000Z', '2026-11-28T22:00:00.000Z']],
    ['cron(0 6 1/2 * ? *)', ['2026-11-29T06:00:00.000Z', '2026-12-01T06:00:00.000Z']],
    ['cron(0 0 1 1/3 ? *)', ['2027-01-01T00:00:00.000Z', '2027-04-01T00:00:00.000Z']],
    ['cron(0 0 L * ? *)', ['2026-11-30T00:00:00.000Z', '2026-12-31T00:00:00.000Z']],
    ['cron(0 9 ? * 2#1 *)', ['2026-12-07T09:00:00.000Z', '2027-01-04T09:00:00.000Z']],
    ['cron(0 9 ? * 6L *)', ['2026-12-25T09:00:00.000Z', '2027-01-29T09:00:00.000Z']],
    ['cron(0 9 ? * FRIL *)', ['2026-12-25T09:00:00.000Z', '2027-01-29T09:00:00.000Z']],
    ['cron(0 0 15W * ? *)', ['2026-12-15T00:00:00.000Z', '2027-01-15T00:00:00.000Z']],
    ['cron(0 0 1W * ? *)', ['2026-12-01T00:00:00.000Z', '2027-01-01T00:00:00.000Z']],
    ['cron(0 0 1 JAN ? 2028)', ['2028-01-01T00:00:00.000Z']],
    ['cron(0 0 ? * 3/2 *)', ['2026-11-28T00:00:00.000Z', '2026-12-01T00:00:00.000Z']],
  ])('%s fires at the EventBridge times', (expression, expected) => {
    expect(nextRuns(expression, FRIDAY_NOON)).toEqual(expected);
  });

  it('converts EventBridge fields to a 7-part croner pattern with Sunday = 0', () => {
    expect(toCronerPattern('0 9 ? * 2#1 *')).toBe('0 0 9 * * 1#1 *');
    expect(toCronerPattern('0/5 * * * ? *')).toBe('0 0-59/5 * * * * *');
    expect(toCronerPattern('0 0 ? * 6L *')).toBe('0 0 0 * * 5#L *');
  });

  it('evaluates in the given time zone', () => {
    expect(nextRuns('cron(0 9 * * ? *)', FRIDAY_NOON, 1, 'Europe/Berlin')).toEqual([
      '2026-11-28T08:00:00.000Z',
    ]);
    expect(nextRuns('cron(0 9 * * ? *)', '2027-06-01T00:00:00Z', 1, 'Europe/Berlin')).toEqual([
      '2027-06-01T07:00:00.000Z',
    ]);
  });

  it('skips a wall-clock time that the spring-forward DST change removes', () => {
    // 2027-03-28 02:30 does not exist in Berlin.
    expect(nextRuns('cron(30 2 * * ? *)', '2027-03-27T00:00:00Z', 2, 'Europe/Berlin')).toEqual([
      '2027-03-27T01:30:00.000Z',
      '2027-03-29T00:30:00.000Z',
    ]);
  });

  it.each([
    ['cron(0 12 * * * *)', /exactly one of day-of-month and day-of-week/],
    ['cron(0 12 ? * ? *)', /exactly one of day-of-month and day-of-week/],
    ['cron(0 12 * * ?)', /needs 6 fields/],
    ['cron(0 12 ? * 8 *)', /outside 1-7/],
    ['cron(0 12 ? * FUNDAY *)', /Unknown day-of-week/],
    ['cron(61 12 * * ? *)', /Invalid cron/],
    ['every 5 minutes', /Unsupported schedule expression/],
  ])('rejects %s', (expression, message) => {
    expect(() => parseScheduleExpression(expression)).toThrow(message);
  });
});

describe('parseScheduleExpression: rate', () => {
  it.each([
    ['rate(1 minute)', 60_000],
    ['rate(5 minutes)', 300_000],
    ['rate(1 hour)', 3_600_000],
    ['rate(2 days)', 172_800_000],
  ])('%s has a period of %i ms', (expression, periodMs) => {
    expect(parseScheduleExpression(expression)).toMatchObject({ kind: 'rate', periodMs });
  });

  it.each(['rate(1 minutes)', 'rate(5 minute)', 'rate(0 minutes)', 'rate(1.5 hours)', 'rate(3 weeks)'])(
    'rejects %s like EventBridge',
    (expression) => {
      expect(() => parseScheduleExpression(expression)).toThrow(expression);
    },
  );
});
