import { describe, expect, it } from 'vitest';
import { processDelivery } from '../../src/core/process-delivery.js';
import { deliveryFactory, sqsEventFactory, sqsRecordFactory } from '../helpers/factories.js';
import { hostileThrowables } from '../helpers/hostile-throwables.js';
import { appRegistryWith, testOnlyTask } from '../helpers/registries.js';
import { asWorkerHandler, failedIds, fakeSqs, workerDeps } from '../helpers/worker.js';

const ok = JSON.stringify({ type: 'test', data: 'Hello Worker!' });
const hostile = JSON.stringify({ type: 'hostile' });

describe.each(hostileThrowables)('a task that throws $case', ({ make }) => {
  const registry = appRegistryWith({
    hostile: testOnlyTask('hostile', async () => {
      throw make();
    }),
  });

  it('fails only its own record; the successes of the batch are reported as successes', async () => {
    const records = [sqsRecordFactory(ok), sqsRecordFactory(hostile), sqsRecordFactory(ok)];
    const sqs = fakeSqs(async () => ({ Successful: [{ Id: '0' }], Failed: [] }));
    const { deps, capture } = workerDeps({ registry, sqs: sqs.provider, errorVisibilityTimeout: 5 });

    const response = await asWorkerHandler(deps)(sqsEventFactory(records));

    expect(failedIds(response)).toEqual([records[1]?.messageId]);
    expect(capture.withMessage('whole batch failed; every record is reported for retry')).toEqual([]);
    expect(capture.withMessage('message failed, will be retried')).toEqual([
      expect.objectContaining({
        messageId: records[1]?.messageId,
        task: 'hostile',
        errorName: 'TaskFailedError',
      }),
    ]);
    // Its visibility is still changed: the failure path ran to the end.
    expect(sqs.sent.map((command) => command.name)).toEqual(['ChangeMessageVisibilityBatchCommand']);
  });

  it('processDelivery resolves to a retry verdict instead of throwing', async () => {
    const { deps } = workerDeps({ registry });

    const verdict = await processDelivery(deliveryFactory({ body: hostile }), deps);

    expect(verdict.action).toBe('retry');
  });
});
