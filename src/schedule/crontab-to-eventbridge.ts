import {
  type CrontabField,
  DAY_NAMES,
  DAY_OF_MONTH,
  DAY_OF_WEEK,
  HOUR,
  MINUTE,
  MONTH,
  parseCrontabField,
} from './crontab-fields.js';
import { ScheduleExpressionError } from './schedule-error.js';

// Vixie cron's macros. @reboot has no time, so it is handled separately.
const MACROS: Readonly<Record<string, string>> = {
  '@yearly': '0 0 1 1 *',
  '@annually': '0 0 1 1 *',
  '@monthly': '0 0 1 * *',
  '@weekly': '0 0 * * 0',
  '@daily': '0 0 * * *',
  '@midnight': '0 0 * * *',
  '@hourly': '0 * * * *',
};

/**
 * Converts a 5-field crontab (UTC, Vixie semantics) into EventBridge `cron(min hour dom month dow year)`
 * expressions, following docs/lambda-behaviour.md#crontab-to-eventbridge.
 *
 * Usually one expression comes back. Two come back when both day-of-month and day-of-week are restricted:
 * Vixie cron then fires when *either* matches, and EventBridge can only express one of them per expression.
 *
 * @example crontabToEventBridge('0 12 1,15 * 1') // ['cron(0 12 1,15 * ? *)', 'cron(0 12 ? * MON *)']
 * @throws ScheduleExpressionError naming the expression and the bad field.
 */
function crontabToEventBridge(expr: string): string[] {
  const source = expr.trim();
  if (source.toLowerCase() === '@reboot') {
    throw new ScheduleExpressionError(
      'crontab',
      expr,
      undefined,
      '@reboot runs at boot, not on a schedule; EventBridge has no equivalent',
    );
  }
  const expanded = source.startsWith('@') ? MACROS[source.toLowerCase()] : source;
  if (expanded === undefined) {
    throw new ScheduleExpressionError(
      'crontab',
      expr,
      undefined,
      `unknown macro; use one of ${Object.keys(MACROS).join(' ')}`,
    );
  }
  const texts = expanded.split(/\s+/);
  if (texts.length !== 5) {
    throw new ScheduleExpressionError(
      'crontab',
      expr,
      undefined,
      `expected 5 fields, got ${source === '' ? 0 : texts.length}`,
    );
  }
  // Safe after the length check; the tuple type names the fields.
  const [minuteText, hourText, domText, monthText, dowText] = texts as [
    string,
    string,
    string,
    string,
    string,
  ];
  const minute = renderNumeric(parseCrontabField(minuteText, MINUTE, expr));
  const hour = renderNumeric(parseCrontabField(hourText, HOUR, expr));
  const dom = parseCrontabField(domText, DAY_OF_MONTH, expr);
  const month = renderNumeric(parseCrontabField(monthText, MONTH, expr));
  const dow = parseCrontabField(dowText, DAY_OF_WEEK, expr);
  return dayPairs(dom, dow, expr).map(
    ([days, weekdays]) => `cron(${minute} ${hour} ${days} ${month} ${weekdays} *)`,
  );
}

/**
 * EventBridge needs `?` in exactly one of day-of-month / day-of-week (rule 2), so the two crontab fields are
 * turned into one or two `[dom, dow]` pairs that match the same days as Vixie cron.
 */
function dayPairs(dom: CrontabField, dow: CrontabField, expr: string): [string, string][] {
  if (dom.startsWithStar || dow.startsWithStar) {
    // Vixie ANDs the two fields when either begins with '*'; only a whole-range side can be dropped.
    if (dow.isFull) return [[dom.isFull ? '*' : renderNumeric(dom), '?']];
    if (dom.isFull) return [['?', renderDayOfWeek(dow)]];
    throw new ScheduleExpressionError(
      'crontab',
      expr,
      'day-of-month',
      `"${dom.text}" with day-of-week "${dow.text}": one begins with "*", so Vixie cron requires both to match, ` +
        'and EventBridge cannot combine day-of-month with day-of-week',
    );
  }
  // Both restricted: Vixie fires when either matches (OR), which takes two EventBridge expressions (rule 3).
  if (dom.isFull || dow.isFull) return [['*', '?']];
  return [
    [renderNumeric(dom), '?'],
    ['?', renderDayOfWeek(dow)],
  ];
}

/** Minute, hour, day-of-month and month share EventBridge's syntax apart from how steps start (rule 5). */
function renderNumeric(field: CrontabField): string {
  const [only] = field.elements;
  const span = field.spec.max - field.spec.min;
  if (field.elements.length === 1 && only?.star) {
    if (only.step === 1) return '*';
    // `*/n` starts at the field minimum: 0/n for minutes and hours, 1/n for days and months.
    if (only.step <= span) return `${field.spec.min}/${only.step}`;
  }
  // Other steps (`a-b/n`, steps inside lists) are not documented by EventBridge: expand them to a list.
  if (field.elements.some((element) => element.stepped || element.star)) return field.values.join(',');
  return field.elements.map((element) => canonical(element.raw)).join(',');
}

/** Day-of-week is always written with names so EventBridge's 1 = SUN numbering cannot be misread (rule 4). */
function renderDayOfWeek(field: CrontabField): string {
  const tokens = field.elements.flatMap((element): string[] => {
    const first = element.values[0];
    const last = element.values.at(-1);
    // A range only stays a range while it runs forwards through SUN..SAT; EventBridge has no wrap-around.
    if (!element.stepped && !element.star && first !== undefined && last !== undefined && last > first) {
      return [`${dayName(first)}-${dayName(last)}`];
    }
    // Steps, wrap-around ranges and ranges ending in 7 (Sunday, folded to 0) become explicit lists.
    return element.values.map(dayName);
  });
  return [...new Set(tokens)].join(',');
}

function dayName(day: number): string {
  return DAY_NAMES[day] ?? String(day);
}

/** Upper-case names, and drop leading zeros so `05` and `5` read the same. */
function canonical(raw: string): string {
  return raw
    .split('-')
    .map((part) => (/^\d+$/.test(part) ? String(Number(part)) : part.toUpperCase()))
    .join('-');
}

export { crontabToEventBridge };
