import { Cron } from 'croner';

// Fixed start so failures are reproducible; a Wednesday near a month end exercises day rollover.
const DEFAULT_START = new Date('2025-01-29T00:00:00Z');

/** The next `count` UTC fire times of a 5-field crontab, as evaluated by croner (Vixie-style OR of dom/dow). */
function crontabFireTimes(expr: string, count = 50, start = DEFAULT_START): string[] {
  return new Cron(expr, { timezone: 'UTC', mode: '5-part' })
    .nextRuns(count, start)
    .map((date) => date.toISOString());
}

/**
 * The next `count` fire times of one or more EventBridge `cron(...)` expressions, merged. croner reads them in
 * Quartz mode (1 = SUN), independently of our own converters, with the seconds field EventBridge lacks set to 0.
 */
function eventBridgeFireTimes(exprs: readonly string[], count = 50, start = DEFAULT_START): string[] {
  const runs = exprs.flatMap((expr) => {
    const fields = /^cron\((.*)\)$/.exec(expr)?.[1];
    if (fields === undefined) throw new Error(`not a cron(...) expression: ${expr}`);
    const options = {
      timezone: 'UTC',
      mode: '7-part',
      alternativeWeekdays: true,
      sloppyRanges: true,
    } as const;
    return new Cron(`0 ${fields}`, options).nextRuns(count, start).map((date) => date.toISOString());
  });
  return [...new Set(runs)].sort().slice(0, count);
}

/** Fire times of several crontabs merged, for an expression that converts to more than one. */
function mergedCrontabFireTimes(exprs: readonly string[], count = 50, start = DEFAULT_START): string[] {
  const runs = exprs.flatMap((expr) => crontabFireTimes(expr, count, start));
  return [...new Set(runs)].sort().slice(0, count);
}

export { crontabFireTimes, eventBridgeFireTimes, mergedCrontabFireTimes };
