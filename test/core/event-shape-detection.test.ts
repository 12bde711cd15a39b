/**
 * The boundaries of each AWS shape detector (src/core/shapes.ts): what makes a body an EventBridge event, a
 * scheduled event, a schedule input, an S3 notification or a Lambda destination record, and what the
 * operator is told when one is broken. A body that only resembles a shape must fall through to the app's
 * own JSON, never be routed as the shape.
 */
import { describe, expect, it } from 'vitest';
import { MalformedMessageError } from '../../src/core/errors.js';
import type { MessageAttribute } from '../../src/core/message.js';
import { unwrap } from '../../src/core/unwrap.js';
import { deliveryFactory, stringAttribute } from '../helpers/factories.js';
import { awsFixture } from '../helpers/fixtures.js';

type Body = Record<string, unknown>;

const scheduledRule = awsFixture<Body>('eventbridge-scheduled-rule.json');
const ec2Event = awsFixture<Body>('eventbridge-ec2-state-change.json');
const s3Put = awsFixture<Body>('s3-event-object-created-put.json');
const s3Test = awsFixture<Body>('s3-test-event.json');
const destination = awsFixture<Body>('lambda-destination-on-failure.json');

const routedByAttribute = { type: stringAttribute('fallback') };

const unwrapBody = (body: unknown, messageAttributes: Record<string, MessageAttribute> = {}) =>
  unwrap(deliveryFactory({ body: JSON.stringify(body), messageAttributes }));

const errorOf = (body: unknown) => {
  try {
    unwrapBody(body);
  } catch (error) {
    if (error instanceof MalformedMessageError) return error.message;
    throw error;
  }
  throw new Error('unwrap accepted the body');
};

/** The body was not taken for any AWS shape: it is routed by the `type` attribute, as the app's own JSON. */
const expectPlainJson = (body: unknown) => {
  const message = unwrapBody(body, routedByAttribute);
  expect(message).toMatchObject({ route: 'fallback', source: 'json', via: [] });
  expect(message.payload).toEqual(JSON.parse(JSON.stringify(body)));
};

describe('scheduled events (EventBridge rule or Scheduler without input)', () => {
  it.each([
    { arn: 'arn:aws:events:us-east-2:123456789012:rule/nightly', route: 'nightly' },
    { arn: 'arn:aws:scheduler:us-east-2:123456789012:schedule/default/svc-backup', route: 'svc-backup' },
    { arn: 'arn:aws:events:us-east-2:123456789012:rule/bus-name/nightly/', route: 'nightly' },
  ])('routes by the last segment of $arn', ({ arn, route }) => {
    const message = unwrapBody({ ...scheduledRule, resources: [arn, 'arn:aws:events:x:1:rule/other'] });

    expect(message).toMatchObject({ route, source: 'schedule', via: [] });
    expect(message.scheduledAt?.toISOString()).toBe('2019-03-01T01:23:45.000Z');
  });

  it('an unreadable time leaves scheduledAt unset; the run still happens', () => {
    const message = unwrapBody({ ...scheduledRule, time: 'soon' });

    expect(message.route).toBe('my-schedule');
    expect(message.scheduledAt).toBeUndefined();
  });

  it.each([
    { resources: undefined },
    { resources: 'arn:aws:events:us-east-2:123456789012:rule/nightly' },
    { resources: [] },
    { resources: [42] },
    { resources: ['///'] },
  ])('resources $resources name no schedule: malformed, with the fix', ({ resources }) => {
    expect(errorOf({ ...scheduledRule, resources })).toBe(
      'scheduled event has no input and no rule or schedule ARN in resources: give the schedule an input such as {"task": "cleanup"}',
    );
  });
});

describe('EventBridge events', () => {
  it.each([
    { detail: { state: 'running' }, payload: { state: 'running' } },
    { detail: '{"state":"running"}', payload: { state: 'running' } },
    { detail: '[1,2]', payload: [1, 2] },
    { detail: null, payload: null },
  ])('routes by detail-type with detail $detail as the payload', ({ detail, payload }) => {
    const message = unwrapBody({ ...ec2Event, detail });

    expect(message).toMatchObject({ route: 'EC2 Instance State-change Notification', source: 'eventbridge' });
    expect(message.payload).toEqual(payload);
  });

  it.each([
    { case: 'no detail', body: { ...ec2Event, detail: undefined } },
    { case: 'a numeric detail-type', body: { ...ec2Event, 'detail-type': 5 } },
    { case: 'no source', body: { ...ec2Event, source: undefined } },
    { case: 'a numeric source', body: { ...ec2Event, source: 7 } },
  ])('an event with $case is not EventBridge', ({ body }) => {
    expectPlainJson(body);
  });

  it('a detail string that is not JSON names the parser reason', () => {
    expect(errorOf({ ...ec2Event, detail: '{oops' })).toMatch(
      /^EventBridge detail is a string but not JSON \(.*JSON.*\)$/,
    );
  });
});

describe('schedule inputs', () => {
  it('`time` from an input transformer is used when there is no scheduledTime', () => {
    const message = unwrapBody({ task: 'cleanup', time: '2026-02-03T04:05:06Z' });

    expect(message).toMatchObject({ route: 'cleanup', source: 'schedule' });
    expect(message.scheduledAt?.toISOString()).toBe('2026-02-03T04:05:06.000Z');
  });

  it('scheduledTime wins over time', () => {
    const message = unwrapBody({
      task: 'cleanup',
      scheduledTime: '2026-01-01T00:00:00Z',
      time: '2027-01-01T00:00:00Z',
    });

    expect(message.scheduledAt?.toISOString()).toBe('2026-01-01T00:00:00.000Z');
  });

  it('a body with both task and type is the app’s typed JSON, routed by type', () => {
    const message = unwrapBody({ task: 'cleanup', type: 'report' });

    expect(message).toMatchObject({ route: 'report', source: 'json' });
    expect(message.scheduledAt).toBeUndefined();
  });

  it.each([
    { scheduledTime: 5, shown: '5' },
    { scheduledTime: true, shown: 'true' },
    { scheduledTime: { at: 'now' }, shown: 'object' },
    { scheduledTime: ['2026-01-01T00:00:00Z'], shown: 'array' },
    { scheduledTime: 'next tuesday', shown: '"next tuesday"' },
  ])('a scheduledTime of $shown is malformed, quoting it', ({ scheduledTime, shown }) => {
    expect(errorOf({ task: 'cleanup', scheduledTime })).toBe(
      `schedule input field 'scheduledTime' is ${shown}, expected ISO 8601 such as 2026-01-01T00:00:00Z`,
    );
  });

  it('an unfilled Scheduler placeholder says which target fills it in', () => {
    expect(errorOf({ task: 'cleanup', scheduledTime: '<aws.scheduler.scheduled-time>' })).toBe(
      `schedule input field 'scheduledTime' is "<aws.scheduler.scheduled-time>": the placeholder is only filled in by EventBridge Scheduler (method: scheduler)`,
    );
  });

  it.each([
    { task: 5, shown: 'number' },
    { task: null, shown: 'null' },
    { task: '', shown: 'an empty string' },
  ])('a task of $shown is malformed', ({ task, shown }) => {
    expect(errorOf({ task })).toBe(`schedule input field 'task' is ${shown}, expected a task name`);
  });
});

describe('S3 notifications', () => {
  it.each([
    { case: 'an empty Records list', body: { Records: [] } },
    { case: 'Records that is not a list', body: { Records: { eventSource: 'aws:s3' } } },
    {
      case: 'a first record from another service',
      body: { Records: [{ eventSource: 'aws:sqs', eventName: 'x' }] },
    },
    { case: 'a first record that is not an object', body: { Records: ['aws:s3'] } },
    { case: 'a test event from another service', body: { ...s3Test, Service: 'Amazon SNS' } },
    { case: 'another event from S3', body: { ...s3Test, Event: 's3:Other' } },
  ])('$case is not S3', ({ body }) => {
    expectPlainJson(body);
  });

  it('a record with a numeric eventName is malformed', () => {
    const [record] = s3Put.Records as Body[];

    expect(errorOf({ Records: [{ ...record, eventName: 5 }] })).toBe('S3 event record has eventName number');
  });
});

describe('Lambda destination records', () => {
  it('routes the failed request it carries, noting the envelope', () => {
    const message = unwrapBody(destination);

    expect(message).toMatchObject({ route: 'cleanup', source: 'schedule', via: ['lambda-destination'] });
  });

  it.each([
    {
      case: 'a requestContext without functionArn',
      body: { ...destination, requestContext: { condition: 'x' } },
    },
    { case: 'an empty functionArn', body: { ...destination, requestContext: { functionArn: '' } } },
    {
      case: 'a requestContext that is a string',
      body: { ...destination, requestContext: 'arn:aws:lambda:x' },
    },
  ])('$case is not a destination record', ({ body }) => {
    expectPlainJson(body);
  });

  it('a null requestPayload is malformed', () => {
    expect(errorOf({ ...destination, requestPayload: null })).toBe(
      "Lambda destination record's requestPayload is null",
    );
  });
});

describe('JSON without a route', () => {
  it('lists five keys, then an ellipsis', () => {
    expect(errorOf({ a: 1, b: 2, c: 3, d: 4, e: 5, f: 6 })).toBe(
      "JSON object has no 'type' field (keys: a, b, c, d, e, ...), and no 'type' message attribute names a task",
    );
    expect(errorOf({ a: 1, b: 2, c: 3, d: 4, e: 5 })).toBe(
      "JSON object has no 'type' field (keys: a, b, c, d, e), and no 'type' message attribute names a task",
    );
  });
});
