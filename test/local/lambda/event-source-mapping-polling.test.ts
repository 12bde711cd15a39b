import { createHash } from 'node:crypto';
import { DeleteQueueCommand } from '@aws-sdk/client-sqs';
import { describe, expect, it } from 'vitest';
import { useEmbeddedSqs } from '../../helpers/embedded-queues.js';
import { eventually } from '../../helpers/eventually.js';
import { createTestQueues, processedAtLeast, useRecordedMappings } from '../../helpers/mapping-fixture.js';
import { queueDepth } from '../../helpers/queue-depth.js';
import { sendBodies } from '../../helpers/queue-io.js';

const local = useEmbeddedSqs();
const { start } = useRecordedMappings();

describe('EventSourceMapping: event and context', () => {
  it('builds records in the exact Lambda SQS record shape', async () => {
    const { main } = await createTestQueues(local.client);
    const [id] = await sendBodies(local.client, main.url, ['{"task":"x"}'], () => ({
      MessageAttributes: {
        kind: { DataType: 'String', StringValue: 'report' },
        size: { DataType: 'Number', StringValue: '42' },
        blob: { DataType: 'Binary', BinaryValue: Buffer.from('hi') },
      },
    }));
    const { invocations } = await start(local.client, main.url, async () => ({}));
    const [record] = (await eventually(() => invocations[0])).records;
    expect(Object.keys(record ?? {})).toEqual([
      'messageId',
      'receiptHandle',
      'body',
      'attributes',
      'messageAttributes',
      'md5OfBody',
      'md5OfMessageAttributes',
      'eventSource',
      'eventSourceARN',
      'awsRegion',
    ]);
    expect(record).toMatchObject({
      messageId: id,
      body: '{"task":"x"}',
      md5OfBody: createHash('md5').update('{"task":"x"}').digest('hex'),
      md5OfMessageAttributes: expect.stringMatching(/^[0-9a-f]{32}$/),
      eventSource: 'aws:sqs',
      eventSourceARN: main.arn,
      awsRegion: 'us-east-1',
    });
    expect(record?.attributes).toEqual({
      ApproximateReceiveCount: '1',
      SentTimestamp: expect.stringMatching(/^\d{13}$/),
      SenderId: expect.any(String),
      ApproximateFirstReceiveTimestamp: expect.stringMatching(/^\d{13}$/),
    });
    expect(record?.messageAttributes).toEqual({
      kind: { stringValue: 'report', stringListValues: [], binaryListValues: [], dataType: 'String' },
      size: { stringValue: '42', stringListValues: [], binaryListValues: [], dataType: 'Number' },
      blob: { binaryValue: 'aGk=', stringListValues: [], binaryListValues: [], dataType: 'Binary' },
    });
  });

  it('omits md5OfMessageAttributes when the message has no attributes, as the AWS sample does', async () => {
    const { main } = await createTestQueues(local.client);
    await sendBodies(local.client, main.url, ['plain']);
    const { invocations } = await start(local.client, main.url, async () => ({}));
    const [record] = (await eventually(() => invocations[0])).records;
    expect(record?.messageAttributes).toEqual({});
    expect(record && 'md5OfMessageAttributes' in record).toBe(false);
  });

  it('gives the handler a Lambda-like context', async () => {
    const { main } = await createTestQueues(local.client, { visibilityTimeout: 30 });
    await sendBodies(local.client, main.url, ['ctx']);
    const { invocations, reports } = await start(local.client, main.url, async () => ({}), {
      function: { name: 'report-worker', timeout: 20, memorySize: 512 },
    });
    const { context } = await eventually(() => invocations[0]);
    const report = await eventually(() => reports[0]);
    expect(context).toMatchObject({
      functionName: 'report-worker',
      functionVersion: '$LATEST',
      invokedFunctionArn: 'arn:aws:lambda:us-east-1:000000000000:function:report-worker',
      memoryLimitInMB: '512',
      awsRequestId: report.awsRequestId,
      logGroupName: '/aws/lambda/report-worker',
      callbackWaitsForEmptyEventLoop: true,
    });
    expect(context.awsRequestId).toMatch(/^[0-9a-f-]{36}$/);
    expect(context.getRemainingTimeInMillis()).toBeLessThanOrEqual(20_000);
    expect(() => context.succeed('x')).toThrow(/not supported/);
  });
});

describe('EventSourceMapping: batching and concurrency', () => {
  it('gathers more than one receive into a batch within the window, up to batchSize', async () => {
    const { main } = await createTestQueues(local.client, { visibilityTimeout: 30 });
    await sendBodies(
      local.client,
      main.url,
      Array.from({ length: 30 }, (_, i) => `m${i}`),
    );
    // Two pollers, each capped at 15: whatever way the 30 messages split across receives of
    // at most 10, each batch is filled to 15 before its 5 s window ends.
    const { mapping, invocations } = await start(local.client, main.url, async () => ({}), {
      batchSize: 15,
      maximumBatchingWindow: 5,
    });
    await processedAtLeast(mapping, 30);
    expect(invocations.map((i) => i.records.length)).toEqual([15, 15]);
  });

  it('runs at most maximumConcurrency batches at once, and does reach it', async () => {
    const { main } = await createTestQueues(local.client, { visibilityTimeout: 30 });
    await sendBodies(
      local.client,
      main.url,
      Array.from({ length: 12 }, (_, i) => `m${i}`),
    );
    let active = 0;
    let max = 0;
    // Hold the first invocations until a 4th runs alongside them (a bug) or 1 s passes, so an
    // extra poller has every chance to show up while three are busy.
    const tooMany = new Promise<void>((resolve) => {
      const timer = setInterval(() => {
        if (active >= 4) resolve();
      }, 5);
      setTimeout(() => {
        clearInterval(timer);
        resolve();
      }, 1000);
    });
    const { mapping } = await start(
      local.client,
      main.url,
      async () => {
        active++;
        max = Math.max(max, active);
        await tooMany;
        active--;
        return {};
      },
      { batchSize: 1, maximumConcurrency: 3, function: { name: 'c', timeout: 10 } },
    );
    await processedAtLeast(mapping, 12);
    expect(max).toBe(3);
  });

  it('releases records that would push the invoke payload over the cap', async () => {
    const { main } = await createTestQueues(local.client, { visibilityTimeout: 30 });
    const body = 'x'.repeat(1000);
    await sendBodies(
      local.client,
      main.url,
      Array.from({ length: 6 }, () => body),
    );
    const { mapping, invocations } = await start(local.client, main.url, async () => ({}), {
      maxPayloadBytes: 3000,
    });
    await processedAtLeast(mapping, 6);
    expect(Math.max(...invocations.map((i) => i.records.length))).toBe(2);
    expect(invocations.every((i) => Buffer.byteLength(JSON.stringify(i.records)) <= 3000)).toBe(true);
  });

  it('counts and emits poll errors, backs off, and still stops promptly', async () => {
    const { main } = await createTestQueues(local.client);
    const errors: Error[] = [];
    const { mapping } = await start(local.client, main.url, async () => ({}));
    mapping.on('pollError', (error) => errors.push(error));
    await local.client.send(new DeleteQueueCommand({ QueueUrl: main.url }));
    await eventually(() => (mapping.stats.pollErrors >= 2 ? true : undefined));
    expect(errors[0]?.message).toBe(`Polling queue ${main.name} failed`);
    await mapping.stop();
    expect(mapping.running).toBe(false);
  });

  it('stop() drains: it resolves only after the in-flight batch is settled', async () => {
    const { main } = await createTestQueues(local.client, { visibilityTimeout: 30 });
    let release: () => void = () => undefined;
    const held = new Promise<void>((resolve) => {
      release = resolve;
    });
    const { mapping, invocations, reports } = await start(
      local.client,
      main.url,
      async () => {
        await held;
        return {};
      },
      { function: { name: 'd', timeout: 10 } },
    );
    await sendBodies(local.client, main.url, ['in-flight']);
    await eventually(() => invocations[0]);
    let stopped = false;
    const stopping = mapping.stop().then(() => {
      stopped = true;
    });
    // A non-draining stop would have resolved by now.
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(stopped).toBe(false);
    release();
    await stopping;
    expect(reports.map((r) => r.outcome)).toEqual(['success']);
    expect(mapping.running).toBe(false);
    expect(await queueDepth(local.client, main.url)).toBe(0);
  });
});
