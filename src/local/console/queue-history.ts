import { EventEmitter } from 'node:events';
import { queueDepth } from '../tier/queue-depth.js';
import { createStatusTracker } from '../tier/status-tracker.js';
import type { LocalTier } from '../tier/tier-types.js';

/** One queue at one moment, as the console's table and chart show it. */
type QueueSample = {
  logicalId: string;
  name: string;
  fifo: boolean;
  /** This queue is some queue's redrive target. */
  deadLetter: boolean;
  visible: number;
  inFlight: number;
  delayed: number;
  /** Undefined for a queue nothing consumes (a DLQ). */
  processed?: number;
  failed?: number;
  /** Depth of this queue's DLQ (visible + in flight + delayed). */
  deadLetterDepth?: number;
  /** Processed per second since the previous sample. */
  rate?: number;
};

type Sample = { at: number; queues: QueueSample[] };

/** 15 minutes of one-second samples. */
const HISTORY_MS = 15 * 60 * 1000;

/**
 * Samples every queue of the tier once per `intervalMs` (the tier's queue depth and status tracker: the
 * same numbers as the status line) and keeps the last 15 minutes for the chart. One sampler serves every
 * open page, so the number of tabs does not change the load on the tier.
 */
class QueueHistory extends EventEmitter<{ sample: [sample: Sample]; error: [error: Error] }> {
  readonly #tier: LocalTier;
  readonly #track: ReturnType<typeof createStatusTracker>;
  readonly #samples: Sample[] = [];
  readonly #timer: NodeJS.Timeout;
  #sampling: Promise<Sample> | undefined;

  constructor(tier: LocalTier, intervalMs = 1000) {
    super();
    this.#tier = tier;
    this.#track = createStatusTracker(tier);
    this.#timer = setInterval(() => {
      this.sample().catch((error: unknown) => this.emit('error', error as Error));
    }, intervalMs);
    this.#timer.unref();
  }

  samples(): readonly Sample[] {
    return this.#samples;
  }

  /** Take a sample now (also what the timer does); concurrent calls share one. */
  sample(): Promise<Sample> {
    this.#sampling ??= this.#take().finally(() => {
      this.#sampling = undefined;
    });
    return this.#sampling;
  }

  close(): void {
    clearInterval(this.#timer);
  }

  async #take(): Promise<Sample> {
    const tier = this.#tier;
    const [statuses, depths] = await Promise.all([
      this.#track(),
      Promise.all(tier.queues.map((queue) => queueDepth(tier.client, queue.url))),
    ]);
    const deadLetters = new Set(
      tier.queues.flatMap((q) => (q.deadLetter === undefined ? [] : [q.deadLetter])),
    );
    const byId = new Map(tier.queues.map((q, index) => [q.logicalId, depths[index]]));
    const queues = tier.queues.map((queue, index): QueueSample => {
      const depth = depths[index] ?? { visible: 0, inFlight: 0, delayed: 0 };
      const status = statuses.find((s) => s.queue.logicalId === queue.logicalId);
      const dlq = queue.deadLetter === undefined ? undefined : byId.get(queue.deadLetter);
      return {
        logicalId: queue.logicalId,
        name: queue.name,
        fifo: queue.fifo,
        deadLetter: deadLetters.has(queue.logicalId),
        ...depth,
        processed: status?.processed,
        failed: status?.failed,
        deadLetterDepth: dlq === undefined ? undefined : dlq.visible + dlq.inFlight + dlq.delayed,
        rate: status?.rate,
      };
    });
    const sample = { at: Date.now(), queues };
    this.#samples.push(sample);
    while ((this.#samples[0]?.at ?? sample.at) < sample.at - HISTORY_MS) this.#samples.shift();
    this.emit('sample', sample);
    return sample;
  }
}

export type { QueueSample, Sample };
export { QueueHistory };
