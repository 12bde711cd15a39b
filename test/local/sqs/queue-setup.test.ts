import { GetQueueAttributesCommand } from '@aws-sdk/client-sqs';
import { describe, expect, it } from 'vitest';
import { startEmbeddedSqs } from '../../../src/local/sqs/embedded-sqs.js';
import {
  createQueues,
  orderDeadLettersFirst,
  type QueueDefinition,
} from '../../../src/local/sqs/queue-setup.js';
import { uniqueName } from '../../helpers/queue-io.js';

const redrive = (target: string) => ({
  RedrivePolicy: { deadLetterTargetLogicalId: target, maxReceiveCount: 5 },
});

describe('orderDeadLettersFirst', () => {
  it('puts every dead-letter target before its sources, through chains', () => {
    const ordered = orderDeadLettersFirst([
      { logicalId: 'Main', name: 'main', attributes: redrive('Dlq') },
      { logicalId: 'Dlq', name: 'dlq', attributes: redrive('Last') },
      { logicalId: 'Last', name: 'last' },
    ]);
    expect(ordered.map((d) => d.logicalId)).toEqual(['Last', 'Dlq', 'Main']);
  });

  it.each([
    [
      [{ logicalId: 'A', name: 'a', attributes: redrive('Nope') }],
      /unknown dead-letter target logicalId "Nope"/,
    ],
    [
      [
        { logicalId: 'A', name: 'a', attributes: redrive('B') },
        { logicalId: 'B', name: 'b', attributes: redrive('A') },
      ],
      /cycle: A -> B -> A/,
    ],
    [
      [
        { logicalId: 'A', name: 'a.fifo', fifo: true, attributes: redrive('B') },
        { logicalId: 'B', name: 'b' },
      ],
      /must have the same type/,
    ],
    [
      [
        { logicalId: 'A', name: 'a' },
        { logicalId: 'A', name: 'b' },
      ],
      /duplicate logicalIds/,
    ],
  ] as [QueueDefinition[], RegExp][])('rejects invalid definitions (%#)', (definitions, message) => {
    expect(() => orderDeadLettersFirst(definitions)).toThrow(message);
  });
});

describe('createQueues', () => {
  it('creates queues with their attributes and returns url, arn and name per logical id', async () => {
    const sqs = await startEmbeddedSqs({ port: 0, region: 'eu-west-1' });
    const client = sqs.createClient();
    try {
      const name = uniqueName('jobs', true);
      const dlqName = uniqueName('jobs-dlq', true);
      const queues = await createQueues(client, [
        {
          logicalId: 'Jobs',
          name,
          fifo: true,
          attributes: { VisibilityTimeout: 60, ContentBasedDeduplication: true, ...redrive('JobsDlq') },
        },
        {
          logicalId: 'JobsDlq',
          name: dlqName,
          fifo: true,
          attributes: { MessageRetentionPeriod: 1_209_600 },
        },
      ]);
      const jobs = queues.get('Jobs');
      expect(jobs).toMatchObject({ name, arn: `arn:aws:sqs:eu-west-1:000000000000:${name}` });
      const { Attributes } = await client.send(
        new GetQueueAttributesCommand({ QueueUrl: jobs?.url, AttributeNames: ['All'] }),
      );
      expect(Attributes).toMatchObject({
        VisibilityTimeout: '60',
        FifoQueue: 'true',
        ContentBasedDeduplication: 'true',
      });
      expect(JSON.parse(Attributes?.RedrivePolicy ?? '{}')).toEqual({
        deadLetterTargetArn: queues.get('JobsDlq')?.arn,
        maxReceiveCount: 5,
      });
    } finally {
      client.destroy();
      await sqs.stop();
    }
  });

  it('refuses a FIFO definition without the .fifo suffix', async () => {
    const sqs = await startEmbeddedSqs({ port: 0 });
    const client = sqs.createClient();
    try {
      await expect(createQueues(client, [{ logicalId: 'Q', name: 'plain', fifo: true }])).rejects.toThrow(
        /\.fifo/,
      );
    } finally {
      client.destroy();
      await sqs.stop();
    }
  });
});
