import { CreateQueueCommand, DeleteMessageCommand, type Message, type SQSClient } from '@aws-sdk/client-sqs';
import { describe, expect, it } from 'vitest';
import { unwrap } from '../../../src/core/unwrap.js';
import { defaultQueueName } from '../../../src/local/cli/default-queue.js';
import {
  isConnectionRefused,
  SendIncompleteError,
  sendMessages,
} from '../../../src/local/cli/send-messages.js';
import { snsEnvelope } from '../../../src/local/cli/sns-envelope.js';
import { readLocalService } from '../../../src/service/service-model.js';
import { useEmbeddedSqs } from '../../helpers/embedded-queues.js';
import { drain, uniqueName } from '../../helpers/queue-io.js';

const local = useEmbeddedSqs();

const topic = { region: 'us-east-1', accountId: '000000000000', topicName: 't', fifo: false };

describe('sendMessages', () => {
  it('sends `count` copies in batches of 10, reporting progress per batch', async () => {
    const { QueueUrl: url = '' } = await local.client.send(
      new CreateQueueCommand({ QueueName: uniqueName('send') }),
    );
    const progress: number[] = [];
    const ids = await sendMessages(local.client, {
      queueUrl: url,
      count: 25,
      body: (i) => `m${i}`,
      onProgress: (n) => progress.push(n),
    });

    expect(new Set(ids).size).toBe(25);
    // Three calls (10 + 10 + 5); they may complete in any order.
    expect(progress).toHaveLength(3);
    expect(Math.max(...progress)).toBe(25);
    expect((await drain(local.client, url)).map((m) => m.Body).sort()).toEqual(
      Array.from({ length: 25 }, (_, i) => `m${i}`).sort(),
    );
  });

  it('gives FIFO copies one group and distinct deduplication ids, in order', async () => {
    const { QueueUrl: url = '' } = await local.client.send(
      new CreateQueueCommand({ QueueName: uniqueName('send', true), Attributes: { FifoQueue: 'true' } }),
    );
    await sendMessages(local.client, { queueUrl: url, count: 12, body: (i) => String(i), groupId: 'g1' });
    // A FIFO group stays locked while a message of it is in flight: delete as we go.
    const received: Message[] = [];
    for (let round = 0; round < 20 && received.length < 12; round++) {
      const batch = await drain(local.client, url, 10);
      received.push(...batch);
      for (const message of batch) {
        await local.client.send(
          new DeleteMessageCommand({ QueueUrl: url, ReceiptHandle: message.ReceiptHandle }),
        );
      }
    }

    expect(received.map((m) => m.Body)).toEqual(Array.from({ length: 12 }, (_, i) => String(i)));
    expect(new Set(received.map((m) => m.Attributes?.MessageGroupId))).toEqual(new Set(['g1']));
    expect(new Set(received.map((m) => m.Attributes?.MessageDeduplicationId)).size).toBe(12);
  });

  it('when the endpoint dies mid-send, says how many were accepted (exactly what the queue holds) and how many not', async () => {
    const { QueueUrl: url = '' } = await local.client.send(
      new CreateQueueCommand({ QueueName: uniqueName('send-dies') }),
    );
    // The real endpoint for the first 5 calls, then connections are refused, as when `npm start` stops.
    let calls = 0;
    const refused = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:4566'), { code: 'ECONNREFUSED' });
    const dying = {
      send: (command: Parameters<SQSClient['send']>[0]) =>
        calls++ < 5 ? local.client.send(command) : Promise.reject(refused),
    } as unknown as SQSClient;
    const error = await sendMessages(dying, {
      queueUrl: url,
      count: 200,
      body: (i) => `m${i}`,
      parallel: 1,
    }).then(
      () => undefined,
      (thrown: unknown) => thrown,
    );

    expect(error).toBeInstanceOf(SendIncompleteError);
    const incomplete = error as SendIncompleteError;
    expect(incomplete).toMatchObject({
      requested: 200,
      accepted: 50,
      unconfirmed: 10,
      refused: 0,
      notSent: 140,
    });
    expect(incomplete.message).toBe(
      `50 of 200 messages accepted by ${url}; 150 not accepted (10 in calls that failed (not confirmed), 140 not sent)`,
    );
    expect(isConnectionRefused(incomplete.cause)).toBe(true);
    expect(incomplete.ids.filter(Boolean)).toHaveLength(50);
    // What it calls accepted is what the queue holds.
    expect((await drain(local.client, url)).map((m) => m.Body).sort()).toEqual(
      Array.from({ length: 50 }, (_, i) => `m${i}`).sort(),
    );
  });

  it('counts a batch SQS refuses as not accepted, stops sending, and accounts for every message', async () => {
    const { QueueUrl: url = '' } = await local.client.send(
      new CreateQueueCommand({ QueueName: uniqueName('send-refused') }),
    );
    // Message 12 is over SQS's 1 MiB limit, so its batch is refused.
    const error = await sendMessages(local.client, {
      queueUrl: url,
      count: 30,
      body: (i) => (i === 12 ? 'x'.repeat(2 * 1024 * 1024) : `m${i}`),
      parallel: 1,
    }).then(
      () => undefined,
      (thrown: unknown) => thrown as SendIncompleteError,
    );
    expect(error).toBeInstanceOf(SendIncompleteError);
    expect(error?.accepted).toBe((await drain(local.client, url)).length);
    expect(error?.accepted).toBeLessThan(30);
    expect(
      (error?.accepted ?? 0) + (error?.refused ?? 0) + (error?.unconfirmed ?? 0) + (error?.notSent ?? 0),
    ).toBe(30);
  });

  it('recognises a refused connection however deeply the SDK wraps it', () => {
    const refused = Object.assign(new Error('connect'), { code: 'ECONNREFUSED' });
    expect(isConnectionRefused(new Error('x', { cause: new AggregateError([refused]) }))).toBe(true);
    expect(isConnectionRefused(new Error('QueueDoesNotExist'))).toBe(false);
  });
});

describe('snsEnvelope', () => {
  it('is an SNS Notification the worker unwraps back to the original message', () => {
    const body = snsEnvelope('{"type":"test","data":1}', topic, 0n);
    const envelope = JSON.parse(body);
    expect(envelope).toMatchObject({
      Type: 'Notification',
      SignatureVersion: '1',
      TopicArn: 'arn:aws:sns:us-east-1:000000000000:t',
    });
    const message = unwrap({ messageId: 'm', body, messageAttributes: {}, receiveCount: 1 });
    expect(message).toMatchObject({ route: 'test', payload: { type: 'test', data: 1 }, via: ['sns'] });
  });

  it('for a FIFO topic carries a SequenceNumber and no signature', () => {
    const envelope = JSON.parse(snsEnvelope('x', { ...topic, fifo: true }, 7n));
    expect(envelope.TopicArn).toBe('arn:aws:sns:us-east-1:000000000000:t.fifo');
    expect(envelope.SequenceNumber).toBe('10000000000000000007');
    expect(envelope.Signature).toBeUndefined();
  });
});

describe('defaultQueueName', () => {
  it('is the queue of the first enabled sqs event', () => {
    const service = readLocalService({
      service: 's',
      provider: { stage: 'dev' },
      functions: {
        off: {
          handler: 'a.b',
          events: [{ sqs: { arn: { 'Fn::GetAtt': ['Other', 'Arn'] }, enabled: false } }],
        },
        on: { handler: 'a.b', events: [{ sqs: { arn: { 'Fn::GetAtt': ['Work', 'Arn'] } } }] },
      },
      resources: {
        Resources: {
          Work: { Type: 'AWS::SQS::Queue', Properties: { QueueName: 'the-work' } },
          Other: { Type: 'AWS::SQS::Queue' },
        },
      },
    });
    expect(defaultQueueName(service)).toBe('the-work');
  });

  it('is the first FIFO queue for --group, and the first standard one otherwise', () => {
    const service = readLocalService({
      service: 's',
      provider: { stage: 'dev' },
      functions: {
        worker: {
          handler: 'a.b',
          events: [
            { sqs: { arn: { 'Fn::GetAtt': ['Orders', 'Arn'] } } },
            { sqs: { arn: { 'Fn::GetAtt': ['Work', 'Arn'] } } },
          ],
        },
      },
      resources: {
        Resources: {
          Work: { Type: 'AWS::SQS::Queue', Properties: { QueueName: 'the-work' } },
          Orders: { Type: 'AWS::SQS::Queue', Properties: { QueueName: 'orders.fifo', FifoQueue: true } },
        },
      },
    });
    expect(defaultQueueName(service)).toBe('the-work');
    expect(defaultQueueName(service, { fifo: true })).toBe('orders.fifo');
  });

  it('says what is missing when the service has no FIFO sqs event', () => {
    const service = readLocalService({
      service: 's',
      provider: { stage: 'dev' },
      functions: { on: { handler: 'a.b', events: [{ sqs: { arn: { 'Fn::GetAtt': ['Work', 'Arn'] } } }] } },
      resources: { Resources: { Work: { Type: 'AWS::SQS::Queue', Properties: { QueueName: 'w' } } } },
    });
    expect(() => defaultQueueName(service, { fifo: true })).toThrow('has no sqs event on a FIFO queue');
  });
});
