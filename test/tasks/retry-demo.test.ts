import { describe, expect, it } from 'vitest';
import { processDelivery } from '../../src/core/process-delivery.js';
import { registry } from '../../src/tasks/index.js';
import { captureLogger } from '../helpers/capture-logger.js';
import { deliveryFactory } from '../helpers/factories.js';

/** One delivery of `body` at `receiveCount` through the real registry, with a DLQ spy. */
async function deliver(body: unknown, receiveCount: number) {
  const capture = captureLogger();
  const deadLettered: string[] = [];
  const delivery = deliveryFactory({ body: JSON.stringify(body), receiveCount });
  const verdict = await processDelivery(delivery, {
    registry,
    log: capture.log,
    deadLetter: async (d) => {
      deadLettered.push(d.messageId);
    },
  });
  const error = verdict.outcome.status === 'ok' ? undefined : verdict.outcome.error;
  return { verdict, error, deadLettered, lines: capture.lines };
}

describe('task: retry_demo', () => {
  it('fails retryably while the receive count is at most `failures`, then succeeds', async () => {
    const body = { type: 'retry_demo', failures: 2 };
    const actions = [];
    for (const receiveCount of [1, 2, 3]) actions.push((await deliver(body, receiveCount)).verdict.action);

    expect(actions).toEqual(['retry', 'retry', 'ack']);
  });

  it('says which attempt failed, as a RetryableError', async () => {
    const { error } = await deliver({ type: 'retry_demo', failures: 2 }, 2);

    expect(error?.name).toBe('RetryableError');
    expect(error?.message).toContain('receive 2 of 2');
  });

  it('fails once by default and reads `failures` from a data envelope', async () => {
    expect((await deliver({ type: 'retry_demo' }, 1)).verdict.action).toBe('retry');
    expect((await deliver({ type: 'retry_demo' }, 2)).verdict.action).toBe('ack');
    expect((await deliver({ type: 'retry_demo', data: { failures: 3 } }, 3)).verdict.action).toBe('retry');
    expect((await deliver({ type: 'retry_demo', data: { failures: 3 } }, 4)).verdict.action).toBe('ack');
  });

  it('dead-letters `"fail": "permanent"` on the first receive', async () => {
    const { verdict, error, deadLettered } = await deliver({ type: 'retry_demo', fail: 'permanent' }, 1);

    expect(verdict.action).toBe('dead-lettered');
    expect(error).toMatchObject({ name: 'RetryDemoPermanentError', permanent: true, task: 'retry_demo' });
    expect(deadLettered).toHaveLength(1);
  });

  it.each([
    { case: 'a negative count', body: { failures: -1 }, field: 'failures' },
    { case: 'a fractional count', body: { failures: 1.5 }, field: 'failures' },
    { case: 'more than any redrive allows', body: { failures: 1001 }, field: 'failures' },
    { case: 'an unknown failure kind', body: { fail: 'sometimes' }, field: 'fail' },
  ])('rejects $case as a ValidationError on $field', async ({ body, field }) => {
    const { verdict, error } = await deliver({ type: 'retry_demo', ...body }, 1);

    expect(verdict.action).toBe('dead-lettered');
    expect(error).toMatchObject({ name: 'ValidationError', field });
  });
});
