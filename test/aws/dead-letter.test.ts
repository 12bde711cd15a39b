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

    expect(dlqAttributes(delivery, error, { route: 'user_signup' })).toEqual({
      'trace-id': { DataType: 'String', StringValue: 't-1' },
      blob: { DataType: 'Binary', BinaryValue: Buffer.from([0, 1, 2]) },
      'worker.original-message-id': { DataType: 'String', StringValue: delivery.messageId },
      'worker.route': { DataType: 'String', StringValue: 'user_signup' },
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

  it('packs the rest of ours into one JSON attribute when the originals leave too few slots', () => {
    const delivery = deliveryFactory({ messageAttributes: attributes(7) });

    const out = dlqAttributes(delivery, error, { route: 'user_signup' });

    expect(Object.keys(out)).toHaveLength(10);
    expect(out['worker.original-message-id']?.StringValue).toBe(delivery.messageId);
    expect(out['worker.route']?.StringValue).toBe('user_signup');
    expect(JSON.parse(out['worker.dead-letter']?.StringValue ?? '')).toMatchObject({
      'worker.error': 'ValidationError',
      'worker.task': 'user_signup',
    });
  });

  it('with one slot left, it holds the original message id', () => {
    const delivery = deliveryFactory({ messageAttributes: attributes(9) });

    const out = dlqAttributes(delivery, error);

    expect(Object.keys(out)).toHaveLength(10);
    expect(out['worker.original-message-id']?.StringValue).toBe(delivery.messageId);
  });

  it('drops ours rather than an original attribute when all ten slots are used', () => {
    const out = dlqAttributes(deliveryFactory({ messageAttributes: attributes(10) }), error);

    expect(Object.keys(out).sort()).toEqual(Object.keys(attributes(10)).sort());
  });

  it.each([
    {
      case: 'Number with a stray binaryValue',
      attribute: { dataType: 'Number', stringValue: '42', binaryValue: 'AAEC' },
      sent: { DataType: 'Number', StringValue: '42' },
    },
    {
      case: 'String with binaryValue: null (as Lambda records carry it)',
      attribute: { dataType: 'String', stringValue: 'v', binaryValue: null },
      sent: { DataType: 'String', StringValue: 'v' },
    },
    {
      case: 'custom Number.float',
      attribute: { dataType: 'Number.float', stringValue: '1.5' },
      sent: { DataType: 'Number.float', StringValue: '1.5' },
    },
    {
      case: 'custom String.json',
      attribute: { dataType: 'String.json', stringValue: '{}' },
      sent: { DataType: 'String.json', StringValue: '{}' },
    },
    {
      case: 'Binary with a stray stringValue',
      attribute: { dataType: 'Binary', stringValue: 'x', binaryValue: 'AAEC' },
      sent: { DataType: 'Binary', BinaryValue: Buffer.from([0, 1, 2]) },
    },
    {
      case: 'custom Binary.gz',
      attribute: { dataType: 'Binary.gz', binaryValue: 'H4sI' },
      sent: { DataType: 'Binary.gz', BinaryValue: Buffer.from('H4sI', 'base64') },
    },
  ])('maps by data type: $case', ({ attribute, sent }) => {
    const delivery = deliveryFactory({ messageAttributes: { a: attribute as unknown as MessageAttribute } });

    expect(dlqAttributes(delivery, error).a).toEqual(sent);
  });

  it.each([
    { case: 'an empty String', attribute: { dataType: 'String', stringValue: '' } },
    { case: 'a String with no value', attribute: { dataType: 'String' } },
    { case: 'a Number with stringValue null', attribute: { dataType: 'Number', stringValue: null } },
    { case: 'a Binary with binaryValue null', attribute: { dataType: 'Binary', binaryValue: null } },
    { case: 'an empty Binary', attribute: { dataType: 'Binary', binaryValue: '' } },
    { case: 'an unknown data type', attribute: { dataType: 'Blob', stringValue: 'x' } },
    { case: 'no data type', attribute: { stringValue: 'x' } },
  ])('leaves out what SQS would refuse, and names it: $case', ({ attribute }) => {
    const delivery = deliveryFactory({
      messageAttributes: { bad: attribute as unknown as MessageAttribute },
    });

    const out = dlqAttributes(delivery, error);

    expect(out).not.toHaveProperty('bad');
    expect(out['worker.dropped-attributes']?.StringValue).toBe('bad');
  });

  it('an unknown route keeps the route it failed on; the error message is capped at 1024 characters', () => {
    const long = new UnknownRouteError('x'.repeat(2000));

    const out = dlqAttributes(deliveryFactory({ queue: undefined }), long, { route: 'invoice_reminder' });

    expect(out['worker.task']?.StringValue).toBe('(none)');
    expect(out['worker.route']?.StringValue).toBe('invoice_reminder');
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
    expect(sqs.sent[0]?.input.MessageGroupId).toBeUndefined();
    expect(sqs.sent[0]?.input.MessageDeduplicationId).toBeUndefined();
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

  it("passes the deadline's signal to the SDK and resolves with the copy's message id", async () => {
    const signals: Array<AbortSignal | undefined> = [];
    const sqs = fakeSqs(async (_command, options) => {
      signals.push(options.abortSignal);
      return { MessageId: 'copy-1' };
    });
    const signal = new AbortController().signal;

    const copy = await createDeadLetterSender({
      queueUrl: 'https://sqs.us-east-2.amazonaws.com/123456789012/dlq',
      sqs: sqs.provider,
    })(deliveryFactory(), error, { signal });

    expect(signals).toEqual([signal]);
    expect(copy).toEqual({ messageId: 'copy-1' });
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
