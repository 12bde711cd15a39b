import { ScheduleExpressionError } from './schedule-error.js';

// The Serverless Framework's own validation (docs/lambda-behaviour.md#serverless-schedule-event): "1 minute",
// "5 minutes", never "1 minutes".
const RATE = /^rate\((1 (?:minute|hour|day)|(?:1\d+|[2-9]\d*) (?:minute|hour|day)s)\)$/;

const MINUTES_PER_UNIT: Readonly<Record<string, number>> = { minute: 1, hour: 60, day: 1440 };

/**
 * Converts `rate(N minutes|hours|days)` to a crontab that fires at the same interval.
 *
 * Only intervals that divide their enclosing unit repeat exactly in crontab (`*\/7` minutes restarts at
 * every hour, `*\/2` days restarts every month), so anything else is an error rather than an approximation.
 * A rate counts from when the schedule was created while crontab is wall-clock aligned; the interval is the
 * same, the phase is not.
 *
 * @param original the expression as the caller wrote it, for the error message.
 */
function rateToCrontab(expr: string, original = expr): string {
  const match = RATE.exec(expr.trim());
  const [count, unit] = match?.[1]?.split(' ') ?? [];
  const perUnit = MINUTES_PER_UNIT[unit?.replace(/s$/, '') ?? ''];
  if (count === undefined || perUnit === undefined) {
    throw new ScheduleExpressionError(
      'EventBridge',
      original,
      undefined,
      'expected rate(1 minute|hour|day) or rate(N minutes|hours|days) with N > 1',
    );
  }
  const minutes = Number(count) * perUnit;
  if (minutes === 1) return '* * * * *';
  if (minutes < 60 && 60 % minutes === 0) return `*/${minutes} * * * *`;
  if (minutes === 60) return '0 * * * *';
  if (minutes % 60 === 0 && minutes < 1440 && 1440 % minutes === 0) return `0 */${minutes / 60} * * *`;
  if (minutes === 1440) return '0 0 * * *';
  throw new ScheduleExpressionError(
    'EventBridge',
    original,
    undefined,
    `an interval of ${minutes} minutes cannot be expressed exactly in crontab: only intervals that divide ` +
      'an hour (minutes) or a day (hours), or exactly one day, repeat evenly',
  );
}

export { rateToCrontab };
