import type { Context, SQSBatchResponse, SQSEvent } from 'aws-lambda';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { fifoRecordFactory, lambdaContextFactory, sqsRecordFactory } from '../helpers/factories.js';
import { hostileBody, hostileString, recordAttributes } from '../helpers/hostile/arbitraries.js';
import { expectBatchInvariants } from '../helpers/hostile/batch-invariants.js';
import { createHarness } from '../helpers/hostile/harness.js';
import { expectNoPollution, snapshotPrototypes } from '../helpers/hostile/invariants.js';
import { propertyOptions } from '../helpers/hostile/options.js';

/** Distinct message ids, some of them hostile (`__proto__`, lone surrogates), one per record. */
const batchOf = <T>(item: fc.Arbitrary<T>, maxLength = 10) =>
  fc.uniqueArray(
    fc.tuple(
      fc.oneof(
        fc.constantFrom('__proto__', 'constructor', 'toString', '\ud800', ''),
        fc.uuid(),
        hostileString,
      ),
      item,
    ),
    { minLength: 1, maxLength, selector: ([id]) => id },
  );

const standardRecord = fc.record({ body: hostileBody, attributes: recordAttributes });

describe('the middy worker handler, fed hostile batches', () => {
  it('standard queue: one outcome per record, a valid response, nothing thrown', async () => {
    const before = snapshotPrototypes();
    await fc.assert(
      fc.asyncProperty(batchOf(standardRecord), fc.boolean(), async (items, deadLetterFails) => {
        const { invoke, observed } = createHarness({ deadLetterFails: () => deadLetterFails });
        const records = items.map(([id, { body, attributes }]) =>
          sqsRecordFactory(body.text, { messageId: id, messageAttributes: attributes }),
        );
        const response = await invoke({ Records: records });
        expectBatchInvariants(records, response, observed);
        expectNoPollution(before);
      }),
      propertyOptions(),
    );
  });

  it('FIFO queue: the same, and a group stops at its first retried message, in order', async () => {
    const before = snapshotPrototypes();
    const fifoRecord = fc.record({
      body: hostileBody,
      attributes: recordAttributes,
      groupId: fc.constantFrom('a', 'b', '__proto__', 'constructor', '0'),
    });
    await fc.assert(
      fc.asyncProperty(batchOf(fifoRecord), fc.boolean(), async (items, deadLetterFails) => {
        const { invoke, observed } = createHarness({
          deadLetterFails: () => deadLetterFails,
          concurrency: 2,
        });
        const records = items.map(([id, { body, attributes, groupId }]) =>
          fifoRecordFactory(body.text, groupId, { messageId: id, messageAttributes: attributes }),
        );
        const response = await invoke({ Records: records });
        expectBatchInvariants(records, response, observed, { fifo: true });
        expectNoPollution(before);
      }),
      propertyOptions(),
    );
  });
});

/**
 * The handler as deployed (src/handlers/sqs-worker.ts, env-configured, console sinks), without a DLQ:
 * permanent failures are then reported, so every record is either processed or in batchItemFailures.
 */
describe('src/handlers/sqs-worker.ts handler, fed hostile batches', () => {
  let handler: (event: SQSEvent, lambdaContext: Context) => Promise<SQSBatchResponse>;
  const lines: string[] = [];
  beforeAll(async () => {
    for (const name of ['DEAD_LETTER_QUEUE_URL', 'ERROR_VISIBILITY_TIMEOUT', 'WORKER_CONCURRENCY']) {
      vi.stubEnv(name, undefined);
    }
    vi.stubEnv('LOG_LEVEL', 'info');
    vi.spyOn(console, 'log').mockImplementation((line: unknown) => {
      lines.push(String(line));
    });
    ({ handler } = (await import('../../src/handlers/sqs-worker.js')) as unknown as {
      handler: typeof handler;
    });
  });
  afterAll(() => {
    vi.restoreAllMocks();
    vi.unstubAllEnvs();
  });

  it('returns valid batchItemFailures and counts every record once in its metrics', async () => {
    const before = snapshotPrototypes();
    await fc.assert(
      fc.asyncProperty(batchOf(standardRecord), async (items) => {
        lines.length = 0;
        const records = items.map(([id, { body, attributes }]) =>
          sqsRecordFactory(body.text, { messageId: id, messageAttributes: attributes }),
        );
        const response = await handler({ Records: records }, lambdaContextFactory({ remainingMs: 60_000 }));
        expect(Object.keys(response)).toEqual(['batchItemFailures']);
        const reported = response.batchItemFailures.map((failure) => failure.itemIdentifier);
        expect(new Set(reported).size).toBe(reported.length);
        for (const id of reported) expect(records.map((record) => record.messageId)).toContain(id);
        const metrics = lines
          .map((line) => JSON.parse(line) as Record<string, unknown>)
          .filter((line) => line._aws !== undefined);
        const sum = (key: string) => metrics.reduce((total, line) => total + Number(line[key]), 0);
        expect(sum('Processed') + sum('Failed') + sum('DeadLettered')).toBe(records.length);
        expect(sum('Failed')).toBe(reported.length);
        expect(sum('DeadLettered')).toBe(0);
        expectNoPollution(before);
      }),
      propertyOptions(),
    );
  });
});
