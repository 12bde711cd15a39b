import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { chunk, SQS_BATCH_LIMIT } from '../../src/core/chunk.js';
import { MalformedMessageError } from '../../src/core/errors.js';
import { createLogger } from '../../src/core/logger.js';
import type { MessageAttribute } from '../../src/core/message.js';
import { processDelivery } from '../../src/core/process-delivery.js';
import { unwrap } from '../../src/core/unwrap.js';
import { registry } from '../../src/tasks/index.js';
import { sqsRecordFactory } from '../helpers/factories.js';
import { expectBatchInvariants } from '../helpers/hostile/batch-invariants.js';
import { createHarness } from '../helpers/hostile/harness.js';
import { expectNoPollution, problemNotNamed, snapshotPrototypes } from '../helpers/hostile/invariants.js';
import { delivery } from '../helpers/hostile/samples.js';

/**
 * The fixed corpus of bad bodies (test/fixtures/hostile/bad-bodies.json). A body is a string or a list of
 * pieces, `[text, n]` meaning `text` repeated n times (for the 1 MiB and 100,000-deep cases). Read with
 * JSON.parse rather than imported, so attribute names such as `__proto__` stay own keys.
 */
type Piece = string | [string, number];
type BadBody = {
  why: string;
  body: string | Piece[];
  attributes?: Record<string, MessageAttribute>;
  expect: { error: 'MalformedMessageError' | 'UnknownRouteError' | 'ValidationError'; message: string };
};

const corpus = JSON.parse(
  readFileSync(new URL('../fixtures/hostile/bad-bodies.json', import.meta.url), 'utf8'),
) as BadBody[];

const bodyText = (body: BadBody['body']): string =>
  typeof body === 'string'
    ? body
    : body.map((piece) => (typeof piece === 'string' ? piece : piece[0].repeat(piece[1]))).join('');

const log = createLogger({ sink: () => undefined });

describe('bad-bodies corpus', () => {
  it('has at least 50 distinct, explained entries', () => {
    expect(corpus.length).toBeGreaterThanOrEqual(50);
    expect(new Set(corpus.map((entry) => entry.why)).size).toBe(corpus.length);
    for (const entry of corpus) {
      expect(entry.why.trim()).not.toBe('');
      expect(entry.expect.message.trim()).not.toBe('');
    }
  });

  it.each(corpus.map((entry) => [entry.why, entry] as const))(
    '%s → dead-lettered with the expected error',
    async (_, entry) => {
      const before = snapshotPrototypes();
      const body = bodyText(entry.body);
      const verdict = await processDelivery(delivery(body, { attributes: entry.attributes }), {
        registry,
        log,
        deadLetter: async () => undefined,
      });
      expect(verdict.action).toBe('dead-lettered');
      if (verdict.outcome.status !== 'dead-letter') throw new Error(`unexpected ${verdict.outcome.status}`);
      const { error } = verdict.outcome;
      expect(error.name).toBe(entry.expect.error);
      expect(error.message).toContain(entry.expect.message);
      expect(problemNotNamed(error)).toBeUndefined();
      if (entry.expect.error === 'MalformedMessageError') {
        // unwrap alone already rejects it, with the same explanation.
        expect(() => unwrap(delivery(body, { attributes: entry.attributes }))).toThrow(MalformedMessageError);
      }
      expectNoPollution(before);
    },
  );

  it('through the middy handler, batch by batch: every record dead-lettered, none reported', async () => {
    for (const [part, entries] of chunk(corpus).entries()) {
      const records = entries.map((entry, index) =>
        sqsRecordFactory(bodyText(entry.body), {
          messageId: `corpus-${part * SQS_BATCH_LIMIT + index}`,
          messageAttributes: entry.attributes,
        }),
      );
      const { invoke, observed } = createHarness();
      const response = await invoke({ Records: records });
      expectBatchInvariants(records, response, observed);
      expect(response.batchItemFailures).toEqual([]);
      expect(observed.deadLettered).toHaveLength(records.length);
    }
  });

  it('through the middy handler with the DLQ down: every record reported, none lost', async () => {
    const records = corpus
      .slice(0, 10)
      .map((entry, index) => sqsRecordFactory(bodyText(entry.body), { messageId: `down-${index}` }));
    const { invoke, observed } = createHarness({ deadLetterFails: () => true });
    const response = await invoke({ Records: records });
    expectBatchInvariants(records, response, observed);
    expect(response.batchItemFailures.map((failure) => failure.itemIdentifier)).toEqual(
      records.map((record) => record.messageId),
    );
  });
});
