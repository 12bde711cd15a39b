import { describeThrown, isInstance, readProperty, readString } from './describe-thrown.js';
import { escapeJson } from './json-string.js';

/**
 * Structured JSON logs, one line per event. The sink is injected (console in Lambda, a buffer in tests),
 * so the core never touches process globals.
 */

type LogLevel = 'debug' | 'info' | 'warn' | 'error';
type LogFields = Record<string, unknown>;

type Logger = {
  debug(message: string, fields?: LogFields): void;
  info(message: string, fields?: LogFields): void;
  warn(message: string, fields?: LogFields): void;
  error(message: string, fields?: LogFields): void;
  /** A logger that adds `fields` to every line (messageId, task, ...). */
  child(fields: LogFields): Logger;
  /** Whether lines at `level` are written: a caller can skip building a line that would be dropped. */
  enabled(level: LogLevel): boolean;
};

const RANK = { debug: 10, info: 20, warn: 30, error: 40 } as const satisfies Record<LogLevel, number>;

type LoggerOptions = {
  sink: (line: string) => void;
  /** Lines below this level are dropped. @defaultValue 'info' */
  level?: LogLevel;
  now?: () => Date;
  fields?: LogFields;
};

/** The top stack frames of an error, or undefined when the stack cannot be read. */
function topFrames(error: unknown): string[] | undefined {
  const stack = readString(error, 'stack');
  return stack
    ?.split('\n')
    .slice(1, 4)
    .map((frame) => frame.trim());
}

/**
 * Errors become `{name, message}` plus their context fields and, for a wrapped crash, the original
 * error's name, message and top stack frames: a TaskFailedError alone would not say where the task broke.
 * Every read is guarded: the cause is whatever a task threw, getters and Proxies included.
 */
function plain(value: unknown): unknown {
  // Most fields are strings and numbers: no guarded instanceof for a value that cannot be an Error.
  // Stryker disable next-line ConditionalExpression,LogicalOperator,EqualityOperator,StringLiteral: a short-cut only; isInstance below is false for every primitive too
  if (value === null || (typeof value !== 'object' && typeof value !== 'function')) return value;
  if (!isInstance(value, Error)) return value;
  const cause = readProperty(value, 'cause');
  const fields: LogFields = {
    name: readString(value, 'name') ?? 'Error',
    message: readString(value, 'message') ?? '(unreadable message)',
    messageId: readProperty(value, 'messageId'),
    task: readProperty(value, 'task'),
    queue: readProperty(value, 'queue'),
    field: readProperty(value, 'field'),
  };
  if (isInstance(cause, Error)) {
    fields.cause = describeThrown(cause);
    fields.at = topFrames(cause);
  } else if (cause !== undefined) {
    fields.cause = describeThrown(cause);
  }
  return fields;
}

/** CloudWatch cuts events at 256 KB; a line stays well below, so its level and message always survive. */
const MAX_LINE = 64 * 1024;

/**
 * No log field is longer than this (as JSON): personal data in a payload logged at debug, or in the text
 * of an error, is cut short rather than written out whole (docs/design.md, "Personal data").
 */
const MAX_FIELD = 1024;

function truncated(json: string): string {
  return `${json.slice(0, MAX_FIELD)}... [truncated: ${json.length} characters]`;
}

/**
 * One field's JSON: what JSON.stringify writes for it (undefined for a value JSON leaves out), cut at
 * MAX_FIELD, or a note saying why it cannot be written. Logging must never throw or flood: a payload nested
 * 5,000 deep (RangeError), a BigInt (TypeError), a getter that throws or a 1 MiB string would otherwise
 * turn a log call into a task failure or an unreadable line.
 */
function fieldJson(value: unknown): string | undefined {
  let json: string | undefined;
  try {
    // Stryker disable next-line ConditionalExpression: escapeJson writes what JSON.stringify writes for a string; the test only skips its generic walk
    json = typeof value === 'string' ? `"${escapeJson(value)}"` : JSON.stringify(plain(value));
  } catch (error) {
    return `"${escapeJson(`[unserializable: ${describeThrown(error)}]`)}"`;
  }
  return json === undefined || json.length <= MAX_FIELD ? json : `"${escapeJson(truncated(json))}"`;
}

/**
 * `,"key":value` for each field JSON writes, in order, leaving out level, time and message (log queries
 * filter on those, so context never replaces them) and any key `skip` has (context fields come first).
 */
function fieldsJson(fields: LogFields, skip: LogFields | undefined): string {
  let json = '';
  for (const key of Object.keys(fields)) {
    if (key === 'level' || key === 'time' || key === 'message') continue;
    if (skip !== undefined && Object.hasOwn(skip, key)) continue;
    const value = fieldJson(fields[key]);
    if (value !== undefined) json += `,"${escapeJson(key)}":${value}`;
  }
  return json;
}

let cachedSecond = Number.NaN;
// Stryker disable next-line StringLiteral: never read before the first line sets it (cachedSecond starts as NaN)
let cachedPrefix = '';

/**
 * `new Date().toISOString()` without a Date or a formatted date per line: toISOString formats through
 * printf, which cost the HTTP adapter more per request than its whole log line otherwise. The text up to
 * the second is kept until the second changes; only the milliseconds are written per line.
 */
function isoNow(): string {
  const millis = Date.now();
  const ms = millis % 1000;
  const second = millis - ms;
  // Stryker disable next-line ConditionalExpression: formatting every line gives the same text; the cache only saves the work
  if (second !== cachedSecond) {
    const iso = new Date(second).toISOString();
    // A year past 9999 (`+010000-...`) has another layout: never cached, always formatted.
    // Stryker disable next-line ConditionalExpression: toISOString of the exact time is always right; the short layout only saves work
    if (iso.length !== 24) return new Date(millis).toISOString();
    cachedSecond = second;
    cachedPrefix = iso.slice(0, 20);
  }
  return `${cachedPrefix}${ms < 10 ? '00' : ms < 100 ? '0' : ''}${ms}Z`;
}

/**
 * A class, so a child logger (one per message) is one small object sharing its methods, not six new
 * closures: the per-message cost showed up in the batch benchmark.
 */
class JsonLogger implements Logger {
  /** The base fields as JSON (`,"key":value...`), written once, at the first line. */
  private baseJson: string | undefined;

  constructor(
    private readonly sink: (line: string) => void,
    private readonly threshold: number,
    /** Undefined: the system clock, read through `isoNow`. */
    private readonly now: (() => Date) | undefined,
    private readonly base: LogFields,
  ) {}

  debug(message: string, fields?: LogFields) {
    this.write(RANK.debug, 'debug', '{"level":"debug","time":"', message, fields);
  }
  info(message: string, fields?: LogFields) {
    this.write(RANK.info, 'info', '{"level":"info","time":"', message, fields);
  }
  warn(message: string, fields?: LogFields) {
    this.write(RANK.warn, 'warn', '{"level":"warn","time":"', message, fields);
  }
  error(message: string, fields?: LogFields) {
    this.write(RANK.error, 'error', '{"level":"error","time":"', message, fields);
  }
  enabled(level: LogLevel): boolean {
    return RANK[level] >= this.threshold;
  }
  child(fields: LogFields): Logger {
    return new JsonLogger(this.sink, this.threshold, this.now, { ...this.base, ...fields });
  }

  /**
   * Never throws: a log call sits in every catch block, and a throw there would lose the outcome. The line
   * is written field by field: level, time and message first, then the base fields, then the call's.
   */
  private write(
    rank: number,
    level: LogLevel,
    /** The line up to the time: `{"level":"<level>","time":"`. */
    opening: string,
    message: string,
    fields: LogFields | undefined,
  ) {
    if (rank < this.threshold) return;
    let text: string;
    try {
      // Neither needs escaping: the level is one of four words, the time an ISO timestamp.
      const time = this.now === undefined ? isoNow() : this.now().toISOString();
      this.baseJson ??= fieldsJson(this.base, undefined);
      const callJson = fields === undefined ? '' : fieldsJson(fields, this.base);
      text = `${opening}${time}","message":${fieldJson(message) ?? 'null'}${this.baseJson}${callJson}}`;
      // Only a line with dozens of long fields gets here: keep what log queries filter on.
      if (text.length > MAX_LINE) {
        text = JSON.stringify({ level, time, message, note: `line too long: ${text.length} characters` });
      }
    } catch (error) {
      text = JSON.stringify({ level, message, logError: describeThrown(error) });
    }
    try {
      this.sink(text);
    } catch {
      // The sink itself is broken (closed stdout): nothing else can record this line.
    }
  }
}

function createLogger(options: LoggerOptions): Logger {
  return new JsonLogger(options.sink, RANK[options.level ?? 'info'], options.now, options.fields ?? {});
}

function isLogLevel(value: unknown): value is LogLevel {
  return typeof value === 'string' && Object.hasOwn(RANK, value);
}

export type { LogFields, Logger, LogLevel };
export { createLogger, isLogLevel, MAX_FIELD };
