import { defineTask, type Task } from '../core/registry.js';

/**
 * The EB app's cron jobs. Each logs what it would do and the time it was scheduled for, which comes from
 * the sqsd header, the schedule input or the EventBridge event (the run time when none is known).
 * The same scheduled time on a retry lets a real job be idempotent per run.
 */
function periodicTask(name: string, action: string): Task {
  return defineTask({
    name,
    parse: (payload) => payload,
    run: async (_payload, { message, log, now }) => {
      const scheduledAt = (message.scheduledAt ?? now()).toISOString();
      log.info(`${name}: ${action}`, {
        scheduledAt,
        source: message.source,
        receiveCount: message.receiveCount,
      });
    },
  });
}

export { periodicTask };
