/** What the queue links: the caller's own per-request object, so queueing one allocates nothing. */
type DeadlineEntry = {
  deadline: number;
  previous: DeadlineEntry | undefined;
  next: DeadlineEntry | undefined;
  queued: boolean;
};

/**
 * Deadlines that all lie the same delay after their start, so they expire in the order they were added:
 * a linked list with one timer armed for its head, instead of a timer (and its closure) per request,
 * which the adapter's profile showed on every POST. Adding and removing are O(1).
 *
 * The timer holds the process open only while an entry is queued: a stopped server's process exits
 * without waiting for a deadline nobody needs any more.
 */
class DeadlineQueue<T extends DeadlineEntry> {
  readonly #delayMs: number;
  readonly #expire: (entry: T) => void;
  #head: DeadlineEntry | undefined;
  #tail: DeadlineEntry | undefined;
  #timer: NodeJS.Timeout | undefined;
  readonly #fire = () => this.#expireDue();

  /** @param expire - called once for each entry whose deadline passed, after it left the queue. */
  constructor(delayMs: number, expire: (entry: T) => void) {
    this.#delayMs = delayMs;
    this.#expire = expire;
  }

  /** Queues `entry` to expire `delayMs` from now. */
  add(entry: T): void {
    entry.deadline = Date.now() + this.#delayMs;
    entry.previous = this.#tail;
    entry.next = undefined;
    entry.queued = true;
    if (this.#tail === undefined) {
      this.#head = entry;
      // An armed timer fires no later than this deadline; it re-arms for whatever is then at the head.
      if (this.#timer === undefined) this.#arm(this.#delayMs);
      else this.#timer.ref();
    } else {
      this.#tail.next = entry;
    }
    this.#tail = entry;
  }

  /** Takes `entry` out before its deadline. A no-op when it is not queued (it expired already). */
  remove(entry: T): void {
    if (!entry.queued) return;
    entry.queued = false;
    const { previous, next } = entry;
    if (previous === undefined) this.#head = next;
    else previous.next = next;
    if (next === undefined) this.#tail = previous;
    else next.previous = previous;
    entry.previous = undefined;
    entry.next = undefined;
    if (this.#head === undefined) this.#timer?.unref();
  }

  #arm(delayMs: number) {
    this.#timer = setTimeout(this.#fire, Math.max(delayMs, 1));
  }

  #expireDue() {
    this.#timer = undefined;
    const now = Date.now();
    try {
      for (let entry = this.#head; entry !== undefined && entry.deadline <= now; entry = this.#head) {
        this.remove(entry as T);
        this.#expire(entry as T);
      }
    } finally {
      // Re-armed even when `expire` threw, so the later deadlines still fire.
      const head = this.#head;
      if (head !== undefined && this.#timer === undefined) this.#arm(head.deadline - now);
    }
  }
}

export type { DeadlineEntry };
export { DeadlineQueue };
