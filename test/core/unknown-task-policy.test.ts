/**
 * UNKNOWN_TASK_POLICY in the one dispatch contract: `delete` acknowledges a message only when no task is
 * registered for its route (what sqsd's 404 did on EB); every other permanent failure still goes to the
 * DLQ. The parity suite compares the adapters; this pins processDelivery itself.
 */
import { describe, expect, it, vi } from 'vitest';
import { type DeadLetterPort, isAcked, processDelivery } from '../../src/core/process-delivery.js';
import { captureLogger } from '../helpers/capture-logger.js';
import { deliveryFactory } from '../helpers/factories.js';
import { appRegistryWith } from '../helpers/registries.js';

const registry = appRegistryWith();
const unknownRoute = JSON.stringify({ type: 'invoice_reminder' });

describe('processDelivery with unknownTaskPolicy', () => {
  it("'delete' deletes a message for an unknown task, says so at warn, and never dead-letters it", async () => {
    const capture = captureLogger();
    const deadLetter = vi.fn<DeadLetterPort>(async () => {});
    const delivery = deliveryFactory({ body: unknownRoute, queue: 'work-queue', receiveCount: 2 });

    const verdict = await processDelivery(delivery, {
      registry,
      log: capture.log,
      deadLetter,
      unknownTaskPolicy: 'delete',
    });

    expect(verdict.action).toBe('deleted');
    expect(isAcked(verdict)).toBe(true);
    expect(deadLetter).not.toHaveBeenCalled();
    expect(capture.failures()).toEqual([
      expect.objectContaining({
        level: 'warn',
        message: 'message for an unknown task deleted (UNKNOWN_TASK_POLICY=delete)',
        messageId: delivery.messageId,
        route: 'invoice_reminder',
        queue: 'work-queue',
        receiveCount: 2,
        errorName: 'UnknownRouteError',
      }),
    ]);
  });

  it.each([
    { case: 'a malformed body', body: 'not json' },
    { case: 'a payload that fails validation', body: JSON.stringify({ type: 'user_signup', userId: 'u-1' }) },
  ])("'delete' still dead-letters $case", async ({ body }) => {
    const deadLetter = vi.fn<DeadLetterPort>(async () => {});

    const verdict = await processDelivery(deliveryFactory({ body }), {
      registry,
      log: captureLogger().log,
      deadLetter,
      unknownTaskPolicy: 'delete',
    });

    expect(verdict.action).toBe('dead-lettered');
    expect(deadLetter).toHaveBeenCalledTimes(1);
  });

  it("'dead-letter' (the default) dead-letters a message for an unknown task", async () => {
    const deadLetter = vi.fn<DeadLetterPort>(async () => {});

    const verdict = await processDelivery(deliveryFactory({ body: unknownRoute }), {
      registry,
      log: captureLogger().log,
      deadLetter,
      unknownTaskPolicy: 'dead-letter',
    });

    expect(verdict.action).toBe('dead-lettered');
  });
});
