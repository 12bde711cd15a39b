import { subscribe, unsubscribe } from 'node:diagnostics_channel';
import { afterEach, describe, expect, it } from 'vitest';
import { DELIVERY_CHANNEL, type DeliveryEvent } from '../../src/core/delivery-channel.js';
import { processDelivery } from '../../src/core/process-delivery.js';
import { captureLogger } from '../helpers/capture-logger.js';
import { deliveryFactory } from '../helpers/factories.js';
import { appRegistryWith, busyTask } from '../helpers/registries.js';

const registry = appRegistryWith({ busy: busyTask('busy') });
const events: DeliveryEvent[] = [];
const listener = (message: unknown) => events.push(message as DeliveryEvent);

afterEach(() => {
  unsubscribe(DELIVERY_CHANNEL, listener);
  events.length = 0;
});

describe('delivery channel (what the local console observes)', () => {
  it('publishes each verdict with task, route, receive count and error, and never the body', async () => {
    subscribe(DELIVERY_CHANNEL, listener);
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
});
