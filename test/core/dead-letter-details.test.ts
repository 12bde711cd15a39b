/**
 * What processDelivery hands the DLQ port besides the delivery and the error: the route it failed on (the
 * DLQ copy's attribute, which a redrive tool filters on) and the settle signal (so the send is aborted
 * when the invocation must return).
 */
import { describe, expect, it, vi } from 'vitest';
import { type DeadLetterPort, processDelivery } from '../../src/core/process-delivery.js';
import { defineTask } from '../../src/core/registry.js';
import { captureLogger } from '../helpers/capture-logger.js';
import { deliveryFactory } from '../helpers/factories.js';
import { appRegistryWith } from '../helpers/registries.js';

describe('processDelivery: dead-letter details', () => {
  it('passes the failed route and the settle signal, and logs the copy id', async () => {
    const capture = captureLogger();
    const settle = new AbortController();
    const deadLetter = vi.fn<DeadLetterPort>(async () => ({ messageId: 'dlq-copy-1' }));
    const delivery = deliveryFactory({ body: JSON.stringify({ type: 'user_signup', userId: 'u-1' }) });

    await processDelivery(delivery, {
      registry: appRegistryWith(),
      log: capture.log,
      deadLetter,
      settleSignal: settle.signal,
    });

    expect(deadLetter.mock.calls[0]?.[2]).toEqual({ route: 'user_signup', signal: settle.signal });
    expect(capture.withMessage('message dead-lettered')).toEqual([
      expect.objectContaining({ messageId: delivery.messageId, deadLetterMessageId: 'dlq-copy-1' }),
    ]);
  });

  it('a body that could not be unwrapped has no route', async () => {
    const deadLetter = vi.fn<DeadLetterPort>(async () => {});

    await processDelivery(deliveryFactory({ body: 'not json' }), {
      registry: appRegistryWith(),
      log: captureLogger().log,
      deadLetter,
    });

    expect(deadLetter.mock.calls[0]?.[2]).toEqual({ route: undefined, signal: undefined });
  });
});

describe('processDelivery: log context', () => {
  it('a processed message is one debug line naming the message and the task', async () => {
    const capture = captureLogger('debug');
    const delivery = deliveryFactory({ body: JSON.stringify({ type: 'test', data: 'hello' }) });

    await processDelivery(delivery, { registry: appRegistryWith(), log: capture.log });

    expect(capture.withMessage('message processed')).toEqual([
      expect.objectContaining({ level: 'debug', messageId: delivery.messageId, task: 'test' }),
    ]);
  });

  it("every line a task logs carries the message id and the task's name", async () => {
    const capture = captureLogger('debug');
    const registry = appRegistryWith({
      chatty: defineTask({
        name: 'chatty',
        parse: (payload) => payload,
        run: async (_payload, { log }) => log.info('step done', { step: 1 }),
      }),
    });
    const delivery = deliveryFactory({ body: JSON.stringify({ type: 'chatty' }) });

    await processDelivery(delivery, { registry, log: capture.log });

    expect(capture.withMessage('step done')).toEqual([
      expect.objectContaining({ messageId: delivery.messageId, task: 'chatty', step: 1 }),
    ]);
  });
});
