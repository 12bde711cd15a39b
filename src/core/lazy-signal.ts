/**
 * An abort signal that is only built when something asks for it. On Node 20 an AbortSignal costs
 * microseconds to create and collect, more than the rest of a no-op message, and most batches end
 * without any task or SDK call reading their deadline signal. `aborted` answers without building it.
 */
class LazySignal {
  #controller: AbortController | undefined;
  #aborted = false;
  #reason: unknown;
  readonly #prepare: ((signal: AbortSignal) => void) | undefined;

  /**
   * @param prepare - called once on the real signal when it is built, before a pending abort is applied (the
   * Lambda side lifts the listener cap).
   */
  constructor(prepare?: (signal: AbortSignal) => void) {
    this.#prepare = prepare;
  }

  get aborted(): boolean {
    return this.#aborted;
  }

  /** The real signal, built on first read (already aborted if `abort` came first). */
  get signal(): AbortSignal {
    if (!this.#controller) {
      this.#controller = new AbortController();
      this.#prepare?.(this.#controller.signal);
      if (this.#aborted) this.#controller.abort(this.#reason);
    }
    return this.#controller.signal;
  }

  /** `reason` becomes the real signal's `reason` (an AbortError when undefined), built now or later. */
  abort(reason?: unknown): void {
    if (this.#aborted) return;
    this.#aborted = true;
    this.#reason = reason;
    this.#controller?.abort(reason);
  }
}

/** What adapters hand the core as a stop or settle signal: a real one, or one built on demand. */
type SignalLike = AbortSignal | LazySignal;

const NEVER_ABORTED = new AbortController().signal;

/** The AbortSignal behind `source` (building a lazy one); a never-aborted signal when there is none. */
function realSignal(source: SignalLike | undefined): AbortSignal {
  if (source === undefined) return NEVER_ABORTED;
  return source instanceof LazySignal ? source.signal : source;
}

export type { SignalLike };
export { LazySignal, realSignal };
