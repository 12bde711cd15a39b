import { describe, expect, it } from 'vitest';
import { ValidationError } from '../../src/core/errors.js';
import type { MessageAttribute } from '../../src/core/message.js';
import { processDelivery } from '../../src/core/process-delivery.js';
import { registry } from '../../src/tasks/index.js';
import { orderTotal } from '../../src/tasks/order-processing.js';
import { captureLogger } from '../helpers/capture-logger.js';
import { deliveryFactory, stringAttribute } from '../helpers/factories.js';
import { awsFixtureText } from '../helpers/fixtures.js';

const clock = () => new Date('2026-05-01T12:34:56Z');

/** Runs one body through the real registry; returns the verdict, the task's own log lines and the error. */
const run = async (body: string, messageAttributes: Record<string, MessageAttribute> = {}) => {
  const capture = captureLogger();
  const delivery = deliveryFactory({ body, messageAttributes, receiveCount: 2 });
  const verdict = await processDelivery(delivery, { registry, log: capture.log, now: clock });
  const error = verdict.outcome.status === 'ok' ? undefined : verdict.outcome.error;
  const taskLines = capture.lines.filter((line) => line.level === 'info');
  return { verdict, taskLines, error, delivery, capture };
};

describe('task: test', () => {
  it('logs messageId and task at info, the payload only at debug, and acks', async () => {
    const body = JSON.stringify({ type: 'test', data: 'Hello Worker!' });

    const { verdict, taskLines, delivery, capture } = await run(body);

    expect(verdict.action).toBe('ack');
    expect(taskLines).toEqual([
      {
        level: 'info',
        time: expect.any(String),
        message: 'test message received',
        messageId: delivery.messageId,
        task: 'test',
      },
    ]);
    expect(capture.withMessage('test message payload')).toEqual([
      expect.objectContaining({ level: 'debug', payload: { type: 'test', data: 'Hello Worker!' } }),
    ]);
  });
});

describe('task: user_signup', () => {
  it('accepts a valid signup and logs the welcome', async () => {
    const { verdict, taskLines } = await run(
      JSON.stringify({ type: 'user_signup', userId: 'u-123', email: 'ada@example.com' }),
    );

    expect(verdict.action).toBe('ack');
    expect(taskLines[0]).toMatchObject({ message: 'welcome email queued', userId: 'u-123' });
    expect(JSON.stringify(taskLines)).not.toContain('ada@example.com');
  });

  it.each([
    { case: 'no @', fields: { userId: 'u', email: 'not-an-email' }, field: 'email' },
    { case: 'no dot in the domain', fields: { userId: 'u', email: 'ada@localhost' }, field: 'email' },
    { case: 'a space', fields: { userId: 'u', email: 'ada lovelace@example.com' }, field: 'email' },
    { case: 'two @', fields: { userId: 'u', email: 'a@b@example.com' }, field: 'email' },
    {
      case: 'over 254 characters',
      fields: { userId: 'u', email: `${'a'.repeat(250)}@example.com` },
      field: 'email',
    },
    { case: 'email missing', fields: { userId: 'u' }, field: 'email' },
    { case: 'email not a string', fields: { userId: 'u', email: 42 }, field: 'email' },
    { case: 'userId missing', fields: { email: 'ada@example.com' }, field: 'userId' },
    { case: 'userId blank', fields: { userId: '  ', email: 'ada@example.com' }, field: 'userId' },
  ])('rejects $case naming `$field`', async ({ fields, field }) => {
    const { verdict, error } = await run(JSON.stringify({ type: 'user_signup', ...fields }));

    expect(verdict.action).toBe('reject');
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).field).toBe(field);
    expect(error?.message.startsWith(`${field}: `)).toBe(true);
    expect(error?.task).toBe('user_signup');
  });

  it('a plain-text body routed by attribute is rejected as a payload that is not an object', async () => {
    const { error } = await run('ada@example.com', { type: stringAttribute('user_signup') });

    expect((error as ValidationError).field).toBe('payload');
  });
});

describe('task: order_processing', () => {
  const order = (items: unknown) => JSON.stringify({ type: 'order_processing', orderId: 'o-42', items });

  it('logs the order with the total computed in integer cents', async () => {
    const items = [
      { sku: 'BOOK-1', quantity: 2, unitPrice: 12.5 },
      { sku: 'PEN-7', quantity: 3, unitPrice: 1.2 },
    ];

    const { verdict, taskLines } = await run(order(items));

    expect(verdict.action).toBe('ack');
    expect(taskLines[0]).toMatchObject({
      message: 'order processed',
      orderId: 'o-42',
      items: 2,
      total: 28.6,
    });
  });

  it.each([
    {
      items: [
        { quantity: 1, unitPrice: 0.1 },
        { quantity: 1, unitPrice: 0.2 },
      ],
      total: 0.3,
    },
    { items: [{ quantity: 3, unitPrice: 19.99 }], total: 59.97 },
    { items: [{ quantity: 7, unitPrice: 0.07 }], total: 0.49 },
    { items: [{ quantity: 1, unitPrice: 0 }], total: 0 },
  ])('orderTotal($items) = $total exactly', ({ items, total }) => {
    expect(orderTotal(items.map((item) => ({ sku: 'X', ...item })))).toBe(total);
  });

  it.each([
    {
      case: 'quantity 0 in the second item',
      items: [
        { sku: 'A', quantity: 1, unitPrice: 1 },
        { sku: 'B', quantity: 0, unitPrice: 1 },
      ],
      field: 'items[1].quantity',
    },
    {
      case: 'fractional quantity',
      items: [{ sku: 'A', quantity: 1.5, unitPrice: 1 }],
      field: 'items[0].quantity',
    },
    {
      case: 'quantity as a string',
      items: [{ sku: 'A', quantity: '2', unitPrice: 1 }],
      field: 'items[0].quantity',
    },
    {
      case: 'negative price',
      items: [{ sku: 'A', quantity: 1, unitPrice: -1 }],
      field: 'items[0].unitPrice',
    },
    {
      case: 'missing sku in the third item',
      items: [
        { sku: 'A', quantity: 1, unitPrice: 1 },
        { sku: 'B', quantity: 1, unitPrice: 1 },
        { quantity: 1, unitPrice: 1 },
      ],
      field: 'items[2].sku',
    },
    { case: 'an item that is not an object', items: ['A'], field: 'items[0]' },
    { case: 'no items', items: [], field: 'items' },
    { case: 'items not an array', items: { sku: 'A' }, field: 'items' },
  ])('rejects $case naming `$field`', async ({ items, field }) => {
    const { verdict, error } = await run(order(items));

    expect(verdict.action).toBe('reject');
    expect((error as ValidationError).field).toBe(field);
    expect(error?.permanent).toBe(true);
  });

  it('rejects a missing orderId', async () => {
    const { error } = await run(JSON.stringify({ type: 'order_processing', items: [] }));

    expect((error as ValidationError).field).toBe('orderId');
  });
});

describe('periodic tasks log the time they were scheduled for', () => {
  const sqsd = (path: string): Record<string, MessageAttribute> => ({
    'beanstalk.sqsd.path': stringAttribute(path),
    'beanstalk.sqsd.task_name': stringAttribute(path.slice(1)),
    'beanstalk.sqsd.scheduled_time': stringAttribute('2017-03-22 23:10:00 UTC'),
  });

  it.each([
    { task: 'cleanup', message: 'cleanup: removing expired temporary data' },
    { task: 'reports', message: 'reports: generating the daily reports' },
    { task: 'backup', message: 'backup: running the weekly backup' },
    { task: 'scheduled', message: 'scheduled: running the periodic job' },
  ])('$task from an sqsd periodic message', async ({ task, message }) => {
    const { verdict, taskLines } = await run('elasticbeanstalk scheduled job', sqsd(`/${task}`));

    expect(verdict.action).toBe('ack');
    expect(taskLines).toEqual([
      expect.objectContaining({
        message,
        task,
        scheduledAt: '2017-03-22T23:10:00.000Z',
        source: 'sqsd-periodic',
        receiveCount: 2,
      }),
    ]);
  });

  it('from a schedule input', async () => {
    const { taskLines } = await run(
      JSON.stringify({ task: 'cleanup', scheduledTime: '2022-03-22T18:59:43Z' }),
    );

    expect(taskLines[0]).toMatchObject({ scheduledAt: '2022-03-22T18:59:43.000Z', source: 'schedule' });
  });

  it('falls back to the current time when nothing says when it was scheduled', async () => {
    const { taskLines } = await run(JSON.stringify({ task: 'backup' }));

    expect(taskLines[0]).toMatchObject({ task: 'backup', scheduledAt: '2026-05-01T12:34:56.000Z' });
  });
});

describe('task: s3:TestEvent', () => {
  it('acknowledges the S3 test message and logs it', async () => {
    const { verdict, taskLines } = await run(awsFixtureText('s3-test-event.json'));

    expect(verdict.action).toBe('ack');
    expect(taskLines[0]).toMatchObject({
      message: 'S3 test event acknowledged',
      task: 's3:TestEvent',
      bucket: 'bucketname',
    });
    expect(taskLines[0]).not.toHaveProperty('payload');
  });
});
