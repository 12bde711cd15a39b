import { afterEach, describe, expect, it } from 'vitest';
import { startLocalTier } from '../../src/local/tier/start-local-tier.js';
import type { LocalTier } from '../../src/local/tier/tier-types.js';
import { testTask } from '../../src/tasks/test.js';
import { recordingLogger } from '../helpers/capture-logger.js';
import { attribute, REPO_ROOT, workerWithTasks } from '../helpers/e2e-tier.js';
import { eventually } from '../helpers/eventually.js';
import { queueDepth as depth } from '../helpers/queue-depth.js';
import { drain, sendAll } from '../helpers/queue-io.js';
import { type Execution, flakyTask, recording } from '../helpers/registries.js';

/** A service shaped like serverless print's output: one FIFO queue with a FIFO DLQ and a worker on it. */
const fifoService = {
  service: 'e2e-fifo',
  provider: { name: 'aws', stage: 'test', region: 'us-east-1', environment: { LOG_LEVEL: 'info' } },
  functions: {
    orders: {
      handler: 'src/handlers/sqs-worker.handler',
      timeout: 10,
      environment: {
        DEAD_LETTER_QUEUE_URL: { Ref: 'OrdersDlq' },
        ERROR_VISIBILITY_TIMEOUT: '1',
        WORKER_CONCURRENCY: '4',
      },
      events: [
        {
          sqs: {
            arn: { 'Fn::GetAtt': ['OrdersQueue', 'Arn'] },
            batchSize: 10,
            functionResponseType: 'ReportBatchItemFailures',
            maximumConcurrency: 2,
          },
        },
      ],
    },
  },
  resources: {
    Resources: {
      OrdersQueue: {
        Type: 'AWS::SQS::Queue',
        Properties: {
          QueueName: 'e2e-orders.fifo',
          FifoQueue: true,
          VisibilityTimeout: 60,
          RedrivePolicy: { deadLetterTargetArn: { 'Fn::GetAtt': ['OrdersDlq', 'Arn'] }, maxReceiveCount: 5 },
        },
      },
      OrdersDlq: {
        Type: 'AWS::SQS::Queue',
        Properties: { QueueName: 'e2e-orders-dlq.fifo', FifoQueue: true },
      },
    },
  },
};

let tier: LocalTier | undefined;
afterEach(async () => {
  await tier?.stop();
  tier = undefined;
});

describe('local tier: FIFO queue', () => {
  it('keeps order within each group when a message in the middle fails (retryably or permanently)', async () => {
    const executions: Execution[] = [];
    tier = await startLocalTier({
      root: REPO_ROOT,
      service: fifoService,
      port: 0,
      logger: recordingLogger(),
      handlerOverride: (fn) =>
        workerWithTasks(fn.environment, {
          test: recording(testTask, executions),
          flaky: recording(flakyTask, executions),
        }),
    });
    const running = tier;
    const queue = running.queue('OrdersQueue');
    const dlq = tier.queue('OrdersDlq');
    const message = (group: string, id: string, type = 'test', data: object = {}) => ({
      MessageBody: JSON.stringify({ type, data: { id, ...data } }),
      MessageGroupId: group,
      MessageDeduplicationId: id,
    });

    await sendAll(tier.client, queue.url, [
      message('A', 'a1'),
      message('B', 'b1'),
      message('C', 'c1'),
      message('A', 'a2', 'flaky', { succeedOn: 2 }),
      message('B', 'b2', 'user_signup', { userId: 'u', email: 'not-an-email' }),
      message('C', 'c2'),
      message('A', 'a3'),
      message('B', 'b3'),
      message('C', 'c3'),
      message('A', 'a4'),
    ]);
    await eventually(async () => ((await depth(running.client, queue.url)) === 0 ? true : undefined));

    const inGroup = (prefix: string) =>
      executions.filter((e) => e.id.startsWith(prefix)).map((e) => `${e.id}${e.ok ? '' : '!'}`);
    // a3 and a4 were held back (not even attempted) until a2 succeeded on its second receive.
    expect(inGroup('a')).toEqual(['a1', 'a2!', 'a2', 'a3', 'a4']);
    expect(inGroup('b')).toEqual(['b1', 'b3']);
    expect(inGroup('c')).toEqual(['c1', 'c2', 'c3']);
    const [poison, ...rest] = await drain(tier.client, dlq.url);
    expect(rest).toEqual([]);
    expect(JSON.parse(poison?.Body ?? '{}').data.id).toBe('b2');
    expect(attribute(poison, 'worker.error')).toBe('ValidationError');
    expect(poison?.Attributes?.MessageGroupId).toBe('B');
  });
});
