/** Context an operations error carries, so a failure names what it was working on. */
type OpsErrorContext = { messageId?: string; queue?: string; function?: string; stack?: string };

/** The one error base of src/ops: a command that cannot do what was asked, said plainly. */
class OpsError extends Error {
  override readonly name: string = 'OpsError';
  readonly context: OpsErrorContext;

  constructor(message: string, context: OpsErrorContext = {}, options?: { cause?: unknown }) {
    super(message, options);
    this.context = context;
  }
}

export type { OpsErrorContext };
export { OpsError };
