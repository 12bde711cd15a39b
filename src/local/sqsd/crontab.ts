import { Cron } from 'croner';
import {
  DAY_OF_MONTH,
  DAY_OF_WEEK,
  HOUR,
  MINUTE,
  MONTH,
  parseCrontabField,
} from '../../schedule/crontab-fields.js';
import { ScheduleExpressionError } from '../../schedule/schedule-error.js';

/**
 * A validated cron.yaml `schedule`: 5 fields, evaluated in UTC, 1-minute granularity
 * (docs/sqsd-behaviour.md#schedule-syntax).
 */
type CrontabSchedule = {
  readonly expression: string;
  /** First fire time strictly after `after`, or undefined when the schedule never fires again. */
  next(after: Date): Date | undefined;
  /** Last fire time strictly before `before`, or undefined when there is none. */
  previous(before: Date): Date | undefined;
  /**
   * Both day-of-month and day-of-week are restricted. sqsd's parser (parse-cron) ANDs them where Vixie
   * cron ORs them, so such a schedule means different things to different readers.
   */
  readonly restrictsDayOfMonthAndWeek: boolean;
};

const FIELDS = [MINUTE, HOUR, DAY_OF_MONTH, MONTH, DAY_OF_WEEK] as const;

/**
 * Validate and compile a cron.yaml schedule. Stricter than sqsd 2.0 where 2.0 would silently misread:
 * a 6-field expression (2.0 reads the first 5 tokens) and `@hourly`-style macros (parse-cron has none)
 * are rejected (docs/sqsd-behaviour.md#schedule-syntax). Fields are checked with the project's Vixie crontab
 * reader, which also rejects the Quartz extensions `? L W #` that croner would otherwise accept.
 *
 * @throws ScheduleExpressionError naming the expression and, when one is to blame, the field.
 */
function compileCrontab(expression: string): CrontabSchedule {
  const source = expression.trim();
  const fail = (detail: string): never => {
    throw new ScheduleExpressionError('crontab', expression, undefined, detail);
  };
  if (source.startsWith('@')) {
    fail('macros such as @hourly are not understood by sqsd (parse-cron); write the 5 fields');
  }
  const texts = source === '' ? [] : source.split(/\s+/);
  if (texts.length !== 5) {
    fail(
      `expected 5 fields (minute hour day-of-month month day-of-week), got ${texts.length}; ` +
        'sqsd has 1-minute granularity and no seconds or year field',
    );
  }
  const fields = FIELDS.map((spec, index) => parseCrontabField(texts[index] ?? '', spec, expression));
  const restrictsDayOfMonthAndWeek = fields[2]?.isFull === false && fields[4]?.isFull === false;
  let cron: Cron;
  try {
    // domAndDow: parse-cron ANDs day-of-month with day-of-week. UTC: sqsd computes on Time.now.utc.
    cron = new Cron(texts.join(' '), { mode: '5-part', timezone: 'UTC', domAndDow: true, paused: true });
  } catch (error) {
    throw new ScheduleExpressionError('crontab', expression, undefined, (error as Error).message);
  }
  // 2.0 validates a schedule by computing its next time (docs/sqsd-behaviour.md#schedule-syntax); `30 0 31 2 *` never fires.
  if (cron.nextRun(new Date(0)) === null) fail('never fires (no matching date)');
  return {
    expression: source,
    next: (after) => cron.nextRun(after) ?? undefined,
    previous: (before) => cron.previousRuns(1, before)[0],
    restrictsDayOfMonthAndWeek,
  };
}

export type { CrontabSchedule };
export { compileCrontab };
