/** Time parsing for the formats that actually arrive; invalid input gives `undefined`, never an Invalid Date. */

function validDate(date: Date): Date | undefined {
  return Number.isNaN(date.getTime()) ? undefined : date;
}

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/** The number written in `count` ASCII digits at `from` (the caller's pattern matched digits there). */
function digitsAt(text: string, from: number, count: number): number {
  let value = 0;
  for (let index = from; index < from + count; index++) value = value * 10 + text.charCodeAt(index) - 48;
  return value;
}

/**
 * `new Date` rejects month 13 and day 32, but rolls a day past its month's end over (Feb 30 → Mar 2); a
 * malformed time must be rejected instead. `text` starts with `YYYY-MM-DD`. Read digit by digit: this runs
 * for two headers of every sqsd request, where split and map showed up in the adapter's profile.
 */
function realDay(text: string): boolean {
  const year = digitsAt(text, 0, 4);
  const month = digitsAt(text, 5, 2);
  const day = digitsAt(text, 8, 2);
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  const last = month === 2 && leap ? 29 : DAYS_IN_MONTH[month - 1];
  // A month that does not exist (00, 13) has no days.
  return day <= (last ?? 0);
}

/** Epoch milliseconds as SQS sends them (`"1545082649183"`). */
function fromEpochMillis(value: string | undefined): Date | undefined {
  // 1 to 16 ASCII digits, read in the same loop: this runs twice per SQS record, and a regex test plus
  // Number() cost more than the rest of the record's mapping. Every valid time (≤ 8.64e15) is exact
  // here; a larger one may round, and is rejected as an Invalid Date either way.
  // Stryker disable next-line ConditionalExpression,StringLiteral: String() of a string is that string; the test skips a call
  const text = typeof value === 'string' ? value : String(value);
  if (text.length === 0 || text.length > 16) return undefined;
  let millis = 0;
  for (let index = 0; index < text.length; index++) {
    const digit = text.charCodeAt(index) - 48;
    if (digit < 0 || digit > 9) return undefined;
    millis = millis * 10 + digit;
  }
  return validDate(new Date(millis));
}

/** ISO 8601 as EventBridge, Scheduler and sqsd headers send it (`2019-03-01T01:23:45Z`). */
function fromIso(value: unknown): Date | undefined {
  if (
    typeof value !== 'string' ||
    !/^\d{4}-\d\d-\d\dT\d\d:\d\d(:\d\d(\.\d+)?)?(Z|[+-]\d\d:?\d\d)$/.test(value)
  )
    return undefined;
  return realDay(value) ? validDate(new Date(value)) : undefined;
}

/** sqsd's `beanstalk.sqsd.scheduled_time`: Ruby `Time#to_s` in UTC, `2017-03-22 23:10:00 UTC`. */
function fromSqsdScheduledTime(value: string | undefined): Date | undefined {
  const match = value?.match(/^(\d{4}-\d\d-\d\d) (\d\d:\d\d:\d\d) UTC$/);
  return match?.[1] && realDay(match[1]) ? validDate(new Date(`${match[1]}T${match[2]}Z`)) : undefined;
}

/** The inverse of `fromSqsdScheduledTime`, for enqueuing periodic tasks the EB way. */
function toSqsdScheduledTime(date: Date): string {
  return `${date.toISOString().slice(0, 19).replace('T', ' ')} UTC`;
}

/** sqsd header format: ISO 8601, second precision, `Z`. */
function toSqsdHeaderTime(date: Date): string {
  return `${date.toISOString().slice(0, 19)}Z`;
}

export { fromEpochMillis, fromIso, fromSqsdScheduledTime, toSqsdHeaderTime, toSqsdScheduledTime };
