import { GetQueueAttributesCommand, type SQSClient } from '@aws-sdk/client-sqs';
import type { TierQueue } from './tier-types.js';

/** Every message on `queue`: visible, delayed, or received and not yet deleted. */
async function messagesOn(client: SQSClient, queue: TierQueue): Promise<number> {
  const { Attributes = {} } = await client.send(
    new GetQueueAttributesCommand({
      QueueUrl: queue.url,
      AttributeNames: [
        'ApproximateNumberOfMessages',
        'ApproximateNumberOfMessagesNotVisible',
        'ApproximateNumberOfMessagesDelayed',
      ],
    }),
  );
  return (
    Number(Attributes.ApproximateNumberOfMessages ?? 0) +
    Number(Attributes.ApproximateNumberOfMessagesNotVisible ?? 0) +
    Number(Attributes.ApproximateNumberOfMessagesDelayed ?? 0)
  );
}

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
    const count = await messagesOn(client, queue);
    if (deadLetterIds.has(queue.logicalId)) deadLettered += count;
    else queued += count;
  }
  return { queued, deadLettered };
}

export { countLeft };
