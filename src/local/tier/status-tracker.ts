import { queueDepth } from './queue-depth.js';
import type { LocalTier, TierQueue } from './tier-types.js';

/** One queue's line of the live status. */
type QueueStatus = {
  queue: TierQueue;
  /** ApproximateNumberOfMessages (+ delayed). */
  visible: number;
  /** ApproximateNumberOfMessagesNotVisible: received, not yet deleted or returned. */
  inFlight: number;
  /** Deleted after an invocation (mappings) or a 200 (sqsd); undefined for a queue nobody consumes. */
  processed?: number;
  /** Left on the queue by a failed invocation / non-200 POST (counted per receive). */
  failed?: number;
  /** Messages in this queue's redrive target, if it has one. */
  deadLetterDepth?: number;
  /** Processed per second since the previous sample. */
  rate?: number;
};

async function depth(tier: LocalTier, queue: TierQueue): Promise<{ visible: number; inFlight: number }> {
  const { visible, inFlight, delayed } = await queueDepth(tier.client, queue.url);
  return { visible: visible + delayed, inFlight };
}

/** Totals of whatever consumes `queue`: its mappings, or sqsd. */
function consumerTotals(
  tier: LocalTier,
  queue: TierQueue,
): { processed: number; failed: number } | undefined {
  const mappings = tier.mappings.filter((m) => m.queue === queue.logicalId);
  if (tier.sqsd?.queue === queue.logicalId) {
    const stats = tier.sqsd.stats();
    return { processed: stats.deleted, failed: stats.failed };
  }
  if (mappings.length === 0) return undefined;
  return mappings.reduce(
    (sum, { mapping }) => ({
      processed: sum.processed + mapping.stats.processed,
      failed: sum.failed + mapping.stats.failed,
    }),
    { processed: 0, failed: 0 },
  );
}

/**
 * Samples every queue (GetQueueAttributes) and the consumers' counters; `rate` comes from the difference
 * with the previous call, so keep one tracker per display.
 */
function createStatusTracker(tier: LocalTier, now: () => number = Date.now) {
  let previous: { at: number; processed: Map<string, number> } | undefined;
  return async (): Promise<QueueStatus[]> => {
    const at = now();
    const depths = new Map(
      await Promise.all(
        tier.queues.map(async (queue) => [queue.logicalId, await depth(tier, queue)] as const),
      ),
    );
    const statuses = tier.queues.map((queue): QueueStatus => {
      const own = depths.get(queue.logicalId) ?? { visible: 0, inFlight: 0 };
      const totals = consumerTotals(tier, queue);
      const dlq = queue.deadLetter === undefined ? undefined : depths.get(queue.deadLetter);
      const before = previous?.processed.get(queue.logicalId);
      const seconds = previous === undefined ? 0 : (at - previous.at) / 1000;
      return {
        queue,
        ...own,
        ...(totals ?? {}),
        deadLetterDepth: dlq === undefined ? undefined : dlq.visible + dlq.inFlight,
        rate:
          totals !== undefined && before !== undefined && seconds > 0
            ? (totals.processed - before) / seconds
            : undefined,
      };
    });
    previous = {
      at,
      processed: new Map(statuses.map((s) => [s.queue.logicalId, s.processed ?? 0])),
    };
    return statuses;
  };
}

/** `worker-tier-dev-work  visible 3  in flight 10  processed 120  failed 2  DLQ 1  41.5 msg/s` */
function formatStatus(status: QueueStatus, nameWidth = 0): string {
  const parts = [
    status.queue.name.padEnd(nameWidth),
    `visible ${status.visible}`,
    `in flight ${status.inFlight}`,
  ];
  if (status.processed !== undefined)
    parts.push(`processed ${status.processed}`, `failed ${status.failed ?? 0}`);
  if (status.deadLetterDepth !== undefined) parts.push(`DLQ ${status.deadLetterDepth}`);
  if (status.rate !== undefined) parts.push(`${status.rate.toFixed(1)} msg/s`);
  return parts.join('  ');
}

export type { QueueStatus };
export { createStatusTracker, formatStatus };
