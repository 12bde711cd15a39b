import type { SQSClient } from '@aws-sdk/client-sqs';
import { queueDepth } from './queue-depth.js';
import type { TierQueue } from './tier-types.js';

/**
 * What is left on the tier's queues once it has drained: messages on the work queues, and messages in the
 * queues that some queue redrives to (the DLQs).
 */
async function countLeft(
  client: SQSClient,
  queues: readonly TierQueue[],
): Promise<{ queued: number; deadLettered: number }> {
  const deadLetterIds = new Set(
    queues.flatMap((queue) => (queue.deadLetter === undefined ? [] : [queue.deadLetter])),
  );
  let queued = 0;
  let deadLettered = 0;
  for (const queue of queues) {
    const { visible, inFlight, delayed } = await queueDepth(client, queue.url);
    const count = visible + inFlight + delayed;
    if (deadLetterIds.has(queue.logicalId)) deadLettered += count;
    else queued += count;
  }
  return { queued, deadLettered };
}

export { countLeft };
