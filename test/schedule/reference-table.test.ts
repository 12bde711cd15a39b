import { describe, expect, it } from 'vitest';
import {
  crontabToEventBridge,
  eventBridgeToCrontab,
  ScheduleExpressionError,
} from '../../src/schedule/index.js';
import { crontabFireTimes, eventBridgeFireTimes, mergedCrontabFireTimes } from '../helpers/fire-times.js';

interface Row {
  /** Row number in the table of docs/lambda-behaviour.md#crontab-to-eventbridge. */
  row: number;
  crontab: string;
  eventBridge: string[];
  /** What eventBridgeToCrontab gives back for each EventBridge expression. */
  back: string[];
}

// Rows 1-18 of the table; row 18's crontab half (28-31 without the shell test) and row 19 are covered below.
const ROWS: Row[] = [
  { row: 1, crontab: '*/5 * * * *', eventBridge: ['cron(0/5 * * * ? *)'], back: ['*/5 * * * *'] },
  { row: 2, crontab: '0 * * * *', eventBridge: ['cron(0 * * * ? *)'], back: ['0 * * * *'] },
  { row: 3, crontab: '0 */12 * * *', eventBridge: ['cron(0 0/12 * * ? *)'], back: ['0 */12 * * *'] },
  { row: 4, crontab: '0 23 * * *', eventBridge: ['cron(0 23 * * ? *)'], back: ['0 23 * * *'] },
  { row: 5, crontab: '5,35 * * * *', eventBridge: ['cron(5,35 * * * ? *)'], back: ['5,35 * * * *'] },
  {
    row: 6,
    crontab: '*/10 8-17 * * 1-5',
    eventBridge: ['cron(0/10 8-17 ? * MON-FRI *)'],
    back: ['*/10 8-17 * * 1-5'],
  },
  { row: 7, crontab: '30 2 * * 0', eventBridge: ['cron(30 2 ? * SUN *)'], back: ['30 2 * * 0'] },
  { row: 7, crontab: '30 2 * * 7', eventBridge: ['cron(30 2 ? * SUN *)'], back: ['30 2 * * 0'] },
  { row: 8, crontab: '0 0 * * 6,0', eventBridge: ['cron(0 0 ? * SAT,SUN *)'], back: ['0 0 * * 6,0'] },
  {
    row: 9,
    crontab: '0 22 * * 5-7',
    eventBridge: ['cron(0 22 ? * FRI,SAT,SUN *)'],
    back: ['0 22 * * 5,6,0'],
  },
  { row: 10, crontab: '15 10 1 * *', eventBridge: ['cron(15 10 1 * ? *)'], back: ['15 10 1 * *'] },
  { row: 11, crontab: '0 6 */2 * *', eventBridge: ['cron(0 6 1/2 * ? *)'], back: ['0 6 */2 * *'] },
  { row: 12, crontab: '0 0 1 */3 *', eventBridge: ['cron(0 0 1 1/3 ? *)'], back: ['0 0 1 */3 *'] },
  { row: 13, crontab: '0 0 1 1 *', eventBridge: ['cron(0 0 1 1 ? *)'], back: ['0 0 1 1 *'] },
  {
    row: 14,
    crontab: '0 12 1,15 * 1',
    eventBridge: ['cron(0 12 1,15 * ? *)', 'cron(0 12 ? * MON *)'],
    back: ['0 12 1,15 * *', '0 12 * * 1'],
  },
  {
    row: 15,
    crontab: '10-50/20 * * * *',
    eventBridge: ['cron(10,30,50 * * * ? *)'],
    back: ['10,30,50 * * * *'],
  },
  {
    row: 16,
    crontab: '0 3 * * */2',
    eventBridge: ['cron(0 3 ? * SUN,TUE,THU,SAT *)'],
    back: ['0 3 * * 0,2,4,6'],
  },
  { row: 17, crontab: '* * * * *', eventBridge: ['cron(* * * * ? *)'], back: ['* * * * *'] },
  { row: 18, crontab: '0 0 28-31 * *', eventBridge: ['cron(0 0 28-31 * ? *)'], back: ['0 0 28-31 * *'] },
];

// Start dates that cross a month end, a leap day and a year end.
const STARTS = [
  new Date('2025-01-29T00:00:00Z'),
  new Date('2028-02-27T12:00:00Z'),
  new Date('2025-12-30T23:00:00Z'),
];

describe('crontabToEventBridge: worked examples table', () => {
  it.each(ROWS)('row $row: $crontab -> $eventBridge', ({ crontab, eventBridge }) => {
    expect(crontabToEventBridge(crontab)).toEqual(eventBridge);
  });

  it.each(ROWS)('row $row: cron($crontab) fires when its EventBridge form fires', ({ crontab }) => {
    const converted = crontabToEventBridge(crontab);
    for (const start of STARTS) {
      expect(eventBridgeFireTimes(converted, 50, start)).toEqual(crontabFireTimes(crontab, 50, start));
    }
  });
});

describe('eventBridgeToCrontab: worked examples in reverse', () => {
  it.each(ROWS)('row $row: $eventBridge -> $back', ({ eventBridge, back }) => {
    expect(eventBridge.map(eventBridgeToCrontab)).toEqual(back);
  });

  it.each(ROWS)(
    'row $row: crontab -> EventBridge -> crontab keeps the schedule of $crontab',
    ({ crontab }) => {
      const roundTripped = crontabToEventBridge(crontab).map(eventBridgeToCrontab);
      for (const start of STARTS) {
        expect(mergedCrontabFireTimes(roundTripped, 50, start)).toEqual(crontabFireTimes(crontab, 50, start));
      }
    },
  );

  it.each([
    { row: 18, expr: 'cron(0 0 L * ? *)', feature: 'L (last day' },
    { row: 19, expr: 'cron(0 9 ? * 2#1 *)', feature: '# (nth weekday' },
  ])('row $row: $expr cannot go into cron.yaml', ({ expr, feature }) => {
    expect(() => eventBridgeToCrontab(expr)).toThrow(ScheduleExpressionError);
    expect(() => eventBridgeToCrontab(expr)).toThrow(feature);
    expect(() => eventBridgeToCrontab(expr)).toThrow(expr);
  });

  it('row 17: rate(1 minute) is every minute', () => {
    expect(eventBridgeToCrontab('rate(1 minute)')).toBe('* * * * *');
  });
});
