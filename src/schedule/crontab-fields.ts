import { ScheduleExpressionError } from './schedule-error.js';

type CrontabFieldName = 'minute' | 'hour' | 'day-of-month' | 'month' | 'day-of-week';

/** Bounds of one crontab field as Vixie cron accepts them. */
interface FieldSpec {
  readonly name: CrontabFieldName;
  readonly min: number;
  readonly max: number;
  /** Upper-case names accepted for values; names[i] stands for min + i (day-of-week: SUN = 0). */
  readonly names?: readonly string[];
}

const MONTH_NAMES = [
  'JAN',
  'FEB',
  'MAR',
  'APR',
  'MAY',
  'JUN',
  'JUL',
  'AUG',
  'SEP',
  'OCT',
  'NOV',
  'DEC',
] as const;
const DAY_NAMES = ['SUN', 'MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT'] as const;

const MINUTE: FieldSpec = { name: 'minute', min: 0, max: 59 };
const HOUR: FieldSpec = { name: 'hour', min: 0, max: 23 };
const DAY_OF_MONTH: FieldSpec = { name: 'day-of-month', min: 1, max: 31 };
const MONTH: FieldSpec = { name: 'month', min: 1, max: 12, names: MONTH_NAMES };
// Vixie cron accepts 7 as a second Sunday.
const DAY_OF_WEEK: FieldSpec = { name: 'day-of-week', min: 0, max: 7, names: DAY_NAMES };

/** One comma-separated element: `*`, `*\/n`, `a`, `a-b` or `a-b/n`. */
interface CrontabElement {
  /** The element as written. */
  readonly raw: string;
  readonly star: boolean;
  readonly stepped: boolean;
  /** The `/n` step, 1 when absent. */
  readonly step: number;
  /** A day-of-week range such as `5-1` that runs past Saturday. */
  readonly wraps: boolean;
  /** Matched values in the element's own order; day-of-week 7 is folded into 0. */
  readonly values: readonly number[];
}

interface CrontabField {
  readonly spec: FieldSpec;
  readonly text: string;
  readonly elements: readonly CrontabElement[];
  /** Distinct matched values, ascending. */
  readonly values: readonly number[];
  /** Vixie's DOM_STAR / DOW_STAR flag: set when the field text begins with `*`, `*\/2` included. */
  readonly startsWithStar: boolean;
  /** Every value of the field matches (`*`, `0-6`, `*\/1`, …). */
  readonly isFull: boolean;
}

const dayOfWeekSize = 7;

function fieldSize(spec: FieldSpec): number {
  return spec === DAY_OF_WEEK ? dayOfWeekSize : spec.max - spec.min + 1;
}

function normalise(spec: FieldSpec, value: number): number {
  return spec === DAY_OF_WEEK ? value % dayOfWeekSize : value;
}

/** Parses a crontab field; `expression` is only used to make error messages self-contained. */
function parseCrontabField(text: string, spec: FieldSpec, expression: string): CrontabField {
  const fail = (detail: string): never => {
    throw new ScheduleExpressionError('crontab', expression, spec.name, detail);
  };
  if (/[?LW#]/i.test(text.replace(/[A-Z]{3}/gi, ''))) {
    fail(`"${text}": ?, L, W and # are EventBridge/Quartz extensions that Vixie crontab does not accept`);
  }
  const elements = text.split(',').map((raw) => parseElement(raw, spec, fail));
  const values = [...new Set(elements.flatMap((element) => element.values))].sort((a, b) => a - b);
  return {
    spec,
    text,
    elements,
    values,
    startsWithStar: text.startsWith('*'),
    isFull: values.length === fieldSize(spec),
  };
}

function parseElement(raw: string, spec: FieldSpec, fail: (detail: string) => never): CrontabElement {
  const [base = '', stepText, extra] = raw.split('/');
  if (extra !== undefined) fail(`"${raw}" has more than one "/"`);
  const stepped = stepText !== undefined;
  const step = stepped ? parseStep(stepText, raw, fail) : 1;
  if (base === '*') {
    // The whole week is 0-6: Vixie's extra 7 only repeats Sunday.
    const last = spec === DAY_OF_WEEK ? dayOfWeekSize - 1 : spec.max;
    return { raw, star: true, stepped, step, wraps: false, values: stepRange(spec.min, last, step) };
  }
  const [fromText = '', toText, tooMany] = base.split('-');
  if (tooMany !== undefined) fail(`"${raw}" is not a value or a range`);
  const from = parseValue(fromText, spec, fail);
  if (toText === undefined) {
    if (stepped) fail(`"${raw}": a step needs a range or "*" (write "${fromText}-${spec.max}/${stepText}")`);
    return { raw, star: false, stepped, step, wraps: false, values: [normalise(spec, from)] };
  }
  const to = parseValue(toText, spec, fail);
  if (from <= to) {
    const values = stepRange(from, to, step).map((value) => normalise(spec, value));
    return { raw, star: false, stepped, step, wraps: false, values };
  }
  if (spec !== DAY_OF_WEEK) fail(`range "${base}" runs backwards`);
  return { raw, star: false, stepped, step, wraps: true, values: wrappedDays(from, to, step) };
}

/** `5-1` means Fri, Sat, Sun, Mon: walk the week modulo 7. */
function wrappedDays(from: number, to: number, step: number): number[] {
  const days: number[] = [];
  const first = from % dayOfWeekSize;
  const last = to % dayOfWeekSize;
  for (let offset = 0, day = first; ; offset += 1, day = (day + 1) % dayOfWeekSize) {
    if (offset % step === 0) days.push(day);
    if (day === last) return days;
  }
}

function stepRange(from: number, to: number, step: number): number[] {
  const values: number[] = [];
  for (let value = from; value <= to; value += step) values.push(value);
  return values;
}

function parseStep(text: string, raw: string, fail: (detail: string) => never): number {
  const step = /^\d+$/.test(text) ? Number(text) : Number.NaN;
  return step >= 1 ? step : fail(`"${raw}": step "${text}" must be a whole number of at least 1`);
}

function parseValue(text: string, spec: FieldSpec, fail: (detail: string) => never): number {
  if (/^\d+$/.test(text)) {
    const value = Number(text);
    if (value < spec.min || value > spec.max) fail(`"${text}" is outside ${spec.min}-${spec.max}`);
    return value;
  }
  const index = spec.names?.indexOf(text.toUpperCase()) ?? -1;
  if (index >= 0) return spec.min + index;
  const hint = spec.names ? ` or one of ${spec.names.join(' ')}` : '';
  return fail(`"${text}" is not a number in ${spec.min}-${spec.max}${hint}`);
}

export type { CrontabElement, CrontabField, CrontabFieldName, FieldSpec };
export { DAY_NAMES, DAY_OF_MONTH, DAY_OF_WEEK, HOUR, MINUTE, MONTH, parseCrontabField };
