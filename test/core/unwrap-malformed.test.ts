import { describe, expect, it } from 'vitest';
import { isPermanent, MalformedMessageError } from '../../src/core/errors.js';
import type { MessageAttribute } from '../../src/core/message.js';
import { unwrap } from '../../src/core/unwrap.js';
import { deliveryFactory, sqsRecordFactory, stringAttribute } from '../helpers/factories.js';
import { awsFixture, awsFixtureText } from '../helpers/fixtures.js';

/** The error unwrap throws for `body`, or a failure if it does not throw one. */
const malformed = (body: string, messageAttributes: Record<string, MessageAttribute> = {}) => {
  const delivery = deliveryFactory({ body, messageAttributes, queue: 'work-queue' });
  try {
    unwrap(delivery);
  } catch (error) {
    if (!(error instanceof MalformedMessageError)) throw error;
    return { error, delivery };
  }
  throw new Error(`unwrap accepted ${body}`);
};

const sns = (fields: Record<string, unknown>) =>
  JSON.stringify({ ...awsFixture('sns-notification-envelope.json'), ...fields });

const ec2Event = (fields: Record<string, unknown>) =>
  JSON.stringify({ ...awsFixture('eventbridge-ec2-state-change.json'), ...fields });

const sqsdAttributes = (scheduledTime: string, extra: Record<string, MessageAttribute> = {}) => ({
  'beanstalk.sqsd.scheduled_time': stringAttribute(scheduledTime),
  ...extra,
});

describe('unwrap: malformed bodies become a permanent MalformedMessageError that says why', () => {
  it.each([
    { case: 'not JSON', body: 'this is not json', says: 'body is not valid JSON' },
    {
      case: 'the Lambda docs sample body',
      body: sqsRecordFactory('Test message.').body,
      says: 'not valid JSON',
    },
    { case: 'empty body', body: '', says: 'body is not valid JSON' },
    { case: 'a JSON array', body: '[{"type":"test"}]', says: 'body is JSON array, expected an object' },
    { case: 'a JSON string', body: '"test"', says: 'body is JSON string, expected an object' },
    { case: 'JSON null', body: 'null', says: 'body is JSON null' },
    { case: 'a JSON number', body: '42', says: 'body is JSON number' },
    {
      case: 'an object with no type',
      body: '{"orderId":"o-1","items":[]}',
      says: "no 'type' field (keys: orderId, items)",
    },
    { case: 'an empty object', body: '{}', says: 'keys: none' },
    {
      case: 'an empty type',
      body: '{"type":""}',
      says: "field 'type' is an empty string, expected a task name",
    },
    { case: 'a numeric type', body: '{"type":7}', says: "field 'type' is number" },
    {
      case: 'SNS plain-text Message',
      body: awsFixtureText('sns-notification-envelope.json'),
      says: 'SNS Message is plain text',
    },
    {
      case: 'SNS Message that is JSON but not an object',
      body: sns({ Message: '[1,2]' }),
      says: 'SNS Message is JSON array',
    },
    {
      case: 'SNS Message that is a number',
      body: sns({ Message: 12 }),
      says: "SNS envelope's Message is number, expected a string",
    },
    {
      case: 'SNS Message that is an object',
      body: sns({ Message: { type: 'test' } }),
      says: 'Message is object, expected a string',
    },
    { case: 'SNS Message missing', body: sns({ Message: undefined }), says: 'Message is undefined' },
    {
      case: 'S3 record with an empty eventName',
      body: JSON.stringify({ Records: [{ eventSource: 'aws:s3', eventName: '' }] }),
      says: 'S3 event record has eventName an empty string',
    },
    {
      case: 'EventBridge event with an empty detail-type',
      body: ec2Event({ 'detail-type': '' }),
      says: 'EventBridge event has an empty detail-type',
    },
    {
      case: 'EventBridge detail string that is not JSON',
      body: ec2Event({ detail: '{oops' }),
      says: 'EventBridge detail is a string but not JSON',
    },
    {
      case: 'Scheduled Event with no resources',
      body: JSON.stringify({ ...awsFixture('eventbridge-scheduled-rule.json'), resources: [] }),
      says: 'give the schedule an input such as {"task": "cleanup"}',
    },
    {
      case: 'schedule input with an empty task',
      body: '{"task":""}',
      says: "schedule input field 'task' is an empty string, expected a task name",
    },
    {
      case: 'schedule input with a bad scheduledTime',
      body: '{"task":"cleanup","scheduledTime":"yesterday"}',
      says: 'expected ISO 8601 such as 2026-01-01T00:00:00Z',
    },
    {
      case: 'schedule input with a date-only time',
      body: '{"task":"cleanup","scheduledTime":"2022-03-22"}',
      says: '\'scheduledTime\' is "2022-03-22"',
    },
    {
      case: 'unsubstituted Scheduler placeholder',
      body: '{"task":"cleanup","scheduledTime":"<aws.scheduler.scheduled-time>"}',
      says: 'only filled in by EventBridge Scheduler (method: scheduler)',
    },
    {
      case: 'destination record without a requestPayload object',
      body: JSON.stringify({ ...awsFixture('lambda-destination-on-failure.json'), requestPayload: 'x' }),
      says: 'requestPayload is string',
    },
  ])('$case', ({ body, says }) => {
    const { error, delivery } = malformed(body);

    expect(error.message).toContain(says);
    expect(error.name).toBe('MalformedMessageError');
    expect(isPermanent(error)).toBe(true);
    expect(error).toMatchObject({ messageId: delivery.messageId, queue: 'work-queue' });
  });

  it('a Lambda SQS event pasted as a body is not mistaken for an S3 event', () => {
    expect(malformed(awsFixtureText('sqs-event-standard.json')).error.message).toContain(
      "no 'type' field (keys: Records)",
    );
  });

  it('keeps the error message short for a huge invalid body', () => {
    const { error } = malformed(`{"type": "test", "data": "${'x'.repeat(100_000)}`);

    expect(error.message).toContain('body is not valid JSON');
    expect(error.message.length).toBeLessThan(300);
  });

  it('tells the operator a text body could be routed by a `type` attribute', () => {
    expect(malformed('hello').error.message).toContain("no 'type' message attribute names a task");
  });

  it('an SNS FIFO envelope (real capture) whose Message has no route is malformed after peeling SNS', () => {
    const [record] = awsFixture<{ Records: Array<{ body: string }> }>(
      'sqs-event-sns-fifo-envelope.json',
    ).Records;

    expect(malformed(record?.body ?? '').error.message).toContain(
      "no 'type' field (keys: message, username)",
    );
  });

  it('stops at more than three nested envelopes', () => {
    let body = JSON.stringify({ type: 'test' });
    for (let depth = 0; depth < 4; depth++) body = sns({ Message: body });

    expect(malformed(body).error.message).toContain('more than 3 nested envelopes');
  });

  it('accepts three nested envelopes', () => {
    let body = JSON.stringify({ type: 'test' });
    for (let depth = 0; depth < 3; depth++) body = sns({ Message: body });

    expect(unwrap(deliveryFactory({ body })).via).toEqual(['sns', 'sns', 'sns']);
  });
});

describe('unwrap: malformed sqsd periodic tasks', () => {
  it.each([
    { scheduledTime: '2017-03-22T23:10:00Z' },
    { scheduledTime: '2017-03-22 23:10:00' },
    { scheduledTime: '22/03/2017 23:10 UTC' },
    { scheduledTime: '' },
  ])('rejects scheduled_time "$scheduledTime" naming the expected format', ({ scheduledTime }) => {
    const attributes = sqsdAttributes(scheduledTime, { 'beanstalk.sqsd.path': stringAttribute('/cleanup') });

    expect(malformed('elasticbeanstalk scheduled job', attributes).error.message).toContain(
      'expected "YYYY-MM-DD HH:MM:SS UTC"',
    );
  });

  it('rejects a periodic task with neither path nor task name', () => {
    expect(malformed('', sqsdAttributes('2017-03-22 23:10:00 UTC')).error.message).toContain(
      'periodic task has neither beanstalk.sqsd.path nor beanstalk.sqsd.task_name',
    );
  });
});

describe('unwrap: `__proto__` in a body is data, never the prototype', () => {
  it('a top-level __proto__ key neither routes nor pollutes', () => {
    const { error } = malformed('{"__proto__":{"type":"test"}}');

    expect(error.message).toContain('keys: __proto__');
    expect(({} as Record<string, unknown>).type).toBeUndefined();
  });

  it('a __proto__ key next to a valid type stays in the payload as an own property', () => {
    const message = unwrap(deliveryFactory({ body: '{"type":"test","__proto__":{"polluted":true}}' }));
    const payload = message.payload as Record<string, unknown>;

    expect(message.route).toBe('test');
    expect(Object.hasOwn(payload, '__proto__')).toBe(true);
    expect(payload.polluted).toBeUndefined();
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('an SNS envelope with Type/TopicArn only on its prototype is not an envelope', () => {
    const body =
      '{"__proto__":{"Type":"Notification","TopicArn":"arn:aws:sns:us-west-2:123456789012:MyTopic","Message":"{\\"type\\":\\"test\\"}"}}';

    expect(malformed(body).error.message).toContain("no 'type' field");
  });
});
