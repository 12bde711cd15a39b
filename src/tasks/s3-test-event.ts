import { isObject, own } from '../core/json.js';
import { defineTask } from '../core/registry.js';

/**
 * S3 sends `s3:TestEvent` once when a bucket notification is configured. Acknowledging it keeps it out
 * of the DLQ (and off the DLQ alarm); it carries no work.
 */
const s3TestEventTask = defineTask({
  name: 's3:TestEvent',
  parse: (payload) => payload,
  // The bucket identifies the notification; the whole payload only at debug, like every payload.
  run: async (payload, { log }) => {
    const bucket =
      isObject(payload) && typeof own(payload, 'Bucket') === 'string' ? own(payload, 'Bucket') : undefined;
    log.info('S3 test event acknowledged', { bucket });
    log.debug('S3 test event payload', { payload });
  },
});

export { s3TestEventTask };
