import type { Delivery } from '../core/message.js';
import type { Registry } from '../core/registry.js';
import { unwrap } from '../core/unwrap.js';

/**
 * The task a record given up at the settle moment was running, for the metrics: routed again as its
 * Dispatch routed it (unwrap and the registry are pure, so the answer is the same). Only that rare path
 * pays for it; a batch that ends in time keeps no task per record. Undefined when the record never
 * reached a task (a malformed message still being dead-lettered).
 */
function runningTask(delivery: Delivery, registry: Registry): string | undefined {
  try {
    return registry.resolve(unwrap(delivery))?.name;
  } catch {
    return undefined;
  }
}

export { runningTask };
