import type { SQSBatchResponse, SQSRecord } from 'aws-lambda';
import { expect } from 'vitest';
import type { Observed } from './harness.js';

/**
 * What must hold for any batch, whatever the bodies:
 * - the response is `{batchItemFailures}` whose ids are distinct record ids (anything else makes Lambda
 *   fail or silently delete the whole batch, docs/lambda-behaviour.md#partial-batch-response);
 * - every record has exactly one outcome: completed by its task, dead-lettered, or reported for retry;
 *   a record that is not reported was completed or dead-lettered (so deleting it loses nothing);
 * - the EMF metrics count every record once;
 * - only reported records get their visibility shortened;
 * - FIFO: within a group, once a record is reported every later record of that group is reported too,
 *   and completions happen in record order.
 */
const expectBatchInvariants = (
  records: readonly SQSRecord[],
  response: SQSBatchResponse,
  observed: Observed,
  options: { fifo?: boolean } = {},
): void => {
  expect(Object.keys(response)).toEqual(['batchItemFailures']);
  expect(Array.isArray(response.batchItemFailures)).toBe(true);
  const ids = records.map((record) => record.messageId);
  const reported = response.batchItemFailures.map((failure) => {
    expect(Object.keys(failure)).toEqual(['itemIdentifier']);
    return failure.itemIdentifier;
  });
  expect(new Set(reported).size).toBe(reported.length);
  for (const id of reported) expect(ids).toContain(id);

  const count = (list: readonly string[], id: string) => list.filter((entry) => entry === id).length;
  for (const id of ids) {
    const outcomes = count(observed.completed, id) + count(observed.deadLettered, id) + count(reported, id);
    expect(outcomes, `record ${JSON.stringify(id)} outcomes`).toBe(1);
  }

  const totals = observed.metrics.reduce(
    (sum, document) => ({
      processed: sum.processed + document.Processed,
      failed: sum.failed + document.Failed,
      deadLettered: sum.deadLettered + document.DeadLettered,
    }),
    { processed: 0, failed: 0, deadLettered: 0 },
  );
  expect(totals).toEqual({
    processed: observed.completed.length,
    failed: reported.length,
    deadLettered: observed.deadLettered.length,
  });

  expect([...observed.visibilityChanged].sort()).toEqual([...reported].sort());

  if (options.fifo) {
    const groups = new Map<string, string[]>();
    for (const record of records) {
      const group = record.attributes.MessageGroupId ?? '';
      groups.set(group, [...(groups.get(group) ?? []), record.messageId]);
    }
    for (const [group, members] of groups) {
      const firstReported = members.findIndex((id) => reported.includes(id));
      if (firstReported >= 0) {
        expect(
          members.slice(firstReported).every((id) => reported.includes(id)),
          `group ${group}`,
        ).toBe(true);
      }
      const completedInGroup = observed.completed.filter((id) => members.includes(id));
      const inRecordOrder = members.filter((id) => completedInGroup.includes(id));
      expect(completedInGroup, `group ${group} completion order`).toEqual(inRecordOrder);
    }
  }
};

export { expectBatchInvariants };
