import { defineTask } from '../core/registry.js';

/**
 * The EB app's documented smoke test: `{"type": "test", "data": "Hello Worker!"}` is acked. Info logs
 * say it arrived (the line carries messageId and task); the payload, which may hold anything a sender
 * put in, is logged only at debug, where the logger cuts each field to 1 KB.
 */
const testTask = defineTask({
  name: 'test',
  parse: (payload) => payload,
  run: async (payload, { log }) => {
    log.info('test message received');
    log.debug('test message payload', { payload });
  },
});

export { testTask };
