import { defineTask } from '../core/registry.js';

/**
 * S3 sends `s3:TestEvent` once when a bucket notification is configured. Acknowledging it keeps it out
 * of the DLQ (and off the DLQ alarm); it carries no work.
 */
const s3TestEventTask = defineTask({
  name: 's3:TestEvent',
  parse: (payload) => payload,
  run: async (payload, { log }) => {
    log.info('S3 test event acknowledged', { payload });
  },
});

export { s3TestEventTask };
