/**
 * The SQS worker against a real SQS API (fauxqs on loopback) through the real AWS SDK: messages are sent
 * with the SDK and delivered by the local tier's event source mapping (src/local/lambda), which builds the
 * records Lambda delivers, invokes the worker's middy chain with the real DLQ sender and visibility
 * change, and settles the partial batch response the way Lambda does (delete everything not reported).
 */

import type { Message, SendMessageBatchRequestEntry } from '@aws-sdk/client-sqs';
import type { SQSRecord } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { createDeadLetterSender } from '../../src/aws/dead-letter.js';
import { lazySqs } from '../../src/aws/sqs-client.js';
import type { WorkerBatchDeps } from '../../src/handlers/worker-batch.js';
import type { CreatedQueue } from '../../src/local/sqs/queue-setup.js';
import { createQueuePair, sqsProvider, useEmbeddedSqs } from '../helpers/embedded-queues.js';
import { eventually } from '../helpers/eventually.js';
import { useRecordedMappings } from '../helpers/mapping-fixture.js';
import { queueDepth } from '../helpers/queue-depth.js';
import { drain, sendAll } from '../helpers/queue-io.js';
import { appRegistryWith, testOnlyTask } from '../helpers/registries.js';
import { asWorkerHandler, workerDeps } from '../helpers/worker.js';

const emulator = useEmbeddedSqs();

const bodies = {
  valid: JSON.stringify({ type: 'user_signup', userId: 'u-1', email: 'ada@example.com' }),
  invalidEmail: JSON.stringify({ type: 'user_signup', userId: 'u-2', email: 'not-an-email' }),
  unknown: JSON.stringify({ type: 'invoice_reminder', invoiceId: 'i-9' }),
  notJson: 'this is not json',
  flaky: JSON.stringify({ type: 'flaky', id: 'f-1' }),
};

/** Fails its first attempt per message with a plain Error (retryable), succeeds on the next. */
const flakyTask = () => {
  const attempts = new Map<string, number>();
  return testOnlyTask('flaky', async (_payload, { message }) => {
    const attempt = (attempts.get(message.id) ?? 0) + 1;
    attempts.set(message.id, attempt);
    if (attempt === 1) throw new Error('downstream timed out');
  });
};

const send = (queue: CreatedQueue, entries: Array<Omit<SendMessageBatchRequestEntry, 'Id'>>) =>
  sendAll(emulator.client, queue.url, entries);

const stringAttr = (value: string) => ({ DataType: 'String', StringValue: value });

const mappings = useRecordedMappings();

/**
 * The worker behind the real event source mapping on `queue`. The batching window lets one invocation
 * gather everything already sent (standard queues only), as Lambda's MaximumBatchingWindowInSeconds does.
 */
const startWorker = (queue: CreatedQueue, deps: WorkerBatchDeps, options: { fifo?: boolean } = {}) => {
  const worker = asWorkerHandler(deps);
  return mappings.start(emulator.client, queue.url, (event, _invocation, context) => worker(event, context), {
    function: { name: 'worker', timeout: 30 },
    maximumBatchingWindow: options.fifo ? undefined : 1,
  });
};

const receiveCounts = (records: readonly SQSRecord[]) =>
  records.map((record) => [record.messageId, record.attributes.ApproximateReceiveCount]);

/** Real SQS deps against fauxqs; the worker resolves queue URLs with GetQueueUrl on the endpoint override. */
const realDeps = (overrides: Partial<WorkerBatchDeps>) =>
  workerDeps({
    sqs: sqsProvider(emulator.client),
    errorVisibilityTimeout: 1,
    sqsEndpoint: emulator.sqs.endpoint,
    ...overrides,
  });

const attributeValues = (message: Message) =>
  Object.fromEntries(
    Object.entries(message.MessageAttributes ?? {}).map(([name, value]) => [name, value.StringValue]),
  );

describe('worker on fauxqs: standard queue with a DLQ', () => {
  it('dead-letters the permanent failures, retries the retryable one after ErrorVisibilityTimeout', async () => {
    const { main: queue, dlq } = await createQueuePair(emulator.client, {
      prefix: 'worker',
      visibilityTimeout: 30,
      maxReceiveCount: 3,
    });
    await send(queue, [
      { MessageBody: bodies.valid, MessageAttributes: { 'trace-id': stringAttr('t-valid') } },
      {
        MessageBody: bodies.invalidEmail,
        MessageAttributes: {
          'trace-id': stringAttr('t-email'),
          blob: { DataType: 'Binary', BinaryValue: Uint8Array.from([1, 2, 3]) },
        },
      },
      { MessageBody: bodies.unknown, MessageAttributes: { 'trace-id': stringAttr('t-unknown') } },
      { MessageBody: bodies.notJson, MessageAttributes: { 'trace-id': stringAttr('t-text') } },
      { MessageBody: bodies.flaky, MessageAttributes: { 'trace-id': stringAttr('t-flaky') } },
    ]);
    const { deps, capture } = realDeps({
      registry: appRegistryWith({ flaky: flakyTask() }),
      deadLetter: createDeadLetterSender({ queueUrl: dlq.url, sqs: sqsProvider(emulator.client) }),
    });

    // First delivery: everything in one batch (the batching window gathers what was sent).
    const worker = await startWorker(queue, deps);
    const firstReport = await eventually(() => worker.reports[0]);
    const first = worker.invocations[0]?.records ?? [];
    expect(first).toHaveLength(5);
    const flaky = first.find((record) => record.body === bodies.flaky);
    expect(firstReport.left).toEqual([flaky?.messageId]);
    // Only the retryable message is left on the work queue (in flight until ErrorVisibilityTimeout).
    expect(await queueDepth(emulator.client, queue.url)).toBe(1);

    // The DLQ holds exactly the three permanent failures, with original body and attributes plus ours.
    const deadLettered = await drain(emulator.client, dlq.url);
    expect(await queueDepth(emulator.client, dlq.url)).toBe(3);
    const byBody = new Map(deadLettered.map((message) => [message.Body, attributeValues(message)]));
    expect([...byBody.keys()].sort()).toEqual([bodies.invalidEmail, bodies.notJson, bodies.unknown].sort());
    const common = { 'worker.source-queue': queue.name, 'worker.receive-count': '1' };
    expect(byBody.get(bodies.invalidEmail)).toMatchObject({
      ...common,
      'trace-id': 't-email',
      'worker.error': 'ValidationError',
      'worker.task': 'user_signup',
      'worker.error-message': 'email: not a valid address',
    });
    const emailCopy = deadLettered.find((message) => message.Body === bodies.invalidEmail);
    expect([...(emailCopy?.MessageAttributes?.blob?.BinaryValue ?? [])]).toEqual([1, 2, 3]);
    expect(byBody.get(bodies.unknown)).toMatchObject({
      ...common,
      'trace-id': 't-unknown',
      'worker.error': 'UnknownRouteError',
      'worker.task': '(none)',
    });
    expect(byBody.get(bodies.notJson)).toMatchObject({
      ...common,
      'trace-id': 't-text',
      'worker.error': 'MalformedMessageError',
    });

    // The retryable message returns after ErrorVisibilityTimeout (1 s), long before the queue's 30 s
    // visibility timeout, and succeeds.
    const secondReport = await eventually(() => worker.reports[1], { timeoutMs: 10_000 });
    expect(receiveCounts(worker.invocations[1]?.records ?? [])).toEqual([[flaky?.messageId, '2']]);
    expect(secondReport.left).toEqual([]);
    expect(await queueDepth(emulator.client, queue.url)).toBe(0);
    expect(capture.withMessage('message failed, will be retried')).toEqual([
      expect.objectContaining({ messageId: flaky?.messageId, errorName: 'TaskFailedError', receiveCount: 1 }),
    ]);
  });

  it('a DLQ send failure (no such queue) reports the message failed and leaves it on the work queue', async () => {
    const { main: queue } = await createQueuePair(emulator.client, {
      prefix: 'worker-nodlq',
      visibilityTimeout: 30,
    });
    const [sent] = await send(queue, [{ MessageBody: bodies.invalidEmail }]);
    const missingDlq = `${emulator.sqs.endpoint}/000000000000/does-not-exist`;
    const { deps, capture } = realDeps({
      deadLetter: createDeadLetterSender({ queueUrl: missingDlq, sqs: sqsProvider(emulator.client) }),
    });

    const worker = await startWorker(queue, deps);
    expect((await eventually(() => worker.reports[0])).left).toEqual([sent]);

    expect(capture.withMessage('dead-letter send failed, left for the queue redrive policy')).toEqual([
      expect.objectContaining({
        messageId: sent,
        sendError: expect.stringContaining('QueueDoesNotExist'),
      }),
    ]);
    const again = await eventually(() => worker.invocations[1], { timeoutMs: 10_000 });
    expect(receiveCounts(again.records)).toEqual([[sent, '2']]);
  });
});

describe('worker on fauxqs: FIFO queue with a FIFO DLQ', () => {
  it('the DLQ copy keeps the message group and is deduplicated by the original messageId', async () => {
    const { main: queue, dlq } = await createQueuePair(emulator.client, {
      prefix: 'orders',
      visibilityTimeout: 30,
      fifo: true,
      maxReceiveCount: 3,
    });
    await send(queue, [
      { MessageBody: bodies.invalidEmail, MessageGroupId: 'customer-7', MessageDeduplicationId: 'd-1' },
      { MessageBody: bodies.valid, MessageGroupId: 'customer-8', MessageDeduplicationId: 'd-2' },
    ]);
    const { deps } = realDeps({
      deadLetter: createDeadLetterSender({ queueUrl: dlq.url, sqs: sqsProvider(emulator.client) }),
    });

    const worker = await startWorker(queue, deps, { fifo: true });
    await eventually(() => (worker.mapping.stats.processed >= 2 ? true : undefined));
    const received = worker.invocations.flatMap((invocation) => invocation.records);
    expect(received.map((record) => record.attributes.MessageGroupId).sort()).toEqual([
      'customer-7',
      'customer-8',
    ]);
    expect(worker.reports.flatMap((report) => report.left)).toEqual([]);

    const [copy] = await drain(emulator.client, dlq.url);
    expect(copy?.Body).toBe(bodies.invalidEmail);
    expect(copy?.Attributes).toMatchObject({
      MessageGroupId: 'customer-7',
      MessageDeduplicationId: received.find((record) => record.body === bodies.invalidEmail)?.messageId,
    });
    expect(await queueDepth(emulator.client, queue.url)).toBe(0);
  });
});

describe('worker on fauxqs: queue URL from the record ARN', () => {
  // Regression: the queue URL for ChangeMessageVisibility comes from GetQueueUrl on the endpoint override.
  it('applies ErrorVisibilityTimeout when sqsEndpoint is the plain endpoint (AWS_ENDPOINT_URL_SQS)', async () => {
    const { main: queue } = await createQueuePair(emulator.client, {
      prefix: 'worker-url',
      visibilityTimeout: 30,
    });
    await send(queue, [{ MessageBody: bodies.invalidEmail }]);
    const { deps, capture } = realDeps({ sqsEndpoint: emulator.sqs.endpoint });

    const worker = await startWorker(queue, deps);
    await eventually(() => worker.reports[0]);

    expect(
      capture.withMessage(
        'visibility change failed; those messages retry after the queue visibility timeout',
      ),
    ).toEqual([]);
  });
});

describe('lazySqs', () => {
  it('loads the SDK on first use, once, with the client pointed at the endpoint', async () => {
    const provider = lazySqs({ endpoint: emulator.sqs.endpoint });

    const [first, second] = await Promise.all([provider(), provider()]);

    expect(second).toBe(first);
    expect(typeof first.sdk.SendMessageCommand).toBe('function');
    const endpoint = await first.client.config.endpoint?.();
    expect(`${endpoint?.protocol}//${endpoint?.hostname}:${endpoint?.port}`).toBe(emulator.sqs.endpoint);
    first.client.destroy();
  });
});
