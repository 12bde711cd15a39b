import { createRuntime } from './runtime.js';
import { createScheduledHandler } from './scheduled-handler.js';

/**
 * EventBridge Scheduler / rule target. Invoked asynchronously: a thrown error lets Lambda retry
 * (`maximumRetryAttempts`) and then hands the event to the on-failure destination, so no run is lost.
 */
const { config, registry, log, deadLetter } = createRuntime(process.env);

const handler = createScheduledHandler({
  registry,
  log,
  deadLetter,
  stopMarginMs: config.stopMarginMs,
});

export { handler };
