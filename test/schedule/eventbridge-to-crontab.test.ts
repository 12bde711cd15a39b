import { describe, expect, it } from 'vitest';
import { eventBridgeToCrontab, ScheduleExpressionError } from '../../src/schedule/index.js';
import { catchScheduleError } from '../helpers/catch-schedule-error.js';
import { crontabFireTimes, eventBridgeFireTimes } from '../helpers/fire-times.js';

describe('eventBridgeToCrontab beyond the reference table', () => {
  it.each([
    // Day-of-week numbers and names, 1 = SUN (rule 4).
    { eventBridge: 'cron(0 12 ? * 2-6 *)', crontab: '0 12 * * 1-5' },
    { eventBridge: 'cron(0 12 ? * 1,7 *)', crontab: '0 12 * * 0,6' },
    { eventBridge: 'cron(0 12 ? * sun-sat *)', crontab: '0 12 * * 0-6' },
    { eventBridge: 'cron(0 12 ? * WED *)', crontab: '0 12 * * 3' },
    { eventBridge: 'cron(0 12 ? * FRI-MON *)', crontab: '0 12 * * 5,6,0,1' },
    { eventBridge: 'cron(0 12 ? * MON/2 *)', crontab: '0 12 * * 1,3,5' },
    { eventBridge: 'cron(0 12 ? * */3 *)', crontab: '0 12 * * 0,3,6' },
    // Month names become numbers: cron.yaml parsers differ on names inside lists and ranges.
    { eventBridge: 'cron(0 0 1 JUL-DEC ? *)', crontab: '0 0 1 7-12 *' },
    { eventBridge: 'cron(0 0 1 jan,apr ? *)', crontab: '0 0 1 1,4 *' },
    // `a/n` runs to the field maximum; at the field minimum it is crontab's `*/n` (rule 5).
    { eventBridge: 'cron(5/15 * * * ? *)', crontab: '5-59/15 * * * *' },
    { eventBridge: 'cron(*/15 * * * ? *)', crontab: '*/15 * * * *' },
    { eventBridge: 'cron(0 0 3/5 * ? *)', crontab: '0 0 3-31/5 * *' },
    { eventBridge: 'cron(0 0 1 2/3 ? *)', crontab: '0 0 1 2-12/3 *' },
    { eventBridge: 'cron(0 8-18/2 ? * MON-FRI *)', crontab: '0 8-18/2 * * 1-5' },
    { eventBridge: 'cron(0 0 1-7 * ? *)', crontab: '0 0 1-7 * *' },
    { eventBridge: '  cron(0 0 * * ? *)  ', crontab: '0 0 * * *' },
  ])('$eventBridge -> $crontab', ({ eventBridge, crontab }) => {
    expect(eventBridgeToCrontab(eventBridge)).toBe(crontab);
  });

  it.each([
    'cron(0 12 ? * 1,7 *)',
    'cron(0 12 ? * MON/2 *)',
    'cron(5/15 * * * ? *)',
    'cron(0 0 3/5 * ? *)',
    'cron(0 0 1 2/3 ? *)',
    'cron(0 8-18/2 ? * MON-FRI *)',
    'cron(0 0 1 JUL-DEC ? *)',
  ])('%s fires at the same times as the crontab it becomes', (eventBridge) => {
    expect(crontabFireTimes(eventBridgeToCrontab(eventBridge), 60)).toEqual(
      eventBridgeFireTimes([eventBridge], 60),
    );
  });
});

describe('eventBridgeToCrontab with rate(...)', () => {
  it.each([
    { rate: 'rate(1 minute)', crontab: '* * * * *' },
    { rate: 'rate(5 minutes)', crontab: '*/5 * * * *' },
    { rate: 'rate(30 minutes)', crontab: '*/30 * * * *' },
    { rate: 'rate(60 minutes)', crontab: '0 * * * *' },
    { rate: 'rate(120 minutes)', crontab: '0 */2 * * *' },
    { rate: 'rate(1 hour)', crontab: '0 * * * *' },
    { rate: 'rate(6 hours)', crontab: '0 */6 * * *' },
    { rate: 'rate(24 hours)', crontab: '0 0 * * *' },
    { rate: 'rate(1 day)', crontab: '0 0 * * *' },
  ])('$rate -> $crontab', ({ rate, crontab }) => {
    expect(eventBridgeToCrontab(rate)).toBe(crontab);
  });

  it.each([
    { rate: 'rate(7 minutes)', says: '7 minutes cannot be expressed exactly' },
    { rate: 'rate(90 minutes)', says: '90 minutes cannot be expressed exactly' },
    { rate: 'rate(5 hours)', says: '300 minutes cannot be expressed exactly' },
    { rate: 'rate(2 days)', says: '2880 minutes cannot be expressed exactly' },
    { rate: 'rate(1 minutes)', says: 'expected rate(1 minute|hour|day)' },
    { rate: 'rate(5 minute)', says: 'expected rate(1 minute|hour|day)' },
    { rate: 'rate(0 minutes)', says: 'expected rate(1 minute|hour|day)' },
    { rate: 'rate(1 week)', says: 'expected rate(1 minute|hour|day)' },
  ])('$rate fails: $says', ({ rate, says }) => {
    expect(() => eventBridgeToCrontab(rate)).toThrow(ScheduleExpressionError);
    expect(() => eventBridgeToCrontab(rate)).toThrow(`EventBridge expression "${rate}"`);
    expect(() => eventBridgeToCrontab(rate)).toThrow(says);
  });
});

describe('eventBridgeToCrontab errors', () => {
  it.each([
    { expr: 'cron(0 0 L * ? *)', field: 'day-of-month', says: 'uses L (last day' },
    { expr: 'cron(0 0 LW * ? *)', field: 'day-of-month', says: 'uses L (last day' },
    { expr: 'cron(0 0 15W * ? *)', field: 'day-of-month', says: 'uses W (weekday nearest' },
    { expr: 'cron(0 9 ? * 6L *)', field: 'day-of-week', says: 'uses L (last day' },
    { expr: 'cron(0 9 ? * FRIL *)', field: 'day-of-week', says: 'uses L (last day' },
    { expr: 'cron(0 9 ? * 2#1 *)', field: 'day-of-week', says: 'uses # (nth weekday' },
    { expr: 'cron(0 9 ? * MON#2 *)', field: 'day-of-week', says: 'uses # (nth weekday' },
    { expr: 'cron(0 0 1 * ? 2026)', field: 'year', says: 'crontab has no year field' },
    { expr: 'cron(0 0 1 * ? 2026-2030)', field: 'year', says: 'crontab has no year field' },
    { expr: 'cron(0 0 * * * *)', field: 'day-of-month', says: 'exactly one of day-of-month' },
    { expr: 'cron(0 0 ? * ? *)', field: 'day-of-month', says: 'exactly one of day-of-month' },
    { expr: 'cron(? 0 * * ? *)', field: 'minute', says: 'only allowed in day-of-month or day-of-week' },
    { expr: 'cron(0 0 1,? * ? *)', field: 'day-of-month', says: 'must stand alone' },
    { expr: 'cron(60 0 * * ? *)', field: 'minute', says: '"60" is not a value in 0-59' },
    { expr: 'cron(0 0 ? * 0 *)', field: 'day-of-week', says: '"0" is not a value in 1-7' },
    { expr: 'cron(0 0 ? * FUN *)', field: 'day-of-week', says: '"FUN" is not a value' },
    { expr: 'cron(0 22-2 * * ? *)', field: 'hour', says: 'runs backwards' },
    { expr: 'cron(0/0 0 * * ? *)', field: 'minute', says: 'step "0"' },
    { expr: 'cron(0 0 * * ?)', field: undefined, says: 'expected 6 fields inside cron(...), got 5' },
    { expr: '0 0 * * *', field: undefined, says: 'expected cron(' },
    { expr: 'at(2026-01-01T00:00:00)', field: undefined, says: 'expected cron(' },
  ])('$expr fails naming the expression and field $field', ({ expr, field, says }) => {
    const error = catchScheduleError(() => eventBridgeToCrontab(expr));
    expect(error.message).toContain(`EventBridge expression "${expr}"`);
    expect(error.message).toContain(says);
    expect(error.field).toBe(field);
  });
});
