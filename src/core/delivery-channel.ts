/**
 * Every settled delivery, published on a `node:diagnostics_channel` so an observer in the same process (the
 * local tier's web console, docs/console.md) sees outcomes with their error and task without the adapters
 * knowing about it. Publishing is skipped when nobody subscribes, so Lambda pays one property read.
 */
import { channel } from 'node:diagnostics_channel';
import type { Delivery } from './message.js';
import type { Verdict } from './verdict.js';

/** What happened to one delivery: its verdict's action, or `skipped` after an earlier failure in its FIFO group. */
type DeliveryEventAction = Verdict['action'] | 'skipped';

/** One settled delivery. Carries identifiers and the error, never the body. */
type DeliveryEvent = {
  messageId: string;
  queue?: string;
  groupId?: string;
  receiveCount: number;
  task?: string;
  route?: string;
  action: DeliveryEventAction;
  durationMs: number;
  errorName?: string;
  errorMessage?: string;
  /** Epoch ms when the verdict was reached. */
  at: number;
};

/** The channel's name; subscribe with `diagnostics_channel.subscribe(DELIVERY_CHANNEL, listener)`. */
const DELIVERY_CHANNEL = 'worker-tier:delivery';

const deliveryChannel = channel(DELIVERY_CHANNEL);

/**
 * Publishes a delivery's verdict (or its FIFO skip) when someone listens. publish() never throws here:
 * diagnostics_channel rethrows a subscriber's error on a later tick, so subscribers must catch their own.
 */
function publishDelivery(delivery: Delivery, verdict: Verdict, skipped = false): void {
  // Stryker disable next-line ConditionalExpression: publishing with no subscriber is a no-op; the return only skips building the event
  if (!deliveryChannel.hasSubscribers) return;
  const { outcome } = verdict;
  const event: DeliveryEvent = {
    messageId: delivery.messageId,
    queue: delivery.queue,
    groupId: delivery.groupId,
    receiveCount: delivery.receiveCount,
    task: outcome.task,
    route: outcome.message?.route,
    action: skipped ? 'skipped' : verdict.action,
    durationMs: outcome.durationMs,
    errorName: outcome.status === 'ok' ? undefined : outcome.error.name,
    errorMessage: outcome.status === 'ok' ? undefined : outcome.error.message,
    at: Date.now(),
  };
  deliveryChannel.publish(event);
}

export type { DeliveryEvent, DeliveryEventAction };
export { DELIVERY_CHANNEL, publishDelivery };
