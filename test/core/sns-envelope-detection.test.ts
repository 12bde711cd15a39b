/**
 * When a body counts as an SNS envelope: only a `Notification` with a non-empty `TopicArn` is peeled. Anything
 * else that looks similar (a subscription confirmation, a hand-written body with a `Type` field) is the app's
 * own JSON and must keep its fields, or a task would receive a different payload than its producer sent.
 */
import { describe, expect, it } from 'vitest';
import { MalformedMessageError } from '../../src/core/errors.js';
import type { MessageAttribute } from '../../src/core/message.js';
import { unwrap } from '../../src/core/unwrap.js';
import { deliveryFactory, stringAttribute } from '../helpers/factories.js';
import { awsFixture } from '../helpers/fixtures.js';

const envelope = awsFixture<Record<string, unknown>>('sns-notification-envelope.json');

const unwrapBody = (body: unknown, messageAttributes: Record<string, MessageAttribute> = {}) =>
  unwrap(deliveryFactory({ body: JSON.stringify(body), messageAttributes }));

const errorOf = (body: unknown, messageAttributes: Record<string, MessageAttribute> = {}) => {
  try {
    unwrapBody(body, messageAttributes);
  } catch (error) {
    if (error instanceof MalformedMessageError) return error.message;
    throw error;
  }
  throw new Error('unwrap accepted the body');
};

const routedByAttribute = { type: stringAttribute('audit') };

describe('SNS envelope detection', () => {
  it.each([
    { case: 'a Notification without TopicArn', body: { ...envelope, TopicArn: undefined } },
    { case: 'a Notification with an empty TopicArn', body: { ...envelope, TopicArn: '' } },
    { case: 'a Notification with a numeric TopicArn', body: { ...envelope, TopicArn: 42 } },
    { case: 'a SubscriptionConfirmation', body: { ...envelope, Type: 'SubscriptionConfirmation' } },
    { case: 'a body with TopicArn but no Type', body: { ...envelope, Type: undefined } },
  ])('$case is not peeled: the task gets the whole object', ({ body }) => {
    const message = unwrapBody(body, routedByAttribute);

    expect(message).toMatchObject({ route: 'audit', source: 'json', via: [] });
    expect(message.payload).toEqual(JSON.parse(JSON.stringify(body)));
  });

  it('a real Notification is peeled: the task gets the Message', () => {
    const message = unwrapBody({ ...envelope, Message: '{"type":"test","n":1}' });

    expect(message).toMatchObject({
      route: 'test',
      source: 'json',
      via: ['sns'],
      payload: { type: 'test', n: 1 },
    });
  });

  it.each([
    { Message: { type: 'test' }, says: "SNS envelope's Message is object, expected a string" },
    { Message: null, says: "SNS envelope's Message is null, expected a string" },
    { Message: undefined, says: "SNS envelope's Message is undefined, expected a string" },
  ])('a Notification whose Message is not a string is malformed: $says', ({ Message, says }) => {
    expect(errorOf({ ...envelope, Message })).toBe(says);
  });

  it.each([
    { Message: 'plain words', problem: 'SNS Message is plain text' },
    { Message: '[1,2]', problem: 'SNS Message is JSON array' },
    { Message: '"quoted"', problem: 'SNS Message is JSON string' },
    { Message: 'null', problem: 'SNS Message is JSON null' },
  ])('a Notification whose Message is not a JSON object says so ($problem)', ({ Message, problem }) => {
    expect(errorOf({ ...envelope, Message })).toBe(
      `${problem}, and no 'type' message attribute names a task`,
    );
  });

  it('a non-object Message routed by an attribute keeps the Message text as the payload', () => {
    const message = unwrapBody({ ...envelope, Message: '[1,2]' }, routedByAttribute);

    expect(message).toMatchObject({ route: 'audit', source: 'text', via: ['sns'], payload: '[1,2]' });
  });
});

describe('SNS envelope attributes', () => {
  const attributesOf = (MessageAttributes: unknown) =>
    ({ ...unwrapBody({ ...envelope, Message: '{"type":"test"}', MessageAttributes }).attributes }) as Record<
      string,
      string
    >;

  it('keeps String*, Number* and drops Binary, untyped and malformed entries', () => {
    expect(
      attributesOf({
        name: { Type: 'String', Value: 'a' },
        count: { Type: 'Number', Value: '2' },
        price: { Type: 'Number.float', Value: '2.5' },
        custom: { Type: 'String.json', Value: '{}' },
        blob: { Type: 'Binary', Value: 'AAEC' },
        suffixed: { Type: 'Binary.String', Value: 'x' },
        untyped: { Value: 'x' },
        numericType: { Type: 7, Value: 'x' },
        noValue: { Type: 'String' },
        numericValue: { Type: 'Number', Value: 3 },
        bare: 'String',
        nothing: null,
      }),
    ).toEqual({ name: 'a', count: '2', price: '2.5', custom: '{}' });
  });

  it.each([null, 'String', ['a'], 7])('MessageAttributes %j that is not an object adds nothing', (value) => {
    expect(attributesOf(value)).toEqual({});
  });

  it('an SNS `type` attribute routes a plain-text Message', () => {
    const message = unwrapBody({
      ...envelope,
      Message: 'Hello world!',
      MessageAttributes: { type: { Type: 'String', Value: 'greeting' } },
    });

    expect(message).toMatchObject({ route: 'greeting', source: 'text', payload: 'Hello world!' });
  });

  it('the merged attributes have no prototype, so `constructor` is data', () => {
    const message = unwrapBody({
      ...envelope,
      Message: '{"type":"test"}',
      MessageAttributes: { constructor: { Type: 'String', Value: 'c' } },
    });

    expect(Object.getPrototypeOf(message.attributes)).toBeNull();
    expect(message.attributes.constructor).toBe('c');
  });
});
