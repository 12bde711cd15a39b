import { rateToCrontab } from './rate-to-crontab.js';
import { ScheduleExpressionError } from './schedule-error.js';

/** An EventBridge cron field; names[i] stands for min + i (day-of-week: SUN = 1). */
interface EventBridgeField {
  readonly name: string;
  readonly min: number;
  readonly max: number;
  readonly names?: readonly string[];
}

const FIELDS = [
  { name: 'minute', min: 0, max: 59 },
  { name: 'hour', min: 0, max: 23 },
  { name: 'day-of-month', min: 1, max: 31 },
  {
    name: 'month',
    min: 1,
    max: 12,
    names: ['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC'],
  },
  { name: 'day-of-week', min: 1, max: 7, names: ['SUN', 'MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT'] },
  { name: 'year', min: 1970, max: 2199 },
] as const satisfies readonly EventBridgeField[];

// EventBridge-only syntax, described in words because the bare letters mean nothing to most readers.
const EXTENSIONS: readonly [RegExp, string][] = [
  [/#/, '# (nth weekday of the month)'],
  [/L/i, 'L (last day of the month, or last given weekday)'],
  [/W/i, 'W (weekday nearest a day of the month)'],
];

type Fail = (field: string, detail: string) => never;

/**
 * Converts an EventBridge `cron(min hour dom month dow year)` or `rate(...)` expression into the 5-field UTC
 * crontab that an Elastic Beanstalk `cron.yaml` expects (docs/lambda-behaviour.md#crontab-to-eventbridge, in
 * reverse).
 *
 * @example eventBridgeToCrontab('cron(0/10 8-17 ? * MON-FRI *)') // '*\/10 8-17 * * 1-5'
 * @throws ScheduleExpressionError for `L`, `W`, `#`, a restricted year, or a rate crontab cannot repeat exactly.
 */
function eventBridgeToCrontab(expr: string): string {
  const source = expr.trim();
  if (source.startsWith('rate(')) return rateToCrontab(source, expr);
  const fail: Fail = (field, detail) => {
    throw new ScheduleExpressionError('EventBridge', expr, field === '' ? undefined : field, detail);
  };
  const body = /^cron\((.*)\)$/.exec(source)?.[1]?.trim();
  if (body === undefined)
    return fail('', 'expected cron(minutes hours day-of-month month day-of-week year) or rate(...)');
  const texts = body.split(/\s+/);
  if (texts.length !== FIELDS.length)
    return fail('', `expected 6 fields inside cron(...), got ${texts.length}`);
  // Safe after the length check; the tuple type names the fields.
  const [minute, hour, dom, month, dow, year] = texts as [string, string, string, string, string, string];
  for (const [index, text] of texts.entries()) rejectExtensions(text, FIELDS[index] ?? FIELDS[0], fail);
  if (year !== '*') {
    fail(
      'year',
      `"${year}" restricts the year, which cannot be expressed in cron.yaml (crontab has no year field)`,
    );
  }
  if ((dom === '?') === (dow === '?')) {
    fail(
      'day-of-month',
      `EventBridge needs "?" in exactly one of day-of-month ("${dom}") and day-of-week ("${dow}")`,
    );
  }
  return [
    convertNumeric(minute, FIELDS[0], fail),
    convertNumeric(hour, FIELDS[1], fail),
    dom === '?' ? '*' : convertNumeric(dom, FIELDS[2], fail),
    convertNumeric(month, FIELDS[3], fail),
    dow === '?' ? '*' : convertDayOfWeek(dow, fail),
  ].join(' ');
}

function rejectExtensions(text: string, field: EventBridgeField, fail: Fail): void {
  // Strip names first: the L in JUL or the W in WED is not an extension.
  const bare = field.names ? text.replace(/[A-Z]{3}/gi, '') : text;
  for (const [pattern, feature] of EXTENSIONS) {
    if (pattern.test(bare)) {
      fail(
        field.name,
        `"${text}" uses ${feature}, which has no crontab equivalent and cannot be expressed in cron.yaml`,
      );
    }
  }
  if (text.includes('?') && text !== '?') fail(field.name, `"${text}": "?" must stand alone`);
  if (text === '?' && field.name !== 'day-of-month' && field.name !== 'day-of-week') {
    fail(field.name, '"?" is only allowed in day-of-month or day-of-week');
  }
}

/** Crontab reads these fields like EventBridge except that steps start from a range, not a bare value. */
function convertNumeric(text: string, field: EventBridgeField, fail: Fail): string {
  if (text === '*') return '*';
  return text
    .split(',')
    .map((element) => {
      const { from, to, step, star } = parseElement(element, field, fail);
      if (step === undefined) return from === to ? `${from}` : `${from}-${to}`;
      // EventBridge `a/n` runs from a to the field maximum; crontab's `*/n` starts at the minimum.
      if (star || (from === field.min && to === field.max)) return `*/${step}`;
      return `${from}-${to}/${step}`;
    })
    .join(',');
}

/**
 * EventBridge counts SUN = 1 … SAT = 7; crontab SUN = 0 … SAT = 6
 * (docs/lambda-behaviour.md#crontab-to-eventbridge, rule 4).
 */
function convertDayOfWeek(text: string, fail: Fail): string {
  const field = FIELDS[4];
  if (text === '*') return '*';
  const tokens = text.split(',').flatMap((element): string[] => {
    const { from, to, step } = parseElement(element, field, fail, true);
    if (step === undefined && from === to) return [`${from - 1}`];
    if (step === undefined && from < to) return [`${from - 1}-${to - 1}`];
    // Steps and wrap-around ranges (FRI-MON) become explicit lists.
    const days: string[] = [];
    const length = ((to - from + 7) % 7) + 1;
    for (let offset = 0; offset < length; offset += step ?? 1)
      days.push(`${(((from - 1 + offset) % 7) + 7) % 7}`);
    return days;
  });
  return [...new Set(tokens)].join(',');
}

interface ParsedElement {
  from: number;
  to: number;
  step: number | undefined;
  star: boolean;
}

function parseElement(
  element: string,
  field: EventBridgeField,
  fail: Fail,
  allowWrap = false,
): ParsedElement {
  const [base = '', stepText, extra] = element.split('/');
  if (extra !== undefined) fail(field.name, `"${element}" has more than one "/"`);
  const step = stepText === undefined ? undefined : Number(stepText);
  if (step !== undefined && !(Number.isInteger(step) && step >= 1)) {
    fail(field.name, `"${element}": step "${stepText}" must be a whole number of at least 1`);
  }
  if (base === '*') return { from: field.min, to: field.max, step, star: true };
  const [fromText = '', toText, tooMany] = base.split('-');
  if (tooMany !== undefined) fail(field.name, `"${element}" is not a value or a range`);
  const from = parseValue(fromText, field, fail);
  // `a/n` means from a to the end of the field.
  const to = toText === undefined ? (step === undefined ? from : field.max) : parseValue(toText, field, fail);
  if (from > to && !allowWrap) fail(field.name, `range "${base}" runs backwards`);
  return { from, to, step, star: false };
}

function parseValue(text: string, field: EventBridgeField, fail: Fail): number {
  const index = field.names?.indexOf(text.toUpperCase()) ?? -1;
  if (index >= 0) return field.min + index;
  const value = /^\d+$/.test(text) ? Number(text) : Number.NaN;
  if (value >= field.min && value <= field.max) return value;
  return fail(
    field.name,
    `"${text}" is not a value in ${field.min}-${field.max}${field.names ? ' or a name' : ''}`,
  );
}

export { eventBridgeToCrontab };
