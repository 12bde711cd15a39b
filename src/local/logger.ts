import { createLogger, type LogFields, type LogLevel } from '../core/logger.js';

/**
 * The structured logger the local worker tier writes its own lines to (the mappings, schedules, sqsd
 * mode, the Invoke API). Compatible with `console` and with Powertools' `Logger` (`info(message, extra)`).
 */
type LocalLogger = {
  info(message: string, extra?: Record<string, unknown>): void;
  warn(message: string, extra?: Record<string, unknown>): void;
  error(message: string, extra?: Record<string, unknown>): void;
};

type LocalLoggerOptions = {
  /** Where info lines go. @defaultValue process.stdout */
  out?: (line: string) => void;
  /** Where warn and error lines go. @defaultValue process.stderr */
  err?: (line: string) => void;
  /** Lines below this level are dropped. @defaultValue 'info' */
  level?: LogLevel;
  now?: () => Date;
  /** Added to every line. */
  fields?: LogFields;
};

/**
 * A logger writing the worker's own JSON line format (src/core/logger.ts: `level`, `time`, `message`,
 * then identifiers), so one query or `jq` filter reads the tier's lines and the handlers' alike. Info
 * goes to stdout, warnings and errors to stderr, as `console` sends them. The streams are looked up at
 * each line: the CLI's terminal output replaces `process.stdout.write` after the tier is built.
 */
function createLocalLogger(options: LocalLoggerOptions = {}): LocalLogger {
  const common = { level: options.level, now: options.now, fields: options.fields };
  const out = createLogger({ ...common, sink: options.out ?? ((line) => process.stdout.write(`${line}\n`)) });
  const err = createLogger({ ...common, sink: options.err ?? ((line) => process.stderr.write(`${line}\n`)) });
  return {
    info: (message, extra) => out.info(message, extra),
    warn: (message, extra) => err.warn(message, extra),
    error: (message, extra) => err.error(message, extra),
  };
}

/** The tier's default logger: JSON lines on stdout (info) and stderr (warnings, errors). */
const consoleLogger: LocalLogger = createLocalLogger();

export type { LocalLogger, LocalLoggerOptions };
export { consoleLogger, createLocalLogger };
