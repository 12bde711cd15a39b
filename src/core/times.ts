/** Time parsing for the formats that actually arrive; invalid input gives `undefined`, never an Invalid Date. */

function validDate(date: Date): Date | undefined {
  return Number.isNaN(date.getTime()) ? undefined : date;
}

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/** The number written in `count` ASCII digits at `from`; -1 when one of them is not a digit (or missing). */
function digitsAt(text: string, from: number, count: number): number {
  let value = 0;
  for (let index = from; index < from + count; index++) {
    const digit = text.charCodeAt(index) - 48;
    // NaN past the end of the text fails this too.
    if (!(digit >= 0 && digit <= 9)) return -1;
    value = value * 10 + digit;
  }
  return value;
}

/**
 * `new Date` rejects month 13 and day 32, but rolls a day past its month's end over (Feb 30 → Mar 2); a
 * malformed time must be rejected instead.
 */
function realDay(year: number, month: number, day: number): boolean {
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  const last = month === 2 && leap ? 29 : DAYS_IN_MONTH[month - 1];
  // A month that does not exist (00, 13) has no days.
  return day >= 1 && day <= (last ?? 0);
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

/**
 * Days from 1970-01-01 to a proleptic Gregorian date (H. Hinnant's days_from_civil, for years 0-9999):
 * plain arithmetic, where the Date.UTC builtin cost each sqsd request about as much as parsing its text.
 * The year is counted from March, so a leap day is the last day of its year.
 */
function daysFromCivil(year: number, month: number, day: number): number {
  const marchYear = month <= 2 ? year - 1 : year;
  const era = Math.floor(marchYear / 400);
  const yearOfEra = marchYear - era * 400;
  const dayOfYear = Math.floor((153 * (month > 2 ? month - 3 : month + 9) + 2) / 5) + day - 1;
  const dayOfEra = yearOfEra * 365 + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100) + dayOfYear;
  return era * 146_097 + dayOfEra - 719_468;
}

/** The milliseconds a fraction of a second (`.5`, `.123456`) stands for, as `new Date` reads it: its first three digits. */
function fractionMillis(text: string, from: number, to: number): number {
  const digits = Math.min(to - from, 3);
  return digitsAt(text, from, digits) * 10 ** (3 - digits);
}

/**
 * ISO 8601 as EventBridge, Scheduler and sqsd headers send it (`2019-03-01T01:23:45Z`):
 * `YYYY-MM-DDTHH:MM[:SS[.fraction]]` and `Z` or `±HH[:]MM`, read in one pass, digit by digit (this runs
 * for two headers of every sqsd request, where a pattern test and the engine's date parser showed up in
 * the adapter's profile). It accepts what `new Date` accepts in that layout: hour 24 only as the end of a
 * day (24:00:00, no fraction), no day past its month's end, offsets to ±23:59.
 */
function fromIso(value: unknown): Date | undefined {
  if (typeof value !== 'string') return undefined;
  const year = digitsAt(value, 0, 4);
  const month = digitsAt(value, 5, 2);
  const day = digitsAt(value, 8, 2);
  const hour = digitsAt(value, 11, 2);
  const minute = digitsAt(value, 14, 2);
  if (value[4] !== '-' || value[7] !== '-' || value[10] !== 'T' || value[13] !== ':') return undefined;
  if (year < 0 || !realDay(year, month, day)) return undefined;
  if (hour < 0 || hour > 24 || minute < 0 || minute > 59) return undefined;
  let at = 16;
  let second = 0;
  let millis = 0;
  let fractionSum = 0;
  if (value[at] === ':') {
    second = digitsAt(value, at + 1, 2);
    at += 3;
    if (value[at] === '.') {
      const from = at + 1;
      at = from;
      // Every digit of the fraction counts for hour 24, though only the first three give milliseconds.
      for (let digit = digitsAt(value, at, 1); digit >= 0; digit = digitsAt(value, at, 1)) {
        fractionSum += digit;
        at++;
      }
      if (at === from) return undefined;
      millis = fractionMillis(value, from, at);
    }
  }
  if (second < 0 || second > 59 || (hour === 24 && minute + second + fractionSum > 0)) return undefined;
  let offsetMinutes = 0;
  const sign = value[at];
  if (sign === '+' || sign === '-') {
    const offsetHour = digitsAt(value, at + 1, 2);
    at += value[at + 3] === ':' ? 4 : 3;
    const offsetMinute = digitsAt(value, at, 2);
    if (offsetHour < 0 || offsetHour > 23 || offsetMinute < 0 || offsetMinute > 59) return undefined;
    offsetMinutes = (sign === '+' ? 1 : -1) * (offsetHour * 60 + offsetMinute);
    at += 2;
  } else if (sign === 'Z') {
    at += 1;
  } else {
    return undefined;
  }
  if (at !== value.length) return undefined;
  // Hour 24 (only as 24:00:00) is the next day's midnight, as `new Date` reads it.
  const minutes = (daysFromCivil(year, month, day) * 24 + hour) * 60 + minute - offsetMinutes;
  return new Date((minutes * 60 + second) * 1000 + millis);
}

/** sqsd's `beanstalk.sqsd.scheduled_time`: Ruby `Time#to_s` in UTC, `2017-03-22 23:10:00 UTC`. */
function fromSqsdScheduledTime(value: string | undefined): Date | undefined {
  const match = value?.match(/^(\d{4}-\d\d-\d\d) (\d\d:\d\d:\d\d) UTC$/);
  return match ? fromIso(`${match[1]}T${match[2]}Z`) : undefined;
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
