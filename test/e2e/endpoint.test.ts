import { CreateQueueCommand, GetQueueAttributesCommand, GetQueueUrlCommand } from '@aws-sdk/client-sqs';
import { describe, expect, it } from 'vitest';
import { startEmbeddedSqs } from '../../src/local/sqs/embedded-sqs.js';
import { startLocalTier } from '../../src/local/tier/start-local-tier.js';
import { recordingLogger } from '../helpers/capture-logger.js';
import { REPO_ROOT, realService } from '../helpers/e2e-tier.js';
import { useEmbeddedSqs } from '../helpers/embedded-queues.js';
import { eventually } from '../helpers/eventually.js';
import { queueDepth as depth } from '../helpers/queue-depth.js';
import { sendAll } from '../helpers/queue-io.js';

// `--endpoint`: the tier uses an SQS endpoint someone else runs (here a second fauxqs), creating only the
// queues that are missing and leaving existing ones (and the endpoint) as they are.
const external = useEmbeddedSqs();

describe('local tier on an existing endpoint', () => {
  it('reuses an existing queue untouched, creates the missing DLQ, processes, and leaves the endpoint running', async () => {
    const { client } = external;
    await client.send(
      new CreateQueueCommand({ QueueName: 'worker-tier-dev-work', Attributes: { VisibilityTimeout: '45' } }),
    );
    const tier = await startLocalTier({
      root: REPO_ROOT,
      service: realService(),
      endpoint: external.sqs.endpoint,
      logger: recordingLogger(),
      schedules: false,
      handlerOverride: (fn) => (fn.key === 'worker' ? async () => ({ batchItemFailures: [] }) : undefined),
    });
    const work = tier.queue('WorkQueue');
    expect(tier.notes).toContain(`WorkQueue: existing queue reused as it is (${work.url})`);
    await sendAll(client, work.url, [{ MessageBody: '{"type":"test"}' }]);
    await eventually(async () => (tier.mappings[0]?.mapping.stats.processed === 1 ? true : undefined));
    await tier.stop();

    const { Attributes } = await client.send(
      new GetQueueAttributesCommand({
        QueueUrl: work.url,
        AttributeNames: ['VisibilityTimeout', 'RedrivePolicy'],
      }),
    );
    expect(Attributes).toEqual({ VisibilityTimeout: '45' });
    const { QueueUrl: dlqUrl } = await client.send(
      new GetQueueUrlCommand({ QueueName: 'worker-tier-dev-dlq' }),
    );
    expect(dlqUrl).toBe(tier.queue('DeadLetterQueue').url);
    expect(await depth(client, work.url)).toBe(0);
  });

  it('fails clearly when nothing answers at the endpoint', async () => {
    const closed = await startEmbeddedSqs({ port: 0 });
    await closed.stop();
    await expect(
      startLocalTier({
        root: REPO_ROOT,
        service: realService(),
        endpoint: closed.endpoint,
        logger: recordingLogger(),
      }),
    ).rejects.toThrow(`No SQS endpoint answers at ${closed.endpoint} (--endpoint)`);
  });
});
