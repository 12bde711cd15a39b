import { Cron } from 'croner';

/**
 * A parsed EventBridge schedule expression.
 * - `cron`: `next(after)` is the first fire time strictly after `after`, or undefined if none.
 * - `rate`: fires every `periodMs` from an anchor chosen by the runner.
 */
type ScheduleExpression =
  | { kind: 'cron'; expression: string; pattern: string; next(after: Date): Date | undefined }
  | { kind: 'rate'; expression: string; periodMs: number };

const RATE_UNITS: Record<string, number> = { minute: 60_000, hour: 3_600_000, day: 86_400_000 };
const WEEKDAYS = ['SUN', 'MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT'];
const MONTHS = ['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC'];
// Largest value per field (minute, hour, day-of-month, month, -, year): EventBridge allows
// `start/step`, croner wants `start-max/step`.
const FIELD_MAX = [59, 23, 31, 12, 7, 2199];

function expandStartStep(item: string, max: number): string {
  const match = /^([^*/-]+)\/(\d+)$/.exec(item);
  if (match === null) return item;
  const [, start = '', step = ''] = match;
  const monthIndex = MONTHS.indexOf(start.toUpperCase());
  return `${monthIndex === -1 ? start : monthIndex + 1}-${max}/${step}`;
}

/** EventBridge day-of-week value (1–7 = SUN–SAT, or a name) → croner's standard 0–6. */
function weekday(value: string, expression: string): string {
  if (/^\d+$/.test(value)) {
    const day = Number(value);
    if (day < 1 || day > 7) throw new Error(`Day-of-week ${value} is outside 1-7 in ${expression}`);
    return String(day - 1);
  }
  if (!WEEKDAYS.includes(value.toUpperCase()))
    throw new Error(`Unknown day-of-week "${value}" in ${expression}`);
  return value.toUpperCase();
}

function convertDayOfWeekItem(item: string, expression: string): string {
  if (item === '?' || item === '*') return '*';
  // A lone L is the last day of the week: Saturday.
  if (item === 'L') return '6';
  const last = /^(\w+?)L$/.exec(item);
  if (last?.[1] !== undefined) return `${weekday(last[1], expression)}#L`;
  const nth = /^(\w+)#([1-5])$/.exec(item);
  if (nth?.[1] !== undefined) return `${weekday(nth[1], expression)}#${nth[2]}`;
  const step = /^(\*|\w+)\/(\d+)$/.exec(item);
  if (step?.[1] !== undefined) return step[1] === '*' ? item : `${weekday(step[1], expression)}-6/${step[2]}`;
  const range = /^(\w+)-(\w+)$/.exec(item);
  if (range?.[1] !== undefined && range[2] !== undefined) {
    return `${weekday(range[1], expression)}-${weekday(range[2], expression)}`;
  }
  return weekday(item, expression);
}

/**
 * Convert the six EventBridge cron fields (`min hour dom month dow year`) to a 7-part croner
 * pattern (`sec min hour dom month dow year`) for use with `domAndDow: true`.
 * Follows https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-cron-expressions.html:
 * exactly one of day-of-month / day-of-week is `?`; day-of-week counts 1–7 from Sunday.
 */
function toCronerPattern(fields: string, expression = `cron(${fields})`): string {
  const parts = fields.trim().split(/\s+/);
  if (parts.length !== 6) throw new Error(`${expression} needs 6 fields (min hour dom month dow year)`);
  const [minute = '', hour = '', dom = '', month = '', dow = '', year = ''] = parts;
  if ((dom === '?') === (dow === '?')) {
    throw new Error(`${expression}: exactly one of day-of-month and day-of-week must be "?"`);
  }
  const plain = (field: string, index: number) =>
    field
      .split(',')
      .map((item) => (item === '?' ? '*' : expandStartStep(item, FIELD_MAX[index] ?? 59)))
      .join(',');
  const dayOfWeek = dow
    .split(',')
    .map((item) => convertDayOfWeekItem(item, expression))
    .join(',');
  return [
    '0',
    plain(minute, 0),
    plain(hour, 1),
    plain(dom, 2),
    plain(month, 3),
    dayOfWeek,
    plain(year, 5),
  ].join(' ');
}

function parseRate(body: string, expression: string): ScheduleExpression {
  const match = /^(\d+)\s+(minute|minutes|hour|hours|day|days)$/.exec(body.trim());
  const value = Number(match?.[1]);
  const unit = match?.[2] ?? '';
  if (match === null || !Number.isSafeInteger(value) || value < 1) {
    throw new Error(`${expression}: expected rate(<positive integer> minute(s)|hour(s)|day(s))`);
  }
  // EventBridge insists on singular for 1 and plural otherwise; catch it before a deploy does.
  if ((value === 1) !== !unit.endsWith('s')) {
    throw new Error(
      `${expression}: use "${value === 1 ? unit.replace(/s$/, '') : `${unit}s`}" with ${value}`,
    );
  }
  return { kind: 'rate', expression, periodMs: value * (RATE_UNITS[unit.replace(/s$/, '')] ?? 0) };
}

/**
 * Parse `cron(...)` or `rate(...)`. Cron fire times are evaluated in `timezone` (IANA,
 * default UTC). Wall-clock times that a DST change skips are skipped, as EventBridge
 * Scheduler does (croner alone would run them right after the gap).
 */
function parseScheduleExpression(expression: string, timezone = 'UTC'): ScheduleExpression {
  const match = /^(cron|rate)\((.*)\)$/.exec(expression.trim());
  if (match?.[1] === 'rate') return parseRate(match[2] ?? '', expression);
  if (match?.[1] !== 'cron') throw new Error(`Unsupported schedule expression "${expression}"`);
  const pattern = toCronerPattern(match[2] ?? '', expression);
  let cron: Cron;
  try {
    cron = new Cron(pattern, { mode: '7-part', domAndDow: true, timezone, paused: true });
  } catch (error) {
    throw new Error(`Invalid ${expression} (croner pattern "${pattern}")`, { cause: error });
  }
  const next = (after: Date): Date | undefined => {
    let candidate = cron.nextRun(after);
    // Bounded: a DST gap can hide at most a few consecutive candidates.
    for (let skipped = 0; candidate !== null && !cron.match(candidate) && skipped < 10; skipped++) {
      candidate = cron.nextRun(candidate);
    }
    return candidate ?? undefined;
  };
  return { kind: 'cron', expression, pattern, next };
}

export type { ScheduleExpression };
export { parseScheduleExpression, toCronerPattern };
