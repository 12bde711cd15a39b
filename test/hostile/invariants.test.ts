import { describe, expect, it } from 'vitest';
import { MalformedMessageError, ValidationError } from '../../src/core/errors.js';
import { fifoRecordFactory, sqsRecordFactory } from '../helpers/factories.js';
import { expectBatchInvariants } from '../helpers/hostile/batch-invariants.js';
import type { Observed } from '../helpers/hostile/harness.js';
import { expectNoPollution, problemNotNamed, snapshotPrototypes } from '../helpers/hostile/invariants.js';

/** The detectors the hostile suites rely on do fire: a suite with a blind checker would pass anything. */

const observed = (overrides: Partial<Observed> = {}): Observed => ({
  completed: [],
  deadLettered: [],
  visibilityChanged: [],
  metrics: [],
  logLines: [],
  ...overrides,
});

const metrics = (processed: number, failed: number, deadLettered: number) => [
  { Task: 'test', Processed: processed, Failed: failed, DeadLettered: deadLettered },
];

describe('hostile-suite detectors', () => {
  it('notice a key added to Object.prototype', () => {
    const before = snapshotPrototypes();
    Object.defineProperty(Object.prototype, 'polluted', { value: 'yes', configurable: true });
    try {
      expect(() => expectNoPollution(before)).toThrow();
    } finally {
      delete (Object.prototype as Record<string, unknown>).polluted;
    }
    expectNoPollution(before);
  });

  it('reject an empty or unspecific permanent error', () => {
    expect(problemNotNamed(new MalformedMessageError(''))).toBe('empty message');
    expect(problemNotNamed(new MalformedMessageError('something went wrong'))).toBeDefined();
    expect(problemNotNamed(new ValidationError('email', 'bad'), 'userId')).toMatch(/not the broken field/);
    expect(problemNotNamed(new MalformedMessageError("field 'type' is number"))).toBeUndefined();
  });

  const records = [sqsRecordFactory('{}', { messageId: 'a' }), sqsRecordFactory('{}', { messageId: 'b' })];

  it('accept a consistent batch', () => {
    expectBatchInvariants(
      records,
      { batchItemFailures: [{ itemIdentifier: 'b' }] },
      observed({ completed: ['a'], visibilityChanged: ['b'], metrics: metrics(1, 1, 0) }),
    );
  });

  it.each([
    ['an id that is not in the batch', { batchItemFailures: [{ itemIdentifier: 'zzz' }] }, observed()],
    [
      'a record reported twice',
      { batchItemFailures: [{ itemIdentifier: 'b' }, { itemIdentifier: 'b' }] },
      observed(),
    ],
    [
      'a record acked without being processed (lost)',
      { batchItemFailures: [] },
      observed({ completed: ['a'], metrics: metrics(1, 0, 0) }),
    ],
    [
      'a record both processed and reported',
      { batchItemFailures: [{ itemIdentifier: 'a' }, { itemIdentifier: 'b' }] },
      observed({ completed: ['a'], visibilityChanged: ['a', 'b'], metrics: metrics(1, 2, 0) }),
    ],
    [
      'metrics that miss a record',
      { batchItemFailures: [{ itemIdentifier: 'b' }] },
      observed({ completed: ['a'], visibilityChanged: ['b'], metrics: metrics(1, 0, 0) }),
    ],
    [
      'a visibility change for an acked record',
      { batchItemFailures: [{ itemIdentifier: 'b' }] },
      observed({ completed: ['a'], visibilityChanged: ['a', 'b'], metrics: metrics(1, 1, 0) }),
    ],
    [
      'a response with extra keys',
      { batchItemFailures: [], statusCode: 200 },
      observed({ completed: ['a', 'b'], metrics: metrics(2, 0, 0) }),
    ],
  ])('reject %s', (_, response, seen) => {
    expect(() => expectBatchInvariants(records, response, seen)).toThrow();
  });

  it('reject a FIFO group that continues after a reported record', () => {
    const fifo = [
      fifoRecordFactory('{}', 'g', { messageId: 'a' }),
      fifoRecordFactory('{}', 'g', { messageId: 'b' }),
    ];
    expect(() =>
      expectBatchInvariants(
        fifo,
        { batchItemFailures: [{ itemIdentifier: 'a' }] },
        observed({ completed: ['b'], visibilityChanged: ['a'], metrics: metrics(1, 1, 0) }),
        { fifo: true },
      ),
    ).toThrow(/group g/);
  });
});
