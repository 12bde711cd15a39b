import { describe, expect, it } from 'vitest';
import { interpretBatchResponse } from '../../../src/local/lambda/batch-response.js';

const ids = new Set(['m1', 'm2', 'm3']);

describe('interpretBatchResponse', () => {
  it('keeps exactly the listed messages, ignoring duplicates and extra keys', () => {
    const disposition = interpretBatchResponse(
      { batchItemFailures: [{ itemIdentifier: 'm2' }, { itemIdentifier: 'm2', note: 'x' }] },
      ids,
    );
    expect(disposition).toEqual({ kind: 'keep-listed', failedIds: new Set(['m2']) });
  });

  it.each([
    ['a bare array', [{ itemIdentifier: 'm1' }]],
    ['an API Gateway style response', { statusCode: 200, body: '{"batchItemFailures":[]}' }],
    ['a string', 'ok'],
  ])('deletes the batch on %s, the undocumented case, but warns', (_label, payload) => {
    const disposition = interpretBatchResponse(payload, ids);
    expect(disposition.kind).toBe('delete-all');
    expect(disposition).toHaveProperty('warning');
  });

  it.each([[null], [{}], [{ batchItemFailures: [] }], [{ batchItemFailures: null }]])(
    'treats %j as complete success without a warning',
    (payload) => {
      expect(interpretBatchResponse(payload, ids)).toEqual({ kind: 'delete-all' });
    },
  );

  it.each([
    [{ batchItemFailures: [{ itemIdentifier: 42 }] }, 'batchItemFailures[0].itemIdentifier is 42'],
    [{ batchItemFailures: [{ itemIdentifier: 'm1' }, { itemIdentifier: 'zz' }] }, '"zz" is not a messageId'],
    [{ batchItemFailures: [[]] }, 'batchItemFailures[0] is [], not an object'],
    [{ batchItemFailures: 'm1' }, 'batchItemFailures is "m1", not an array'],
  ])('fails the whole batch on %j', (payload, reason) => {
    const disposition = interpretBatchResponse(payload, ids);
    expect(disposition.kind).toBe('keep-all');
    expect(disposition).toHaveProperty('reason', expect.stringContaining(reason));
  });
});
