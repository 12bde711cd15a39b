import type { SQSEvent } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { InvalidBatchResponseError } from '../../../src/local/lambda/batch-response.js';
import { InvocationTimeoutError } from '../../../src/local/lambda/invoke-handler.js';
import { useEmbeddedSqs } from '../../helpers/embedded-queues.js';
import { eventually } from '../../helpers/eventually.js';
import {
  createTestQueues,
  processedAtLeast,
  recordedMapping,
  useRecordedMappings,
} from '../../helpers/mapping-fixture.js';
import { queueDepth } from '../../helpers/queue-depth.js';
import { receive, sendBodies } from '../../helpers/queue-io.js';

const local = useEmbeddedSqs();
const { start } = useRecordedMappings();

/** The fake worker: reports bodies containing "fail" (first receive only when "fail-once"), throws on "throw". */
async function fakeWorker(event: SQSEvent): Promise<unknown> {
  if (event.Records.some((r) => r.body === 'throw')) throw new Error('boom');
  const failed = event.Records.filter(
    (r) =>
      r.body.includes('fail') && (r.body !== 'fail-once' || r.attributes.ApproximateReceiveCount === '1'),
  );
  return { batchItemFailures: failed.map((r) => ({ itemIdentifier: r.messageId })) };
}

describe('EventSourceMapping: partial batch responses', () => {
  it('deletes only the successes; the reported failure comes back with ApproximateReceiveCount 2', async () => {
    const { main } = await createTestQueues(local.client);
    const [ok1, failOnce, ok2] = await sendBodies(local.client, main.url, ['ok-1', 'fail-once', 'ok-2']);
    const { mapping, reports, seen } = await start(local.client, main.url, fakeWorker);
    await processedAtLeast(mapping, 3);
    expect(seen().sort()).toEqual(['fail-once#1', 'fail-once#2', 'ok-1#1', 'ok-2#1']);
    const first = reports.find((r) => r.messageIds.includes(failOnce ?? ''));
    expect(first?.left).toEqual([failOnce]);
    expect(first?.outcome).toBe(first?.messageIds.length === 1 ? 'failure' : 'partial');
    expect(reports.flatMap((r) => r.deleted).sort()).toEqual([ok1, failOnce, ok2].sort());
    expect(mapping.stats).toMatchObject({ received: 4, processed: 3, failed: 1, errors: 0 });
    expect(await queueDepth(local.client, main.url)).toBe(0);
  });

  const completeFailures: [string, (ids: string[]) => unknown][] = [
    ['an empty-string itemIdentifier', () => ({ batchItemFailures: [{ itemIdentifier: '' }] })],
    ['a null itemIdentifier', () => ({ batchItemFailures: [{ itemIdentifier: null }] })],
    ['a wrongly named key', (ids) => ({ batchItemFailures: [{ ItemIdentifier: ids[0] }] })],
    ['an entry without itemIdentifier', () => ({ batchItemFailures: [{}] })],
    ['an unknown messageId', () => ({ batchItemFailures: [{ itemIdentifier: 'not-in-batch' }] })],
    ['a non-object entry', (ids) => ({ batchItemFailures: [ids[0]] })],
    ['a null entry', () => ({ batchItemFailures: [null] })],
    [
      'a valid entry next to an invalid one',
      (ids) => ({ batchItemFailures: [{ itemIdentifier: ids[0] }, {}] }),
    ],
    ['batchItemFailures that is not an array', (ids) => ({ batchItemFailures: { itemIdentifier: ids[0] } })],
    ['a response JSON cannot serialise (BigInt)', () => ({ batchItemFailures: [], n: 1n })],
  ];

  it.each(completeFailures)('fails the whole batch on %s', async (_label, response) => {
    const { main } = await createTestQueues(local.client);
    const ids = await sendBodies(local.client, main.url, ['a', 'b']);
    const { mapping, reports, seen } = await start(local.client, main.url, async (event, invocation) =>
      invocation === 1 ? response(event.Records.map((r) => r.messageId)) : {},
    );
    await processedAtLeast(mapping, 2);
    expect(reports[0]).toMatchObject({ outcome: 'failure', deleted: [], left: ids });
    expect(reports[0]?.error).toBeInstanceOf(Error);
    expect(seen().sort()).toEqual(['a#1', 'a#2', 'b#1', 'b#2']);
    expect(mapping.stats.errors).toBe(1);
  });

  it('names the invalid part of the response in the error', async () => {
    const { main } = await createTestQueues(local.client);
    await sendBodies(local.client, main.url, ['a']);
    const { reports } = await start(local.client, main.url, async () => ({
      batchItemFailures: [{ itemIdentifier: '' }],
    }));
    const report = await eventually(() => reports[0]);
    expect(report.error).toBeInstanceOf(InvalidBatchResponseError);
    expect(report.error?.message).toContain('batchItemFailures[0].itemIdentifier is ""');
  });

  const completeSuccesses: [string, unknown][] = [
    ['{}', {}],
    ['null', null],
    ['undefined', undefined],
    ['an empty batchItemFailures', { batchItemFailures: [] }],
    ['a null batchItemFailures', { batchItemFailures: null }],
  ];

  it.each(completeSuccesses)(
    'deletes the whole batch when the handler returns %s',
    async (_label, response) => {
      const { main } = await createTestQueues(local.client);
      const ids = await sendBodies(local.client, main.url, ['a', 'b']);
      const { mapping, reports } = await start(local.client, main.url, async () => response);
      await processedAtLeast(mapping, 2);
      expect(reports.flatMap((r) => r.deleted).sort()).toEqual([...ids].sort());
      expect(reports.every((r) => r.outcome === 'success' && r.error === undefined)).toBe(true);
      expect(await queueDepth(local.client, main.url)).toBe(0);
    },
  );
});

describe('EventSourceMapping: failures and settings', () => {
  it.each([true, false])(
    'keeps the whole batch when the handler throws (ReportBatchItemFailures %s)',
    async (rbif) => {
      const { main } = await createTestQueues(local.client);
      const [throwId, okId] = await sendBodies(local.client, main.url, ['throw', 'ok']);
      const { mapping, reports, seen } = await start(
        local.client,
        main.url,
        async (event, invocation) => (invocation === 1 ? fakeWorker(event) : {}),
        { reportBatchItemFailures: rbif },
      );
      await processedAtLeast(mapping, 2);
      expect(reports[0]).toMatchObject({ outcome: 'failure', deleted: [], left: [throwId, okId] });
      expect(reports[0]?.error?.message).toBe('boom');
      expect(seen().sort()).toEqual(['ok#1', 'ok#2', 'throw#1', 'throw#2']);
    },
  );

  it('ignores the response without ReportBatchItemFailures: a success deletes everything', async () => {
    const { main } = await createTestQueues(local.client);
    await sendBodies(local.client, main.url, ['fail', 'ok']);
    const { mapping, seen } = await start(local.client, main.url, fakeWorker, {
      reportBatchItemFailures: false,
    });
    await processedAtLeast(mapping, 2);
    expect(seen().sort()).toEqual(['fail#1', 'ok#1']);
    expect(await queueDepth(local.client, main.url)).toBe(0);
  });

  it('lets SQS redrive a message to the DLQ after maxReceiveCount failed receives', async () => {
    const { main, dlq } = await createTestQueues(local.client, { maxReceiveCount: 2 });
    const [poisonId] = await sendBodies(local.client, main.url, ['fail']);
    const { seen } = await start(local.client, main.url, fakeWorker);
    const moved = await eventually(async () => {
      const messages = await receive(local.client, dlq.url, { waitSeconds: 1 });
      return messages.length > 0 ? messages : undefined;
    });
    expect(moved.map((m) => m.MessageId)).toEqual([poisonId]);
    expect(seen()).toEqual(['fail#1', 'fail#2']);
  });

  it('abandons an invocation at the function timeout and fails the whole batch', async () => {
    const { main } = await createTestQueues(local.client, { visibilityTimeout: 2 });
    let release: () => void = () => undefined;
    const hung = new Promise<void>((resolve) => {
      release = resolve;
    });
    const remaining: number[] = [];
    const { mapping, reports, seen } = await start(
      local.client,
      main.url,
      async (_event, invocation, context) => {
        remaining.push(context.getRemainingTimeInMillis());
        if (invocation === 1) await hung;
        return {};
      },
      { function: { name: 'slow', timeout: 1 } },
    );
    await sendBodies(local.client, main.url, ['slow']);
    await processedAtLeast(mapping, 1);
    release();
    expect(reports[0]?.error).toBeInstanceOf(InvocationTimeoutError);
    expect(reports[0]?.error?.message).toContain('Task timed out after 1.00 seconds');
    expect(reports[0]?.outcome).toBe('failure');
    expect(seen()).toEqual(['slow#1', 'slow#2']);
    expect(remaining.every((ms) => ms > 0 && ms <= 1000)).toBe(true);
  });

  it('refuses a function timeout longer than the queue visibility timeout, as Lambda does', async () => {
    const { main } = await createTestQueues(local.client, { visibilityTimeout: 5 });
    const { mapping } = recordedMapping(local.client, main.url, async () => ({}), {
      function: { name: 'x', timeout: 6 },
    });
    await expect(mapping.start()).rejects.toThrow(/visibility timeout 5s is less than function timeout 6s/);
  });

  it('refuses batchSize above 10 without a batching window', async () => {
    const { main } = await createTestQueues(local.client);
    expect(() => recordedMapping(local.client, main.url, async () => ({}), { batchSize: 11 })).toThrow(
      /requires maximumBatchingWindow/,
    );
  });
});
