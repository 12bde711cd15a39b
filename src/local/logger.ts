/**
 * Minimal structured logger the local worker tier writes to. Compatible with `console`
 * and with Powertools' `Logger` (`info(message, extra)`).
 */
type LocalLogger = {
  info(message: string, extra?: Record<string, unknown>): void;
  warn(message: string, extra?: Record<string, unknown>): void;
  error(message: string, extra?: Record<string, unknown>): void;
};

/** Logs to the console, omitting the extra argument when there is none. */
const consoleLogger: LocalLogger = {
  info: (message, extra) => (extra === undefined ? console.info(message) : console.info(message, extra)),
  warn: (message, extra) => (extra === undefined ? console.warn(message) : console.warn(message, extra)),
  error: (message, extra) => (extra === undefined ? console.error(message) : console.error(message, extra)),
};

export type { LocalLogger };
export { consoleLogger };
