import { createLogger, type LogLevel } from '../../src/core/logger.js';
import type { LocalLogger } from '../../src/local/logger.js';

/**
 * The recording loggers: one for each logger type in src (the JSON `Logger` of the Lambda and HTTP paths,
 * and the local tier's `LocalLogger`). Tests assert on what they keep instead of printing.
 */

type LogLine = Record<string, unknown> & { level: string; message: string };

/**
 * The real JSON logger writing into an array, each line parsed back, so assertions see exactly what
 * CloudWatch would (including fields added by `child`); `raw` keeps the lines as written.
 */
function captureLogger(level: LogLevel = 'debug') {
  const lines: LogLine[] = [];
  const raw: string[] = [];
  const log = createLogger({
    sink: (line) => {
      raw.push(line);
      lines.push(JSON.parse(line) as LogLine);
    },
    level,
    now: () => new Date('2026-01-01T00:00:00Z'),
  });
  return {
    log,
    lines,
    raw,
    /** Lines at `level`. */
    at: (wanted: string) => lines.filter((line) => line.level === wanted),
    /** Lines whose message is exactly `message`. */
    withMessage: (message: string) => lines.filter((line) => line.message === message),
    /** Lines at warn or error: the failure lines. */
    failures: () => lines.filter((line) => line.level === 'warn' || line.level === 'error'),
  };
}

type LocalLogEntry = { level: 'info' | 'warn' | 'error'; message: string; extra?: Record<string, unknown> };

/** A local-tier logger that keeps every entry, so tests stay quiet and can assert on warnings. */
function recordingLogger(): LocalLogger & { entries: LocalLogEntry[] } {
  const entries: LocalLogEntry[] = [];
  const log = (level: LocalLogEntry['level']) => (message: string, extra?: Record<string, unknown>) => {
    entries.push({ level, message, extra });
  };
  return { entries, info: log('info'), warn: log('warn'), error: log('error') };
}

export type { LocalLogEntry, LogLine };
export { captureLogger, recordingLogger };
