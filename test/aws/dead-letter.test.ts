import { describe, expect, it } from 'vitest';
import { createDeadLetterSender, dlqAttributes } from '../../src/aws/dead-letter.js';
import { queueUrlFromArn } from '../../src/aws/sqs-client.js';
import { UnknownRouteError, ValidationError } from '../../src/core/errors.js';
import type { MessageAttribute } from '../../src/core/message.js';
import { deliveryFactory, stringAttribute } from '../helpers/factories.js';
import { fakeSqs } from '../helpers/worker.js';

const error = new ValidationError('email', 'not a valid address', { task: 'user_signup' });

const attributes = (count: number): Record<string, MessageAttribute> =>
  Object.fromEntries(
    Array.from({ length: count }, (_, index) => [`a${index}`, stringAttribute(`v${index}`)]),
  );

describe('dlqAttributes', () => {
  it('keeps the original attributes (binary too) and adds why the message was dead-lettered', () => {
    const delivery = deliveryFactory({
      receiveCount: 2,
      queue: 'work-queue',
      messageAttributes: {
        'trace-id': stringAttribute('t-1'),
        blob: { dataType: 'Binary', binaryValue: 'AAEC' },
      },
    });

    expect(dlqAttributes(delivery, error)).toEqual({
      'trace-id': { DataType: 'String', StringValue: 't-1' },
      blob: { DataType: 'Binary', BinaryValue: Buffer.from([0, 1, 2]) },
      'worker.error': { DataType: 'String', StringValue: 'ValidationError' },
      'worker.error-message': { DataType: 'String', StringValue: 'email: not a valid address' },
      'worker.task': { DataType: 'String', StringValue: 'user_signup' },
      'worker.source-queue': { DataType: 'String', StringValue: 'work-queue' },
      'worker.receive-count': { DataType: 'String', StringValue: '2' },
    });
  });

  it('keeps an attribute named __proto__ as an attribute', () => {
    const messageAttributes: Record<string, MessageAttribute> = JSON.parse(
      '{"__proto__": {"dataType": "String", "stringValue": "kept"}}',
    );

    const out = dlqAttributes(deliveryFactory({ messageAttributes }), error);

    expect(Object.hasOwn(out, '__proto__')).toBe(true);
    expect(Object.getPrototypeOf(out)).toBe(Object.prototype);
    expect(Object.keys(out)).toContain('__proto__');
  });

  it('packs ours into one JSON attribute when the originals leave fewer than five of the ten slots', () => {
    const out = dlqAttributes(deliveryFactory({ messageAttributes: attributes(7) }), error);

    expect(Object.keys(out)).toHaveLength(8);
    expect(JSON.parse(out['worker.dead-letter']?.StringValue ?? '')).toMatchObject({
      'worker.error': 'ValidationError',
    });
  });

  it('drops ours rather than an original attribute when all ten slots are used', () => {
    const out = dlqAttributes(deliveryFactory({ messageAttributes: attributes(10) }), error);

    expect(Object.keys(out).sort()).toEqual(Object.keys(attributes(10)).sort());
  });

  it('marks unrouted messages with task (none) and caps the error message at 1024 characters', () => {
    const long = new UnknownRouteError('x'.repeat(2000));

    const out = dlqAttributes(deliveryFactory({ queue: undefined }), long);

    expect(out['worker.task']?.StringValue).toBe('(none)');
    expect(out['worker.source-queue']?.StringValue).toBe('(unknown)');
    expect(out['worker.error-message']?.StringValue).toHaveLength(1024);
  });
});

describe('createDeadLetterSender', () => {
  it('sends the original body to a standard DLQ without FIFO fields', async () => {
    const sqs = fakeSqs();
    const delivery = deliveryFactory({ body: '{"type":"x"}' });

    await createDeadLetterSender({
      queueUrl: 'https://sqs.us-east-2.amazonaws.com/123456789012/dlq',
      sqs: sqs.provider,
    })(delivery, error);

    expect(sqs.sent).toHaveLength(1);
    expect(sqs.sent[0]?.name).toBe('SendMessageCommand');
    expect(sqs.sent[0]?.input).toMatchObject({
      QueueUrl: 'https://sqs.us-east-2.amazonaws.com/123456789012/dlq',
      MessageBody: '{"type":"x"}',
    });
    expect(sqs.sent[0]?.input).not.toHaveProperty('MessageGroupId');
  });

  it('a FIFO DLQ gets the original group and a deduplication id from the messageId', async () => {
    const sqs = fakeSqs();
    const delivery = deliveryFactory({ groupId: 'customer-7' });

    await createDeadLetterSender({
      queueUrl: 'https://sqs.us-east-2.amazonaws.com/123456789012/dlq.fifo',
      sqs: sqs.provider,
    })(delivery, error);

    expect(sqs.sent[0]?.input).toMatchObject({
      MessageGroupId: 'customer-7',
      MessageDeduplicationId: delivery.messageId,
    });
  });

  it('an empty body (sqsd periodic task) is sent as a visible marker, since SQS rejects empty bodies', async () => {
    const sqs = fakeSqs();

    await createDeadLetterSender({
      queueUrl: 'https://sqs.us-east-2.amazonaws.com/123456789012/dlq.fifo',
      sqs: sqs.provider,
    })(deliveryFactory({ body: '' }), error);

    expect(sqs.sent[0]?.input).toMatchObject({ MessageBody: '(empty body)', MessageGroupId: 'dead-letter' });
  });

  it("an sqsd periodic task POSTed with an empty body goes back with sqsd's own marker body", async () => {
    const sqs = fakeSqs();
    const periodic = deliveryFactory({
      body: '',
      messageAttributes: { 'beanstalk.sqsd.scheduled_time': stringAttribute('2026-11-27 13:00:00 UTC') },
    });

    await createDeadLetterSender({
      queueUrl: 'https://sqs.us-east-2.amazonaws.com/1/dlq',
      sqs: sqs.provider,
    })(periodic, error);

    expect(sqs.sent[0]?.input).toMatchObject({ MessageBody: 'elasticbeanstalk scheduled job' });
  });

  it('propagates a send failure so the caller leaves the message for redrive', async () => {
    const sqs = fakeSqs(async () => Promise.reject(new Error('QueueDoesNotExist')));
    const send = createDeadLetterSender({
      queueUrl: 'https://sqs.us-east-2.amazonaws.com/123456789012/dlq',
      sqs: sqs.provider,
    });

    await expect(send(deliveryFactory(), error)).rejects.toThrow('QueueDoesNotExist');
  });
});

describe('queueUrlFromArn', () => {
  it.each([
    {
      arn: 'arn:aws:sqs:us-east-2:123456789012:my-queue',
      url: 'https://sqs.us-east-2.amazonaws.com/123456789012/my-queue',
    },
    {
      arn: 'arn:aws-cn:sqs:cn-north-1:123456789012:q.fifo',
      url: 'https://sqs.cn-north-1.amazonaws.com.cn/123456789012/q.fifo',
    },
  ])('$arn -> $url', ({ arn, url }) => {
    expect(queueUrlFromArn(arn)).toBe(url);
  });

  it.each([
    'arn:aws:sns:us-east-1:123456789012:topic',
    'arn:aws:sqs:us-east-1:123456789012',
    'arn:aws:sqs:us-east-1:123456789012:q:extra',
    'not an arn',
    '',
  ])('rejects %j', (arn) => {
    expect(() => queueUrlFromArn(arn)).toThrow('not an SQS queue ARN');
  });
});
