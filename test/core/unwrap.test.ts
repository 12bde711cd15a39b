import { describe, expect, it } from 'vitest';
import type { MessageAttribute } from '../../src/core/message.js';
import { unwrap } from '../../src/core/unwrap.js';
import { deliveryFactory, stringAttribute } from '../helpers/factories.js';
import { awsFixture, awsFixtureText } from '../helpers/fixtures.js';

const unwrapBody = (body: string, messageAttributes: Record<string, MessageAttribute> = {}) =>
  unwrap(deliveryFactory({ body, messageAttributes }));

/** An SNS envelope (the SNS docs sample) carrying `message` and, optionally, SNS message attributes. */
const snsBody = (message: string, messageAttributes?: Record<string, { Type: string; Value: string }>) =>
  JSON.stringify({
    ...awsFixture('sns-notification-envelope.json'),
    Message: message,
    ...(messageAttributes ? { MessageAttributes: messageAttributes } : {}),
  });

const scheduleInput = { task: 'cleanup', scheduledTime: '2022-03-22T18:59:43Z' };

describe('unwrap: every real body shape', () => {
  describe.each([
    {
      shape: "the EB app's typed JSON",
      body: JSON.stringify({ type: 'test', data: 'Hello Worker!' }),
      route: 'test',
      source: 'json',
      via: [],
      payload: { type: 'test', data: 'Hello Worker!' },
    },
    {
      shape: 'SNS envelope around typed JSON',
      body: snsBody(JSON.stringify({ type: 'user_signup', userId: 'u-1', email: 'a@example.com' })),
      route: 'user_signup',
      source: 'json',
      via: ['sns'],
      payload: { type: 'user_signup', userId: 'u-1', email: 'a@example.com' },
    },
    {
      shape: 'S3 ObjectCreated:Put notification',
      body: awsFixtureText('s3-event-object-created-put.json'),
      route: 's3:ObjectCreated:Put',
      source: 's3',
      via: [],
      payload: awsFixture('s3-event-object-created-put.json'),
    },
    {
      shape: 'S3 s3:TestEvent',
      body: awsFixtureText('s3-test-event.json'),
      route: 's3:TestEvent',
      source: 's3-test',
      via: [],
      payload: awsFixture('s3-test-event.json'),
    },
    {
      shape: 'S3 notification through SNS',
      body: awsFixtureText('sns-envelope-s3-event.json'),
      route: 's3:ObjectCreated:Put',
      source: 's3',
      via: ['sns'],
      payload: awsFixture('s3-event-object-created-put.json'),
    },
    {
      shape: 'EventBridge event delivered to SQS',
      body: awsFixtureText('eventbridge-ec2-state-change.json'),
      route: 'EC2 Instance State-change Notification',
      source: 'eventbridge',
      via: [],
      payload: { 'instance-id': ' i-1234567890abcdef0', state: 'terminated' },
    },
    {
      shape: 'EventBridge event whose detail is a JSON string',
      body: JSON.stringify({
        ...awsFixture('eventbridge-ec2-state-change.json'),
        'detail-type': 'order_processing',
        detail: JSON.stringify({ orderId: 'o-1' }),
      }),
      route: 'order_processing',
      source: 'eventbridge',
      via: [],
      payload: { orderId: 'o-1' },
    },
    {
      shape: 'schedule input',
      body: JSON.stringify(scheduleInput),
      route: 'cleanup',
      source: 'schedule',
      via: [],
      payload: scheduleInput,
    },
    {
      shape: 'Lambda on-failure destination record of a scheduled run',
      body: awsFixtureText('lambda-destination-on-failure.json'),
      route: 'cleanup',
      source: 'schedule',
      via: ['lambda-destination'],
      payload: scheduleInput,
    },
    {
      shape: 'destination record published through SNS',
      body: snsBody(awsFixtureText('lambda-destination-on-failure.json')),
      route: 'cleanup',
      source: 'schedule',
      via: ['sns', 'lambda-destination'],
      payload: scheduleInput,
    },
  ])('$shape', ({ body, route, source, via, payload }) => {
    it(`routes to '${route}' with source '${source}'`, () => {
      const message = unwrapBody(body);

      expect(message.route).toBe(route);
      expect(message.source).toBe(source);
      expect(message.via).toEqual(via);
      expect(message.payload).toEqual(payload);
      expect(message.rawBody).toBe(body);
    });
  });

  it('carries the delivery metadata through unchanged', () => {
    const sentAt = new Date('2026-01-01T00:00:00Z');
    const delivery = deliveryFactory({ receiveCount: 3, sentAt, groupId: 'g-1', queue: 'orders.fifo' });

    const message = unwrap(delivery);

    expect(message).toMatchObject({
      id: delivery.messageId,
      receiveCount: 3,
      sentAt,
      groupId: 'g-1',
      queue: 'orders.fifo',
    });
  });
});

describe('unwrap: scheduled runs carry the time they were scheduled for', () => {
  it.each([
    {
      shape: 'EventBridge rule without input (rule name routes)',
      body: awsFixtureText('eventbridge-scheduled-rule.json'),
      route: 'my-schedule',
      scheduledAt: '2019-03-01T01:23:45.000Z',
    },
    {
      shape: 'Scheduler default payload, detail "{}" (schedule name routes)',
      body: awsFixtureText('scheduler-default-payload.json'),
      route: 'test-schedule',
      scheduledAt: '2024-11-07T22:05:00.000Z',
    },
    {
      shape: 'schedule input with scheduledTime',
      body: JSON.stringify(scheduleInput),
      route: 'cleanup',
      scheduledAt: '2022-03-22T18:59:43.000Z',
    },
    {
      shape: "schedule input with an input transformer's time",
      body: JSON.stringify({ task: 'reports', time: '2026-06-01T06:00:00Z' }),
      route: 'reports',
      scheduledAt: '2026-06-01T06:00:00.000Z',
    },
  ])('$shape', ({ body, route, scheduledAt }) => {
    const message = unwrapBody(body);

    expect(message.route).toBe(route);
    expect(message.source).toBe('schedule');
    expect(message.scheduledAt?.toISOString()).toBe(scheduledAt);
  });

  it('a schedule input without a time has no scheduledAt (the task falls back to now)', () => {
    expect(unwrapBody(JSON.stringify({ task: 'backup' })).scheduledAt).toBeUndefined();
  });
});

describe('unwrap: sqsd periodic tasks', () => {
  const periodic = awsFixture<{ body: string; messageAttributes: Record<string, MessageAttribute> }>(
    'sqsd-periodic-task-message.json',
  );

  it('routes the sample by the last path segment and ignores the body', () => {
    const message = unwrapBody(periodic.body, periodic.messageAttributes);

    expect(message).toMatchObject({ route: 'schedule', source: 'sqsd-periodic', via: [] });
    expect(message.scheduledAt?.toISOString()).toBe('2017-03-22T23:10:00.000Z');
    expect(message.payload).toEqual({
      task: 'schedule',
      path: '/worker/schedule',
      scheduledAt: '2017-03-22T23:10:00.000Z',
    });
  });

  it.each([
    { path: '/cleanup', taskName: 'hourly-cleanup', route: 'cleanup' },
    { path: '/reports?format=csv', taskName: 'daily', route: 'reports' },
    { path: '/', taskName: 'backup', route: 'backup' },
    { path: undefined, taskName: 'backup', route: 'backup' },
  ])('path $path, task_name $taskName -> $route', ({ path, taskName, route }) => {
    const attributes: Record<string, MessageAttribute> = {
      'beanstalk.sqsd.task_name': stringAttribute(taskName),
      'beanstalk.sqsd.scheduled_time': stringAttribute('2017-03-22 23:10:00 UTC'),
      ...(path === undefined ? {} : { 'beanstalk.sqsd.path': stringAttribute(path) }),
    };

    expect(unwrapBody('', attributes).route).toBe(route);
  });
});

describe('unwrap: attributes', () => {
  it('keeps String and Number attributes as strings and drops Binary ones', () => {
    const message = unwrapBody(JSON.stringify({ type: 'test' }), {
      'req-id': stringAttribute('24479a02'),
      attempt: { dataType: 'Number', stringValue: '3' },
      'priority.level': { dataType: 'String.custom', stringValue: 'high' },
      blob: { dataType: 'Binary', binaryValue: 'AAEC' },
    });

    expect({ ...message.attributes }).toEqual({
      'req-id': '24479a02',
      attempt: '3',
      'priority.level': 'high',
    });
  });

  it('routes a plain-text body by its `type` message attribute', () => {
    const message = unwrapBody('<order id="7"/>', { type: stringAttribute('order_processing') });

    expect(message).toMatchObject({ route: 'order_processing', source: 'text', payload: '<order id="7"/>' });
  });

  it('merges SNS MessageAttributes under the SQS ones, SQS winning a clash', () => {
    const body = snsBody('Hello world!', {
      type: { Type: 'String', Value: 'test' },
      region: { Type: 'String', Value: 'from-sns' },
      retries: { Type: 'Number', Value: '2' },
      tags: { Type: 'String.Array', Value: '["a","b"]' },
      raw: { Type: 'Binary', Value: 'AAEC' },
    });

    const message = unwrapBody(body, { region: stringAttribute('from-sqs') });

    expect(message).toMatchObject({ route: 'test', source: 'text', via: ['sns'], payload: 'Hello world!' });
    expect({ ...message.attributes }).toEqual({
      type: 'test',
      region: 'from-sqs',
      retries: '2',
      tags: '["a","b"]',
    });
  });

  it('keeps `__proto__` and `constructor` attribute names as plain data', () => {
    const record = JSON.parse(
      '{"__proto__": {"dataType": "String", "stringValue": "p"}, "constructor": {"dataType": "String", "stringValue": "c"}}',
    ) as Record<string, MessageAttribute>;

    const message = unwrapBody(JSON.stringify({ type: 'test' }), record);

    expect(Object.getPrototypeOf(message.attributes)).toBeNull();
    expect(Object.keys(message.attributes).sort()).toEqual(['__proto__', 'constructor']);
    expect(message.attributes.constructor).toBe('c');
  });
});
