import { describe, expect, it } from 'vitest';
import { MalformedMessageError } from '../../src/core/errors.js';
import { processDelivery } from '../../src/core/process-delivery.js';
import { unwrap } from '../../src/core/unwrap.js';
import { registry } from '../../src/tasks/index.js';
import { captureLogger } from '../helpers/capture-logger.js';
import { deliveryFactory } from '../helpers/factories.js';

const payloadOf = (body: unknown) => unwrap(deliveryFactory({ body: JSON.stringify(body) })).payload;

describe('data envelopes: the EB app sends fields flat or inside `data`', () => {
  it('lifts the fields of a `data` object next to `type`, dropping `data`', () => {
    const payload = payloadOf({ type: 'user_signup', data: { userId: 'u-1', email: 'a@example.com' } });

    expect(payload).toEqual({ type: 'user_signup', userId: 'u-1', email: 'a@example.com' });
  });

  it('leaves flat fields as they are', () => {
    expect(payloadOf({ type: 'user_signup', userId: 'u-1', email: 'a@example.com' })).toEqual({
      type: 'user_signup',
      userId: 'u-1',
      email: 'a@example.com',
    });
  });

  it.each([
    { case: 'a string (the seed smoke test)', data: 'Hello Worker!' },
    { case: 'an array', data: [1, 2] },
    { case: 'null', data: null },
  ])('leaves `data` in place when it is $case', ({ data }) => {
    expect(payloadOf({ type: 'test', data })).toEqual({ type: 'test', data });
  });

  it('merges flat fields and `data` fields that do not overlap', () => {
    expect(payloadOf({ type: 'user_signup', userId: 'u-1', data: { email: 'a@example.com' } })).toEqual({
      type: 'user_signup',
      userId: 'u-1',
      email: 'a@example.com',
    });
  });

  it('accepts a key in both places when the values are equal', () => {
    expect(payloadOf({ type: 'x', n: { a: 1 }, data: { n: { a: 1 } } })).toEqual({ type: 'x', n: { a: 1 } });
  });

  it('rejects a key in both places with different values as malformed, naming the key', () => {
    const body = { type: 'user_signup', userId: 'u-1', data: { userId: 'u-2', email: 'a@example.com' } };

    expect(() => payloadOf(body)).toThrow(MalformedMessageError);
    expect(() => payloadOf(body)).toThrow(/"userId" is both at the top level and in 'data'/);
  });

  it('rejects a `type` inside `data` that disagrees with the route', () => {
    expect(() => payloadOf({ type: 'test', data: { type: 'user_signup' } })).toThrow(MalformedMessageError);
  });

  it('copies a `__proto__` key inside `data` as data, never as the prototype', () => {
    const payload = payloadOf({ type: 'x', data: JSON.parse('{"__proto__": {"polluted": true}}') }) as Record<
      string,
      unknown
    >;

    expect(Object.hasOwn(payload, '__proto__')).toBe(true);
    expect((payload as { polluted?: unknown }).polluted).toBeUndefined();
    expect(({} as { polluted?: unknown }).polluted).toBeUndefined();
  });

  it('unwraps a data envelope inside an SNS notification too', () => {
    const inner = JSON.stringify({ type: 'user_signup', data: { userId: 'u-1', email: 'a@example.com' } });
    const body = {
      Type: 'Notification',
      TopicArn: 'arn:aws:sns:us-east-1:123456789012:t',
      Message: inner,
    };

    expect(payloadOf(body)).toEqual({ type: 'user_signup', userId: 'u-1', email: 'a@example.com' });
  });
});

describe('data envelopes reach the tasks', () => {
  const run = async (body: unknown) => {
    const delivery = deliveryFactory({ body: JSON.stringify(body) });
    return processDelivery(delivery, { registry, log: captureLogger().log });
  };

  it('acks the issue example user_signup with `data`', async () => {
    const verdict = await run({ type: 'user_signup', data: { userId: 'u-1', email: 'a@example.com' } });

    expect(verdict.action).toBe('ack');
  });

  it('rejects a conflicting user_signup permanently (dead-letter class, not a retry)', async () => {
    const verdict = await run({
      type: 'user_signup',
      userId: 'u-1',
      data: { userId: 'u-2', email: 'a@b.co' },
    });

    expect(verdict.outcome.status).toBe('dead-letter');
    expect(verdict.outcome.status === 'ok' ? undefined : verdict.outcome.error.name).toBe(
      'MalformedMessageError',
    );
  });
});
