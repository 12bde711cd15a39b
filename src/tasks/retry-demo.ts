import { RetryableError, ValidationError, WorkerError } from '../core/errors.js';
import { own } from '../core/json.js';
import { defineTask } from '../core/registry.js';
import { validate } from '../core/validate.js';

/**
 * A task that fails on purpose, so the retry path can be watched locally (docs/local-tier.md#watch-a-retry):
 * - `{"type":"retry_demo","failures":2}` fails retryably while the receive count is at most 2, then
 *   succeeds: the message comes back after ERROR_VISIBILITY_TIMEOUT (or the queue's visibility timeout).
 * - `{"type":"retry_demo","fail":"permanent"}` fails permanently: dead-lettered on the first receive.
 */
type RetryDemo = { failures: number; permanent: boolean };

/** More retries than any redrive policy allows (maxReceiveCount is at most 1000) would never succeed. */
const MAX_FAILURES = 1000;

/** The failure a user asked for with `"fail": "permanent"`; dead-lettered like any permanent error. */
class RetryDemoPermanentError extends WorkerError {
  override readonly name = 'RetryDemoPermanentError';
  override readonly permanent = true;
}

function parse(payload: unknown): RetryDemo {
  const body = validate.object(payload);
  const fail = own(body, 'fail');
  if (fail !== undefined && fail !== 'permanent') {
    throw new ValidationError('fail', `expected "permanent" or no field, got ${JSON.stringify(fail)}`);
  }
  const failures =
    own(body, 'failures') === undefined
      ? 1
      : validate.number(body, 'failures', 'failures', { integer: true, min: 0 });
  if (failures > MAX_FAILURES) {
    throw new ValidationError('failures', `must be at most ${MAX_FAILURES}, got ${failures}`);
  }
  return { failures, permanent: fail === 'permanent' };
}

const retryDemoTask = defineTask({
  name: 'retry_demo',
  parse,
  run: async ({ failures, permanent }, { message, log }) => {
    const { receiveCount } = message;
    if (permanent) throw new RetryDemoPermanentError('failing permanently, as the message asked');
    if (receiveCount <= failures) {
      throw new RetryableError(`failing on purpose: receive ${receiveCount} of ${failures} planned failures`);
    }
    log.info('retry demo succeeded', { receiveCount, failures });
  },
});

export { RetryDemoPermanentError, retryDemoTask };
