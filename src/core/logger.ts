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
};

const RANK: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 };

type LoggerOptions = {
  sink: (line: string) => void;
  /** Lines below this level are dropped. @defaultValue 'info' */
  level?: LogLevel;
  now?: () => Date;
  fields?: LogFields;
};

/**
 * Errors become `{name, message}` plus their context fields and, for a wrapped crash, the original
 * error's name, message and top stack frames: a TaskFailedError alone would not say where the task broke.
 */
function plain(value: unknown): unknown {
  if (!(value instanceof Error)) return value;
  const { messageId, task, queue, field } = value as Error & Record<string, unknown>;
  const cause = value.cause instanceof Error ? value.cause : undefined;
  return {
    name: value.name,
    message: value.message,
    messageId,
    task,
    queue,
    field,
    cause: cause && `${cause.name}: ${cause.message}`,
    at: cause?.stack
      ?.split('\n')
      .slice(1, 4)
      .map((l) => l.trim()),
  };
}

/** CloudWatch cuts events at 256 KB; a line stays well below, so its level and message always survive. */
const MAX_LINE = 64 * 1024;
const MAX_FIELD = 4 * 1024;

/**
 * Logging must never throw or flood: a payload nested 5,000 deep (RangeError), a BigInt (TypeError) or a
 * 1 MiB string would otherwise turn a log call into a task failure or an unreadable line. Such a field is
 * replaced by a note saying why.
 */
function serialize(line: LogFields): string {
  let text: string | undefined;
  try {
    text = JSON.stringify(line);
  } catch {
    text = undefined;
  }
  if (text !== undefined && text.length <= MAX_LINE) return text;
  const safe: LogFields = {};
  for (const key of Object.keys(line)) {
    try {
      const field = JSON.stringify(line[key]) ?? 'null';
      safe[key] = field.length <= MAX_FIELD ? line[key] : `[truncated: ${field.length} characters]`;
    } catch (error) {
      safe[key] = `[unserializable: ${error instanceof Error ? error.message : String(error)}]`;
    }
  }
  return JSON.stringify(safe);
}

/**
 * A class, so a child logger (one per message) is one small object sharing its methods, not six new
 * closures: the per-message cost showed up in the batch benchmark.
 */
class JsonLogger implements Logger {
  constructor(
    private readonly sink: (line: string) => void,
    private readonly threshold: number,
    private readonly now: () => Date,
    private readonly base: LogFields,
  ) {}

  debug(message: string, fields?: LogFields) {
    this.write('debug', message, fields);
  }
  info(message: string, fields?: LogFields) {
    this.write('info', message, fields);
  }
  warn(message: string, fields?: LogFields) {
    this.write('warn', message, fields);
  }
  error(message: string, fields?: LogFields) {
    this.write('error', message, fields);
  }
  child(fields: LogFields): Logger {
    return new JsonLogger(this.sink, this.threshold, this.now, { ...this.base, ...fields });
  }

  private write(level: LogLevel, message: string, fields: LogFields = {}) {
    if (RANK[level] < this.threshold) return;
    const line: LogFields = { level, time: this.now().toISOString(), message };
    // Context fields never replace level, time or message: those are what log queries filter on.
    for (const source of [this.base, fields]) {
      for (const key of Object.keys(source)) if (!Object.hasOwn(line, key)) line[key] = plain(source[key]);
    }
    this.sink(serialize(line));
  }
}

function createLogger(options: LoggerOptions): Logger {
  return new JsonLogger(
    options.sink,
    RANK[options.level ?? 'info'],
    options.now ?? (() => new Date()),
    options.fields ?? {},
  );
}

function isLogLevel(value: unknown): value is LogLevel {
  return typeof value === 'string' && Object.hasOwn(RANK, value);
}

export type { LogFields, Logger, LogLevel };
export { createLogger, isLogLevel };
