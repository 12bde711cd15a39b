/** Which notation an expression was written in, so the message says what was being read. */
type ScheduleNotation = 'crontab' | 'EventBridge';

/**
 * A schedule expression that cannot be parsed or converted.
 * `name` is a string literal because esbuild's minifier renames classes.
 */
class ScheduleExpressionError extends Error {
  override readonly name = 'ScheduleExpressionError';
  readonly expression: string;
  /** The offending field (`minute`, `day-of-week`, …) when one field is to blame. */
  readonly field: string | undefined;

  constructor(notation: ScheduleNotation, expression: string, field: string | undefined, detail: string) {
    const where = field === undefined ? '' : ` (${field} field)`;
    super(`${notation} expression "${expression}"${where}: ${detail}`);
    this.expression = expression;
    this.field = field;
  }
}

export type { ScheduleNotation };
export { ScheduleExpressionError };
