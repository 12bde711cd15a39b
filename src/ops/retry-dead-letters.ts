/**
 * `worker:failed:retry`: each selected DLQ message goes back where it came from. The DLQ copy is deleted
 * only after its replacement was accepted (SendMessage returned an id, or Lambda accepted the async
 * invocation with 202); every other message is made visible again.
 */
import { randomUUID } from 'node:crypto';
import { InvokeCommand } from '@aws-sdk/client-lambda';
import { DeleteMessageCommand, type Message, SendMessageCommand } from '@aws-sdk/client-sqs';
import { decodeDeadLetter } from './dead-letter-message.js';
import { holdDeadLetters } from './dead-letter-queue.js';
import type { FailedMessage, RetryPlan } from './failed-message.js';
import { OpsError } from './ops-error.js';
import type { OpsTarget } from './ops-target.js';

type RetryOutcome = {
  message: FailedMessage;
  status: 'moved' | 'skipped' | 'failed';
  detail: string;
};

type RetryOptions = {
  /** Original or DLQ message ids; empty: every message. */
  ids: readonly string[];
  max: number;
  /** Asked once, with the plan, before anything moves; false stops. */
  confirm(plan: readonly FailedMessage[]): Promise<boolean>;
};

async function replay(target: OpsTarget, plan: Exclude<RetryPlan, { kind: 'none' }>): Promise<string> {
  if (plan.kind === 'send') {
    const queueUrl = await target.queueUrl(plan.queue);
    const fifo = queueUrl.endsWith('.fifo');
    if (fifo && plan.groupId === undefined) {
      throw new OpsError(`${plan.queue} is FIFO but the DLQ copy has no message group`, {
        queue: plan.queue,
      });
    }
    const attributes = Object.keys(plan.attributes).length > 0 ? plan.attributes : undefined;
    const { MessageId } = await target.sqs.send(
      new SendMessageCommand({
        QueueUrl: queueUrl,
        MessageBody: plan.body,
        MessageAttributes: attributes,
        MessageGroupId: fifo ? plan.groupId : undefined,
        // A new id: the original's is still inside the deduplication window on a quick retry.
        MessageDeduplicationId: fifo ? randomUUID() : undefined,
      }),
    );
    if (MessageId === undefined) throw new OpsError(`SendMessage to ${plan.queue} returned no id`);
    return `sent to ${plan.queue} as ${MessageId}`;
  }
  const functionName = plan.function ?? target.scheduledFunction;
  if (functionName === undefined) throw new OpsError('the service has no scheduled function to run it');
  // Async like Scheduler's own invocation: Lambda's retries and on-failure destination apply again.
  const { StatusCode } = await target.lambda.send(
    new InvokeCommand({
      FunctionName: functionName,
      InvocationType: 'Event',
      Payload: new TextEncoder().encode(JSON.stringify(plan.payload)),
    }),
  );
  if (StatusCode !== 202)
    throw new OpsError(`Lambda answered ${StatusCode} instead of 202`, { function: functionName });
  return `run again (${functionName.split(':').pop()})`;
}

/**
 * Moves the selected DLQ messages back. Returns one outcome per selected message; messages not selected
 * or not retryable stay in the DLQ, visible.
 */
async function retryDeadLetters(
  target: OpsTarget,
  options: RetryOptions,
): Promise<RetryOutcome[] | undefined> {
  // Held long enough for a confirmation prompt and the sends; released at the end in any case.
  const held = await holdDeadLetters(target.sqs, target.deadLetterQueueUrl, {
    max: options.max,
    holdSeconds: 300,
  });
  const kept: Message[] = [...held.messages];
  try {
    const decoded = held.messages.map((raw) => ({
      raw,
      message: decodeDeadLetter(raw, { defaultSourceQueue: target.workQueueName }),
    }));
    const wanted = new Set(options.ids);
    const selected = decoded.filter(
      ({ message }) =>
        wanted.size === 0 || wanted.has(message.originalId) || wanted.has(message.dlqMessageId),
    );
    if (selected.length === 0) return [];
    if (!(await options.confirm(selected.map((s) => s.message)))) return undefined;
    const outcomes: RetryOutcome[] = [];
    for (const { raw, message } of selected) {
      const plan = message.retry;
      if (plan.kind === 'none') {
        outcomes.push({ message, status: 'skipped', detail: plan.reason });
        continue;
      }
      let detail: string;
      try {
        detail = await replay(target, plan);
      } catch (error) {
        outcomes.push({ message, status: 'failed', detail: `left in the DLQ: ${(error as Error).message}` });
        continue;
      }
      try {
        await target.sqs.send(
          new DeleteMessageCommand({ QueueUrl: target.deadLetterQueueUrl, ReceiptHandle: raw.ReceiptHandle }),
        );
        kept.splice(kept.indexOf(raw), 1);
        outcomes.push({ message, status: 'moved', detail });
      } catch (error) {
        outcomes.push({
          message,
          status: 'failed',
          detail: `${detail}, but the DLQ copy could not be deleted (it will be listed again): ${(error as Error).message}`,
        });
      }
    }
    return outcomes;
  } finally {
    await held.release(kept);
  }
}

export type { RetryOptions, RetryOutcome };
export { retryDeadLetters };
