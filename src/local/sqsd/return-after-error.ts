import { ChangeMessageVisibilityCommand, type SQSClient } from '@aws-sdk/client-sqs';
import type { LocalLogger } from '../logger.js';
import type { QueueRef, ReceivedRef } from '../sqs/batch-ops.js';

/**
 * After a failed POST the message is made receivable again after ErrorVisibilityTimeout instead of the
 * whole VisibilityTimeout (docs/sqsd-behaviour.md#response-handling). Never throws: if SQS refuses, the
 * message simply comes back when its VisibilityTimeout ends.
 */
async function returnAfterError(
  client: SQSClient,
  queue: QueueRef,
  ref: ReceivedRef,
  seconds: number,
  logger: LocalLogger,
): Promise<void> {
  try {
    await client.send(
      new ChangeMessageVisibilityCommand({
        QueueUrl: queue.url,
        ReceiptHandle: ref.receiptHandle,
        VisibilityTimeout: seconds,
      }),
    );
  } catch (error) {
    logger.error('ChangeMessageVisibility failed; the message returns after its VisibilityTimeout instead', {
      queue: queue.name,
      messageId: ref.messageId,
      errorVisibilityTimeout: seconds,
      error,
    });
  }
}

export { returnAfterError };
