import { defineTask } from '../core/registry.js';

/** The EB app's documented smoke test: `{"type": "test", "data": "Hello Worker!"}` is logged and acked. */
const testTask = defineTask({
  name: 'test',
  parse: (payload) => payload,
  run: async (payload, { log }) => {
    log.info('test message received', { payload });
  },
});

export { testTask };
