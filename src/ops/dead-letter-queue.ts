/**
 * Reading the DLQ without consuming it. Messages are received with a visibility timeout (so successive
 * receives return different messages) and always made visible again with ChangeMessageVisibility 0,
 * unless a caller deleted them after their copy was accepted. Nothing here deletes.
 */
import {
  ChangeMessageVisibilityBatchCommand,
  type Message,
  ReceiveMessageCommand,
  type SQSClient,
} from '@aws-sdk/client-sqs';
import { OpsError } from './ops-error.js';

type Held = {
  messages: Message[];
  /** True when `max` stopped the listing while more messages may be waiting. */
  more: boolean;
  /** Make these (default: every held message) visible again at once. */
  release(messages?: readonly Message[]): Promise<void>;
};

/** Receive up to `max` DLQ messages and hold them invisible for `holdSeconds`. */
async function holdDeadLetters(
  sqs: SQSClient,
  queueUrl: string,
  options: { max: number; holdSeconds?: number },
): Promise<Held> {
  const messages: Message[] = [];
  const seen = new Set<string>();
  let more = false;
  try {
    while (messages.length < options.max) {
      const { Messages = [] } = await sqs.send(
        new ReceiveMessageCommand({
          QueueUrl: queueUrl,
          MaxNumberOfMessages: Math.min(10, options.max - messages.length),
          VisibilityTimeout: options.holdSeconds ?? 60,
          // A 1 s long poll asks every SQS server, so a nearly empty queue is not reported empty.
          WaitTimeSeconds: 1,
          MessageAttributeNames: ['All'],
          MessageSystemAttributeNames: ['All'],
        }),
      );
      if (Messages.length === 0) break;
      for (const message of Messages) {
        if (message.MessageId !== undefined && seen.has(message.MessageId)) continue;
        if (message.MessageId !== undefined) seen.add(message.MessageId);
        messages.push(message);
      }
    }
    more = messages.length >= options.max;
  } catch (error) {
    await release(sqs, queueUrl, messages).catch(() => undefined);
    throw new OpsError(
      `cannot read the DLQ: ${(error as Error).message}`,
      { queue: queueUrl },
      { cause: error },
    );
  }
  return { messages, more, release: (some = messages) => release(sqs, queueUrl, some) };
}

async function release(sqs: SQSClient, queueUrl: string, messages: readonly Message[]): Promise<void> {
  const handles = messages.filter((m) => m.ReceiptHandle !== undefined);
  for (let start = 0; start < handles.length; start += 10) {
    const chunk = handles.slice(start, start + 10);
    const result = await sqs.send(
      new ChangeMessageVisibilityBatchCommand({
        QueueUrl: queueUrl,
        Entries: chunk.map((m, index) => ({
          Id: String(index),
          ReceiptHandle: m.ReceiptHandle,
          VisibilityTimeout: 0,
        })),
      }),
    );
    const [failed] = result.Failed ?? [];
    if (failed !== undefined) {
      // Not lost: it becomes visible by itself when the hold expires.
      throw new OpsError(
        `could not make a DLQ message visible again (${failed.Code}); it reappears when the hold expires`,
        { queue: queueUrl },
      );
    }
  }
}

export type { Held };
export { holdDeadLetters };
