import { subscribe, unsubscribe } from 'node:diagnostics_channel';
import { afterEach, describe, expect, it } from 'vitest';
import { type DeliveryEvent, publishDelivery } from '../../src/core/delivery-channel.js';
import { SkippedAfterGroupFailureError } from '../../src/core/errors.js';
import { processDelivery } from '../../src/core/process-delivery.js';
import { captureLogger } from '../helpers/capture-logger.js';
import { deliveryFactory } from '../helpers/factories.js';
import { appRegistryWith, busyTask } from '../helpers/registries.js';

/** The channel's documented name (docs/console.md): an observer outside this code base subscribes by it. */
const CHANNEL = 'worker-tier:delivery';
const registry = appRegistryWith({ busy: busyTask('busy') });
const events: DeliveryEvent[] = [];
const listener = (message: unknown) => events.push(message as DeliveryEvent);

afterEach(() => {
  unsubscribe(CHANNEL, listener);
  events.length = 0;
});

describe('delivery channel (what the local console observes)', () => {
  it('publishes each verdict with task, route, receive count and error, and never the body', async () => {
    subscribe(CHANNEL, listener);
    const { log } = captureLogger();
    const secret = 'ada@example.com';
    await processDelivery(
      deliveryFactory({ messageId: 'm-ok', body: JSON.stringify({ type: 'test', data: secret }) }),
      { registry, log },
    );
    await processDelivery(
      deliveryFactory({ messageId: 'm-busy', body: JSON.stringify({ type: 'busy' }), receiveCount: 3 }),
      { registry, log },
    );

    expect(events.map((e) => [e.messageId, e.task, e.route, e.action, e.receiveCount])).toEqual([
      ['m-ok', 'test', 'test', 'ack', 1],
      ['m-busy', 'busy', 'busy', 'retry', 3],
    ]);
    expect(events[1]).toMatchObject({ errorName: 'RetryableError', errorMessage: 'lock held elsewhere' });
    expect(JSON.stringify(events)).not.toContain(secret);
  });

  it('carries the queue and message group, and leaves out error fields on success', async () => {
    subscribe(CHANNEL, listener);
    const { log } = captureLogger();
    await processDelivery(
      deliveryFactory({ messageId: 'm-fifo', queue: 'orders.fifo', groupId: 'customer-7' }),
      {
        registry,
        log,
      },
    );

    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({
      messageId: 'm-fifo',
      queue: 'orders.fifo',
      groupId: 'customer-7',
      action: 'ack',
    });
    expect(events[0]?.errorName).toBeUndefined();
    expect(events[0]?.errorMessage).toBeUndefined();
    expect(events[0]?.durationMs).toBeGreaterThanOrEqual(0);
  });

  it('publishes a body that cannot be read with no task or route, and its error', async () => {
    subscribe(CHANNEL, listener);
    const { log } = captureLogger();
    await processDelivery(deliveryFactory({ messageId: 'm-bad', body: '{"type":' }), { registry, log });

    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({
      messageId: 'm-bad',
      action: 'reject',
      errorName: 'MalformedMessageError',
    });
    expect(events[0]?.task).toBeUndefined();
    expect(events[0]?.route).toBeUndefined();
  });

  it('publishes a FIFO message skipped after its group failed as skipped, with the skip as its error', async () => {
    subscribe(CHANNEL, listener);
    const delivery = deliveryFactory({ messageId: 'm-later', groupId: 'customer-7' });
    const error = new SkippedAfterGroupFailureError('skipped: an earlier message of its group failed');

    publishDelivery(delivery, { action: 'retry', outcome: { status: 'retry', durationMs: 0, error } });

    publishDelivery(delivery, { action: 'retry', outcome: { status: 'retry', durationMs: 0, error } }, true);

    expect(events.map((e) => [e.messageId, e.groupId, e.action, e.errorName])).toEqual([
      ['m-later', 'customer-7', 'retry', 'SkippedAfterGroupFailureError'],
      ['m-later', 'customer-7', 'skipped', 'SkippedAfterGroupFailureError'],
    ]);
  });
});
