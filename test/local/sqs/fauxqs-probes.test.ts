/**
 * Probes of the fauxqs behaviour the local event source mapping relies on. If a fauxqs
 * upgrade changes one of these, the matching test fails here rather than deep inside an
 * engine test.
 */
import {
  ChangeMessageVisibilityBatchCommand,
  ChangeMessageVisibilityCommand,
  DeleteMessageBatchCommand,
  DeleteMessageCommand,
  ReceiveMessageCommand,
} from '@aws-sdk/client-sqs';
import { describe, expect, it } from 'vitest';
import { type CreatedQueue, createQueues } from '../../../src/local/sqs/queue-setup.js';
import { createQueuePair, useEmbeddedSqs } from '../../helpers/embedded-queues.js';
import { receive, sendBodies, uniqueName } from '../../helpers/queue-io.js';

const local = useEmbeddedSqs();

async function queue(fifo = false, visibilityTimeout = 30, maxReceiveCount?: number): Promise<CreatedQueue> {
  const { main } = await createQueuePair(local.client, {
    prefix: 'probe',
    fifo,
    visibilityTimeout,
    maxReceiveCount,
  });
  return main;
}

describe('fauxqs probes', () => {
  it('binds to loopback only', () => {
    expect(local.sqs.endpoint).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(local.sqs.port).toBeGreaterThan(0);
  });

  it('creates dead-letter queues first and wires RedrivePolicy to their ARN', async () => {
    const main = await queue(false, 30, 3);
    expect(main.arn).toBe(`arn:aws:sqs:us-east-1:000000000000:${main.name}`);
  });

  it('moves a message to the DLQ on the receive after maxReceiveCount (native redrive)', async () => {
    const dlqName = uniqueName('probe-dlq');
    const queues = await createQueues(local.client, [
      { logicalId: 'Dlq', name: dlqName },
      {
        logicalId: 'Main',
        name: uniqueName('probe'),
        attributes: { RedrivePolicy: { deadLetterTargetLogicalId: 'Dlq', maxReceiveCount: 2 } },
      },
    ]);
    const main = queues.get('Main');
    const dlq = queues.get('Dlq');
    if (main === undefined || dlq === undefined) throw new Error('queues not created');
    const [id] = await sendBodies(local.client, main.url, ['poison']);
    const counts: string[] = [];
    for (let i = 0; i < 2; i++) {
      const [message] = await receive(local.client, main.url);
      counts.push(message?.Attributes?.ApproximateReceiveCount ?? 'none');
      await local.client.send(
        new ChangeMessageVisibilityCommand({
          QueueUrl: main.url,
          ReceiptHandle: message?.ReceiptHandle,
          VisibilityTimeout: 0,
        }),
      );
    }
    expect(counts).toEqual(['1', '2']);
    expect(await receive(local.client, main.url)).toEqual([]);
    const moved = await receive(local.client, dlq.url);
    expect(moved.map((m) => m.MessageId)).toEqual([id]);
  });

  it('hides a received message for VisibilityTimeout, then long polling returns it again', async () => {
    const main = await queue(false, 1);
    const [id] = await sendBodies(local.client, main.url, ['again']);
    expect((await receive(local.client, main.url)).map((m) => m.MessageId)).toEqual([id]);
    expect(await receive(local.client, main.url)).toEqual([]);
    const [again] = await receive(local.client, main.url, { waitSeconds: 5 });
    expect(again?.MessageId).toBe(id);
    expect(again?.Attributes?.ApproximateReceiveCount).toBe('2');
  });

  it('ChangeMessageVisibilityBatch to 0 releases messages and reports unknown handles as Failed', async () => {
    const main = await queue(false, 30);
    await sendBodies(local.client, main.url, ['a', 'b']);
    const received = await receive(local.client, main.url);
    expect(received).toHaveLength(2);
    const result = await local.client.send(
      new ChangeMessageVisibilityBatchCommand({
        QueueUrl: main.url,
        Entries: [
          ...received.map((m, i) => ({ Id: `e${i}`, ReceiptHandle: m.ReceiptHandle, VisibilityTimeout: 0 })),
          { Id: 'bogus', ReceiptHandle: 'not-a-handle', VisibilityTimeout: 0 },
        ],
      }),
    );
    expect(result.Failed?.map((f) => [f.Id, f.Code])).toEqual([['bogus', 'ReceiptHandleIsInvalid']]);
    const again = await receive(local.client, main.url);
    expect(again.map((m) => m.Attributes?.ApproximateReceiveCount)).toEqual(['2', '2']);
  });

  it('returns every system attribute Lambda forwards, and binary message attributes with their MD5', async () => {
    const main = await queue(false);
    await sendBodies(local.client, main.url, ['attrs'], () => ({
      MessageAttributes: {
        text: { DataType: 'String', StringValue: 'hello' },
        bytes: { DataType: 'Binary', BinaryValue: Buffer.from([0, 1, 2, 255]) },
      },
    }));
    const [message] = await receive(local.client, main.url);
    expect(Object.keys(message?.Attributes ?? {}).sort()).toEqual([
      'ApproximateFirstReceiveTimestamp',
      'ApproximateReceiveCount',
      'SenderId',
      'SentTimestamp',
    ]);
    expect(Buffer.from(message?.MessageAttributes?.bytes?.BinaryValue ?? []).toString('base64')).toBe(
      'AAEC/w==',
    );
    expect(message?.MD5OfMessageAttributes).toMatch(/^[0-9a-f]{32}$/);
  });

  it('FIFO: adds group attributes, hands out ONE message per group per receive and locks the group', async () => {
    const main = await queue(true, 30);
    const ids = await sendBodies(local.client, main.url, ['a1', 'a2', 'b1'], (body) => ({
      MessageGroupId: body.slice(0, 1),
    }));
    const first = await receive(local.client, main.url);
    // Real SQS may return a1 and a2 together; fauxqs returns a single message per group.
    expect(first.map((m) => m.Body)).toEqual(['a1', 'b1']);
    expect(first[0]?.Attributes).toMatchObject({ MessageGroupId: 'a', SequenceNumber: expect.any(String) });
    expect(first[0]?.Attributes?.MessageDeduplicationId).toMatch(/^[0-9a-f]{64}$/);
    // While a1 is in flight, group "a" is locked: a2 must not be handed out.
    expect(await receive(local.client, main.url)).toEqual([]);
    await local.client.send(
      new DeleteMessageCommand({ QueueUrl: main.url, ReceiptHandle: first[0]?.ReceiptHandle }),
    );
    const second = await receive(local.client, main.url);
    expect(second.map((m) => m.MessageId)).toEqual([ids[1]]);
  });

  it('FIFO: a released message goes back to the head of its group', async () => {
    const main = await queue(true, 30);
    await sendBodies(local.client, main.url, ['a1', 'a2'], () => ({ MessageGroupId: 'a' }));
    const [a1] = await receive(local.client, main.url);
    await local.client.send(
      new ChangeMessageVisibilityCommand({
        QueueUrl: main.url,
        ReceiptHandle: a1?.ReceiptHandle,
        VisibilityTimeout: 0,
      }),
    );
    const [again] = await receive(local.client, main.url);
    expect(again?.Body).toBe('a1');
    expect(again?.Attributes?.ApproximateReceiveCount).toBe('2');
  });

  it('long polling returns a message sent while the poll is waiting', async () => {
    const main = await queue(false);
    const polling = receive(local.client, main.url, { waitSeconds: 10 });
    await sendBodies(local.client, main.url, ['late']);
    expect((await polling).map((m) => m.Body)).toEqual(['late']);
  });

  it('an aborted long poll still consumes a message that arrives during its wait', async () => {
    // Why EventSourceMapping.stop() documents that a stopped poller can hide one message for a
    // visibility timeout: fauxqs does not notice the closed connection.
    const main = await queue(false);
    const controller = new AbortController();
    const polling = local.client
      .send(new ReceiveMessageCommand({ QueueUrl: main.url, WaitTimeSeconds: 5 }), {
        abortSignal: controller.signal,
      })
      .then(
        () => 'resolved',
        (error: Error) => error.name,
      );
    // Let the poll reach the server; loopback needs far less than this.
    await new Promise((resolve) => setTimeout(resolve, 200));
    controller.abort();
    expect(await polling).toBe('AbortError');
    await sendBodies(local.client, main.url, ['stolen']);
    expect(await receive(local.client, main.url)).toEqual([]);
  });

  it('DeleteMessageBatch reports unknown receipt handles as Successful (AWS would fail malformed ones)', async () => {
    const main = await queue(false);
    const result = await local.client.send(
      new DeleteMessageBatchCommand({ QueueUrl: main.url, Entries: [{ Id: 'x', ReceiptHandle: 'nope' }] }),
    );
    expect(result.Successful?.map((s) => s.Id)).toEqual(['x']);
    expect(result.Failed ?? []).toEqual([]);
  });
});
