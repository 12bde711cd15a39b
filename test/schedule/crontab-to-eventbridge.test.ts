import { describe, expect, it } from 'vitest';
import { crontabToEventBridge, ScheduleExpressionError } from '../../src/schedule/index.js';
import { catchScheduleError } from '../helpers/catch-schedule-error.js';
import { crontabFireTimes, eventBridgeFireTimes } from '../helpers/fire-times.js';

describe('crontabToEventBridge beyond the reference table', () => {
  it.each([
    // Macros (rule 8), case-insensitive.
    { crontab: '@hourly', eventBridge: ['cron(0 * * * ? *)'] },
    { crontab: '@daily', eventBridge: ['cron(0 0 * * ? *)'] },
    { crontab: '@midnight', eventBridge: ['cron(0 0 * * ? *)'] },
    { crontab: '@weekly', eventBridge: ['cron(0 0 ? * SUN *)'] },
    { crontab: '@monthly', eventBridge: ['cron(0 0 1 * ? *)'] },
    { crontab: '@yearly', eventBridge: ['cron(0 0 1 1 ? *)'] },
    { crontab: '@ANNUALLY', eventBridge: ['cron(0 0 1 1 ? *)'] },
    // Names pass through upper-cased (rule 6); day names always come out as names (rule 4).
    { crontab: '0 9 * jan,jul mon', eventBridge: ['cron(0 9 ? JAN,JUL MON *)'] },
    { crontab: '0 9 * Mar-May 1-5', eventBridge: ['cron(0 9 ? MAR-MAY MON-FRI *)'] },
    { crontab: '0 0 * jan-dec/3 *', eventBridge: ['cron(0 0 * 1,4,7,10 ? *)'] },
    // Wrap-around day ranges become lists (rule 4); 7 is Sunday.
    { crontab: '0 22 * * 5-1', eventBridge: ['cron(0 22 ? * FRI,SAT,SUN,MON *)'] },
    { crontab: '0 22 * * fri-mon', eventBridge: ['cron(0 22 ? * FRI,SAT,SUN,MON *)'] },
    { crontab: '0 0 * * 7-1', eventBridge: ['cron(0 0 ? * SUN-MON *)'] },
    { crontab: '0 0 * * 0,7', eventBridge: ['cron(0 0 ? * SUN *)'] },
    { crontab: '0 0 * * 1-5/2', eventBridge: ['cron(0 0 ? * MON,WED,FRI *)'] },
    // Steps (rule 5).
    { crontab: '*/1 */1 * * *', eventBridge: ['cron(* * * * ? *)'] },
    { crontab: '*/90 * * * *', eventBridge: ['cron(0 * * * ? *)'] },
    { crontab: '0 0 1-20/7 * *', eventBridge: ['cron(0 0 1,8,15 * ? *)'] },
    { crontab: '*/20,7 * * * *', eventBridge: ['cron(0,7,20,40 * * * ? *)'] },
    { crontab: '05 08 * * *', eventBridge: ['cron(5 8 * * ? *)'] },
    // A whole-range side of an OR matches every day, so no second expression is needed.
    { crontab: '0 0 1-31 * 1', eventBridge: ['cron(0 0 * * ? *)'] },
    { crontab: '0 0 1 * 0-6', eventBridge: ['cron(0 0 * * ? *)'] },
    // One side begins with '*': Vixie ANDs, and a whole-range side drops out.
    { crontab: '0 0 * * 0-7', eventBridge: ['cron(0 0 * * ? *)'] },
    { crontab: '0 0 */2 * */1', eventBridge: ['cron(0 0 1/2 * ? *)'] },
    { crontab: '  0 12 * * 1  ', eventBridge: ['cron(0 12 ? * MON *)'] },
  ])('$crontab -> $eventBridge', ({ crontab, eventBridge }) => {
    expect(crontabToEventBridge(crontab)).toEqual(eventBridge);
  });

  it.each([
    '0 9 * jan,jul mon',
    '0 0 * jan-dec/3 *',
    '0 0 * * 1-5/2',
    '*/20,7 * * * *',
    '0 0 1-20/7 * *',
    '0 0 1 * 0-6',
  ])('%s fires at the same times as its EventBridge form', (crontab) => {
    expect(eventBridgeFireTimes(crontabToEventBridge(crontab), 60)).toEqual(crontabFireTimes(crontab, 60));
  });

  it('matches Fri-Mon for the wrap-around range 5-1 (croner cannot parse it, so compare with the list)', () => {
    expect(eventBridgeFireTimes(crontabToEventBridge('0 22 * * 5-1'), 60)).toEqual(
      crontabFireTimes('0 22 * * 5,6,0,1', 60),
    );
  });
});

describe('crontabToEventBridge errors', () => {
  it.each([
    { crontab: '@reboot', field: undefined, says: '@reboot' },
    { crontab: '@fortnightly', field: undefined, says: 'unknown macro' },
    { crontab: '', field: undefined, says: 'expected 5 fields, got 0' },
    { crontab: '* * * *', field: undefined, says: 'expected 5 fields, got 4' },
    { crontab: '0 0 * * * *', field: undefined, says: 'expected 5 fields, got 6' },
    { crontab: '60 * * * *', field: 'minute', says: '"60" is outside 0-59' },
    { crontab: '0 24 * * *', field: 'hour', says: '"24" is outside 0-23' },
    { crontab: '0 0 0 * *', field: 'day-of-month', says: '"0" is outside 1-31' },
    { crontab: '0 0 * 13 *', field: 'month', says: '"13" is outside 1-12' },
    { crontab: '0 0 * * 8', field: 'day-of-week', says: '"8" is outside 0-7' },
    { crontab: '0 0 * * FUNDAY', field: 'day-of-week', says: '"FUNDAY" is not a number' },
    { crontab: 'x 0 * * *', field: 'minute', says: '"x" is not a number' },
    { crontab: '*/0 * * * *', field: 'minute', says: 'step "0"' },
    { crontab: '5/10 * * * *', field: 'minute', says: 'write "5-59/10"' },
    { crontab: '1-2-3 * * * *', field: 'minute', says: 'not a value or a range' },
    { crontab: '*/2/3 * * * *', field: 'minute', says: 'more than one "/"' },
    { crontab: '0 22-2 * * *', field: 'hour', says: 'runs backwards' },
    { crontab: '0 0 ? * *', field: 'day-of-month', says: 'EventBridge/Quartz extensions' },
    { crontab: '0 0 L * *', field: 'day-of-month', says: 'EventBridge/Quartz extensions' },
    { crontab: '0 0 15W * *', field: 'day-of-month', says: 'EventBridge/Quartz extensions' },
    { crontab: '0 0 * * 2#1', field: 'day-of-week', says: 'EventBridge/Quartz extensions' },
    // Vixie ANDs the fields when one begins with '*': "odd days that are Mondays" has no EventBridge form.
    { crontab: '0 0 */2 * 1', field: 'day-of-month', says: 'requires both to match' },
    { crontab: '0 0 1 * */2', field: 'day-of-month', says: 'requires both to match' },
  ])('$crontab fails naming the expression and field $field', ({ crontab, field, says }) => {
    const error = catchScheduleError(() => crontabToEventBridge(crontab));
    expect(error).toBeInstanceOf(ScheduleExpressionError);
    expect(error.message).toContain(`crontab expression "${crontab}"`);
    expect(error.message).toContain(says);
    expect(error.field).toBe(field);
  });
});
