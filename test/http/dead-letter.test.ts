/**
 * The DLQ path end to end: the adapter with the real dead-letter sender and the real SDK, against fauxqs
 * on loopback. A permanent failure must be answered 200 (sqsd deletes it) only because the DLQ now holds
 * it, with the error as attributes.
 */
import * as sdk from '@aws-sdk/client-sqs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDeadLetterSender } from '../../src/aws/dead-letter.js';
import { createLogger } from '../../src/core/logger.js';
import { type RunningServer, startServer } from '../../src/http/server.js';
import { sqsProvider, useEmbeddedSqs } from '../helpers/embedded-queues.js';
import { send } from '../helpers/http-harness.js';
import { drain } from '../helpers/queue-io.js';
import { testRegistry } from '../helpers/registries.js';

const local = useEmbeddedSqs();
let client: sdk.SQSClient;
let dlqUrl: string;
let adapter: RunningServer;
let brokenAdapter: RunningServer;

beforeAll(async () => {
  // fauxqs on loopback; its client has static dummy credentials: the SDK must never look for real ones.
  const { endpoint } = local.sqs;
  client = local.client;
  dlqUrl =
    (await client.send(new sdk.CreateQueueCommand({ QueueName: `http-dlq-${Date.now()}` }))).QueueUrl ?? '';
  const common = {
    registry: testRegistry().registry,
    log: createLogger({ sink: () => {} }),
    emitMetrics: () => {},
    service: 'worker-tier-test',
    port: 0,
    // cron.yaml names /audit, but no task of that name is registered.
    periodicPaths: ['/audit'],
  };
  adapter = await startServer({
    ...common,
    deadLetter: createDeadLetterSender({ queueUrl: dlqUrl, sqs: sqsProvider(client) }),
  });
  brokenAdapter = await startServer({
    ...common,
    deadLetter: createDeadLetterSender({
      queueUrl: `${endpoint}/000000000000/no-such-queue`,
      sqs: sqsProvider(client),
    }),
  });
});

afterAll(async () => {
  await adapter?.close();
  await brokenAdapter?.close();
});

/** Everything the DLQ holds now, taken off it (left in flight) so the next call sees only new copies. */
const receiveAll = () => drain(client, dlqUrl);

describe('dead-letter queue configured', () => {
  it('answers 200 to a permanent failure and the DLQ holds the message with worker.error attributes', async () => {
    const body = '{"type":"user_signup","userId":"u-124","email":"not-an-email"}';
    const reply = await send(adapter.url, {
      headers: {
        'Content-Type': 'application/json',
        'X-Aws-Sqsd-Msgid': 'm-dlq-1',
        'X-Aws-Sqsd-Queue': 'worker-queue',
        'X-Aws-Sqsd-Receive-Count': '2',
        'X-Aws-Sqsd-Attr-tenant': 'acme',
      },
      body,
    });
    expect(reply.status).toBe(200);
    expect(reply.json()).toEqual({
      status: 'dead-lettered',
      messageId: 'm-dlq-1',
      task: 'user_signup',
      error: 'ValidationError',
    });
    const [copy, ...rest] = await receiveAll();
    expect(rest).toEqual([]);
    expect(copy?.Body).toBe(body);
    const attributes = Object.fromEntries(
      Object.entries(copy?.MessageAttributes ?? {}).map(([name, value]) => [name, value.StringValue]),
    );
    expect(attributes).toEqual({
      tenant: 'acme',
      'worker.error': 'ValidationError',
      'worker.error-message': expect.stringContaining('email: not a valid address'),
      'worker.task': 'user_signup',
      'worker.route': 'user_signup',
      'worker.original-message-id': 'm-dlq-1',
      'worker.source-queue': 'worker-queue',
      'worker.receive-count': '2',
    });
  });

  it('dead-letters an unknown periodic task the same way', async () => {
    const reply = await send(adapter.url, {
      path: '/audit',
      headers: {
        'X-Aws-Sqsd-Msgid': 'm-dlq-2',
        'X-Aws-Sqsd-Taskname': 'audit',
        'X-Aws-Sqsd-Scheduled-At': '2026-11-27T23:00:00Z',
      },
    });
    expect(reply.status).toBe(200);
    const [copy] = await receiveAll();
    expect(copy?.Body).toBe('elasticbeanstalk scheduled job');
    expect(copy?.MessageAttributes?.['worker.error']?.StringValue).toBe('UnknownRouteError');
    expect(copy?.MessageAttributes?.['beanstalk.sqsd.scheduled_time']?.StringValue).toBe(
      '2026-11-27 23:00:00 UTC',
    );
  });

  it('still retries a retryable failure instead of dead-lettering it', async () => {
    const reply = await send(adapter.url, {
      headers: { 'X-Aws-Sqsd-Msgid': 'm-dlq-3' },
      body: '{"type":"flaky"}',
    });
    expect(reply.status).toBe(500);
    expect(await receiveAll()).toEqual([]);
  });

  it('answers 422 when the DLQ send fails, so the message is not lost', async () => {
    const reply = await send(brokenAdapter.url, {
      headers: { 'X-Aws-Sqsd-Msgid': 'm-dlq-4' },
      body: '{"type":"user_signup","userId":"u-1"}',
    });
    expect(reply.status).toBe(422);
    expect(reply.json()).toMatchObject({ error: 'ValidationError', messageId: 'm-dlq-4' });
  });
});
