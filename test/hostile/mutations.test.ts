import type { SQSRecord } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { createLogger } from '../../src/core/logger.js';
import { processDelivery } from '../../src/core/process-delivery.js';
import { registry } from '../../src/tasks/index.js';
import { sqsRecordFactory } from '../helpers/factories.js';
import { createHarness } from '../helpers/hostile/harness.js';
import { expectNoPollution, problemNotNamed, snapshotPrototypes } from '../helpers/hostile/invariants.js';
import { mutationsOf, REPLACEMENTS } from '../helpers/hostile/mutations.js';
import { bodyOf, delivery, SAMPLES } from '../helpers/hostile/samples.js';

/**
 * Deterministic: every field of every known shape (src/core/shapes.ts), at every depth, replaced by
 * every wrong-typed value or removed. A mutated message must be processed or rejected permanently with
 * an error naming the broken field or shape; it must never throw, never be retried (retrying cannot fix
 * a body), and never pollute a prototype.
 */

const log = createLogger({ sink: () => undefined });
const PAYLOAD_KEYS = new Set(['detail', 'Message', 'requestPayload']);
const process = (body: string, attributes?: NonNullable<Parameters<typeof delivery>[1]>['attributes']) =>
  processDelivery(delivery(body, { attributes }), { registry, log, deadLetter: async () => undefined });

describe('real samples of every shape', () => {
  it.each(SAMPLES.map((sample) => [sample.name, sample] as const))('%s is understood', async (_, sample) => {
    const verdict = await process(bodyOf(sample), sample.attributes);
    if (sample.name === 'S3 event notification') {
      // No task handles object-created events yet: a permanent, named rejection, not a crash.
      expect(verdict.outcome.status === 'dead-letter' && verdict.outcome.error.message).toMatch(
        /^no task for route "s3:ObjectCreated:Put"/,
      );
    } else {
      expect(verdict.action).toBe('ack');
    }
  });
});

describe('every field of every shape, mutated', () => {
  it.each(SAMPLES.map((sample) => [sample.name, sample] as const))(
    '%s: each mutation is acked or dead-lettered with a named problem',
    async (_, sample) => {
      const before = snapshotPrototypes();
      const mutations = mutationsOf(sample);
      expect(mutations.length).toBeGreaterThan(0);
      const problems: string[] = [];
      for (const mutation of mutations) {
        const verdict = await process(mutation.body, mutation.attributes);
        const { outcome } = verdict;
        if (outcome.status === 'ok') continue;
        if (outcome.status === 'retry') {
          problems.push(`${mutation.label}: retried (${outcome.error.name}: ${outcome.error.message})`);
          continue;
        }
        // Replacing a whole envelope payload (EventBridge `detail`, SNS `Message`, a destination's
        // `requestPayload`) breaks the task's payload: the task then names the payload or its field.
        const brokenKey = PAYLOAD_KEYS.has(mutation.key) ? undefined : mutation.key;
        const reason = problemNotNamed(outcome.error, brokenKey);
        if (reason) problems.push(`${mutation.label}: ${reason} — ${outcome.error.message}`);
      }
      expect(problems).toEqual([]);
      expectNoPollution(before);
    },
  );

  it('covers every replacement on every sample', () => {
    const total = SAMPLES.flatMap(mutationsOf).length;
    // 13 samples × their fields × 15 replacements, plus attribute mutations: well over a thousand cases.
    expect(total).toBeGreaterThan(1500);
    expect(REPLACEMENTS.length).toBe(15);
  });
});

/**
 * The SQS record itself is built by Lambda, not by the sender, so these are not realistic inputs; they
 * check that even a malformed record cannot make the handler throw or answer with an id that is not in
 * the batch, and that the well-formed record next to it still gets exactly one outcome.
 */
describe('every field of the SQS record, mutated, through the handler', () => {
  const good = sqsRecordFactory('{"type":"test","data":"Hello Worker!"}', { messageId: 'good-1' });
  const victim = sqsRecordFactory('{"type":"test","data":"Hello Worker!"}', {
    messageId: 'victim-1',
    messageAttributes: { type: { dataType: 'String', stringValue: 'test' } },
  });
  const paths: string[][] = [];
  const walk = (value: unknown, prefix: string[]) => {
    if (value === null || typeof value !== 'object') return;
    for (const [key, child] of Object.entries(value)) {
      paths.push([...prefix, key]);
      walk(child, [...prefix, key]);
    }
  };
  walk(victim, []);

  it.each(paths.map((path) => [path.join('.'), path] as const))('%s', async (_, path) => {
    const before = snapshotPrototypes();
    for (const [, raw] of REPLACEMENTS) {
      const record = JSON.parse(JSON.stringify(victim)) as Record<string, unknown>;
      let parent = record;
      for (const key of path.slice(0, -1)) parent = parent[key] as Record<string, unknown>;
      const last = path[path.length - 1] as string;
      if (typeof raw === 'string') parent[last] = JSON.parse(raw);
      else delete parent[last];

      const { invoke, observed } = createHarness();
      const records = [record as unknown as SQSRecord, good];
      const response = await invoke({ Records: records });

      expect(Object.keys(response)).toEqual(['batchItemFailures']);
      const reported = response.batchItemFailures.map((failure) => failure.itemIdentifier);
      for (const id of reported) expect(records.map((entry) => entry.messageId)).toContain(id);
      const goodOutcomes =
        observed.completed.filter((id) => id === good.messageId).length +
        observed.deadLettered.filter((id) => id === good.messageId).length +
        reported.filter((id) => id === good.messageId).length;
      expect(goodOutcomes, `good record beside ${path.join('.')} := ${raw.toString()}`).toBe(1);
    }
    expectNoPollution(before);
  });
});
