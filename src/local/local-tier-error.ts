/** What a local tier error is about, so a log line or a test can name it without parsing the message. */
type LocalTierErrorContext = {
  messageId?: string;
  task?: string;
  queue?: string;
  /** The Lambda function, by its service key or deployed name. */
  function?: string;
  /** A file the error is about (cron.yaml, a handler module, a bundle). */
  file?: string;
};

/**
 * Base of every error the local tier (and the scripts beside it) throws on purpose. `name` is a string
 * literal on every class because esbuild's minifier renames classes.
 */
class LocalTierError extends Error {
  override readonly name: string = 'LocalTierError';
  readonly messageId?: string;
  readonly task?: string;
  readonly queue?: string;
  readonly function?: string;
  readonly file?: string;

  /** Same shape as `new Error(message, { cause })`, with the context beside the cause. */
  constructor(message: string, options: LocalTierErrorContext & { cause?: unknown } = {}) {
    super(message, 'cause' in options ? { cause: options.cause } : undefined);
    this.messageId = options.messageId;
    this.task = options.task;
    this.queue = options.queue;
    this.function = options.function;
    this.file = options.file;
  }
}

export type { LocalTierErrorContext };
export { LocalTierError };
