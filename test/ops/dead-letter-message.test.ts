import { readFileSync } from 'node:fs';
import type { Message, MessageAttributeValue } from '@aws-sdk/client-sqs';
import { describe, expect, it } from 'vitest';
import { dlqAttributes } from '../../src/aws/dead-letter.js';
import { UnknownRouteError, ValidationError } from '../../src/core/errors.js';
import { decodeDeadLetter } from '../../src/ops/dead-letter-message.js';
import { formatAge, formatFailedReport, preview } from '../../src/ops/failed-report.js';
import { deliveryFactory, stringAttribute } from '../helpers/factories.js';

const json = (path: string) => JSON.parse(readFileSync(new URL(path, import.meta.url), 'utf8'));
const SENT = 1_796_040_000_000;

/** What ReceiveMessage returns for a DLQ copy the worker sent with these attributes and body. */
function received(
  body: string,
  attributes: Record<string, MessageAttributeValue>,
  extra: Record<string, string> = {},
): Message {
  return {
    MessageId: 'dlq-id-1',
    ReceiptHandle: 'rh-1',
    Body: body,
    Attributes: { SentTimestamp: String(SENT), ApproximateReceiveCount: '1', ...extra },
    MessageAttributes: attributes,
  };
}

describe('decodeDeadLetter: worker dead-letters (src/aws/dead-letter.ts)', () => {
  const body = '{"type":"user_signup","data":{"email":"x"}}';
  const delivery = deliveryFactory({
    messageId: 'orig-1',
    body,
    receiveCount: 3,
    queue: 'worker-tier-dev-work',
    messageAttributes: { 'trace-id': stringAttribute('t-1') },
  });

  it('shows why, where from and how it retries, with worker.* stripped from the copy', () => {
    const error = new ValidationError('email', 'not a valid address', { task: 'user_signup' });
    const message = decodeDeadLetter(received(body, dlqAttributes(delivery, error)));
    expect(message).toMatchObject({
      kind: 'worker',
      task: 'user_signup',
      errorName: 'ValidationError',
      errorMessage: 'email: not a valid address',
      attempts: 3,
      sourceQueue: 'worker-tier-dev-work',
      sentAt: new Date(SENT),
      retry: {
        kind: 'send',
        queue: 'worker-tier-dev-work',
        body,
        attributes: { 'trace-id': { DataType: 'String', StringValue: 't-1' } },
      },
    });
  });

  it('uses worker.original-message-id and worker.route when present, else the DLQ id', () => {
    const attributes = dlqAttributes(delivery, new UnknownRouteError('no task "nope"', { task: undefined }), {
      route: 'nope',
    });
    expect(decodeDeadLetter(received(body, attributes))).toMatchObject({
      originalId: delivery.messageId,
      route: 'nope',
    });
    // A copy written before the original id was kept (or by another tool) falls back to its own id.
    delete attributes['worker.original-message-id'];
    expect(decodeDeadLetter(received(body, attributes)).originalId).toBe('dlq-id-1');
  });

  it('unpacks worker.dead-letter when the original used most attribute slots, and keeps __proto__', () => {
    // 7 originals, then the original id and the route: one slot is left, so the rest is packed into it.
    const many = Object.fromEntries(Array.from({ length: 6 }, (_, i) => [`a${i}`, stringAttribute(`v${i}`)]));
    const crowded = deliveryFactory({
      ...delivery,
      messageAttributes: {
        ...many,
        ...JSON.parse('{"__proto__":{"dataType":"String","stringValue":"kept"}}'),
      },
    });
    const attributes = dlqAttributes(crowded, new ValidationError('email', 'bad', { task: 'user_signup' }));
    expect(Object.keys(attributes)).toContain('worker.dead-letter');
    const message = decodeDeadLetter(received(body, attributes));
    expect(message).toMatchObject({
      kind: 'worker',
      errorName: 'ValidationError',
      sourceQueue: 'worker-tier-dev-work',
    });
    if (message.retry.kind !== 'send') throw new Error('expected a send plan');
    expect(Object.keys(message.retry.attributes).sort()).toEqual([...Object.keys(many), '__proto__'].sort());
    expect(Object.hasOwn(message.retry.attributes, '__proto__')).toBe(true);
  });

  it('keeps the FIFO group of the copy', () => {
    const attributes = dlqAttributes(delivery, new ValidationError('email', 'bad', { task: 'user_signup' }));
    const message = decodeDeadLetter(received(body, attributes, { MessageGroupId: 'g-7' }));
    expect(message.retry).toMatchObject({ kind: 'send', groupId: 'g-7' });
  });

  it('re-runs a scheduled run the scheduled handler dead-lettered itself (no source queue)', () => {
    const event = { task: 'cleanup', scheduledTime: '2026-11-30T13:00:00Z' };
    const scheduled = deliveryFactory({ body: JSON.stringify(event), queue: undefined });
    const attributes = dlqAttributes(scheduled, new UnknownRouteError('no task', { task: undefined }));
    expect(decodeDeadLetter(received(JSON.stringify(event), attributes))).toMatchObject({
      kind: 'worker',
      task: 'cleanup',
      scheduledTime: '2026-11-30T13:00:00Z',
      retry: { kind: 'invoke', payload: event },
    });
  });
});

describe('decodeDeadLetter: scheduled runs and Scheduler', () => {
  it('reads Lambda on-failure records (test/fixtures/aws/lambda-destination-on-failure.json)', () => {
    const record = json('../fixtures/aws/lambda-destination-on-failure.json');
    const message = decodeDeadLetter(received(JSON.stringify(record), {}));
    expect(message).toMatchObject({
      kind: 'scheduled-run',
      originalId: 'e4b46cbf-b738-xmpl-8880-a18cdf61200e',
      task: 'cleanup',
      scheduledTime: '2022-03-22T18:59:43Z',
      attempts: 3,
      errorMessage: expect.stringContaining('Process exited'),
      retry: {
        kind: 'invoke',
        function: 'arn:aws:lambda:us-east-1:123456789012:function:my-function',
        payload: record.requestPayload,
      },
    });
  });

  it('reads the task of a no-input Scheduler event from the schedule name', () => {
    const record = {
      ...json('../fixtures/aws/lambda-destination-on-failure.json'),
      requestPayload: json('../fixtures/aws/scheduler-default-payload.json'),
    };
    const message = decodeDeadLetter(received(JSON.stringify(record), {}));
    const [resource] = record.requestPayload.resources as string[];
    expect(message.task).toBe(resource?.split(/[/-]/).pop());
  });

  it('reads Scheduler dead-letter events (test/ops/fixtures/scheduler-dead-letter-event.json)', () => {
    const fixture = json('./fixtures/scheduler-dead-letter-event.json') as Message;
    expect(decodeDeadLetter(fixture)).toMatchObject({
      kind: 'scheduler',
      originalId: '0b1c2d3e-4f50-6172-8394-a5b6c7d8e9f0',
      task: 'cleanup',
      errorName: 'AWS.Lambda.AccessDeniedException',
      attempts: 10,
      origin: 'arn:aws:scheduler:us-east-1:123456789012:schedule/worker-tier-dev/worker-tier-dev-cleanup',
      retry: {
        kind: 'invoke',
        function: 'arn:aws:lambda:us-east-1:123456789012:function:worker-tier-dev-scheduled',
        payload: { task: 'cleanup', scheduledTime: '2026-11-30T13:00:00Z' },
      },
    });
  });
});

describe('decodeDeadLetter: messages SQS moved, and the rest', () => {
  it('sends a redriven message back to DeadLetterQueueSourceArn as it was', () => {
    const attrs = { 'trace-id': { DataType: 'String', StringValue: 't' } };
    const message = decodeDeadLetter(
      received('plain text', attrs, {
        DeadLetterQueueSourceArn: 'arn:aws:sqs:us-east-1:123456789012:other-work',
      }),
    );
    expect(message).toMatchObject({ kind: 'redriven', sourceQueue: 'other-work' });
    expect(message.retry).toEqual({
      kind: 'send',
      queue: 'other-work',
      body: 'plain text',
      attributes: attrs,
      groupId: undefined,
    });
  });

  it('falls back to the one queue that redrives here', () => {
    const message = decodeDeadLetter(received('x', {}), { defaultSourceQueue: 'worker-tier-dev-work' });
    expect(message.retry).toMatchObject({ kind: 'send', queue: 'worker-tier-dev-work' });
  });

  it('never retries what it does not recognise', () => {
    const message = decodeDeadLetter(received('{"hello":1}', {}));
    expect(message.kind).toBe('unknown');
    expect(message.retry.kind).toBe('none');
  });
});

describe('failed report', () => {
  it('tells the kinds apart and counts them', () => {
    const record = json('../fixtures/aws/lambda-destination-on-failure.json');
    const worker = decodeDeadLetter(
      received(
        '{"type":"x"}',
        dlqAttributes(deliveryFactory({ queue: 'q' }), new ValidationError('f', 'bad', { task: 'x' })),
      ),
    );
    const run = decodeDeadLetter(received(JSON.stringify(record), {}));
    const lines = formatFailedReport([worker, run], new Date(SENT + 3_723_000), true);
    const text = lines.join('\n');
    expect(text).toContain('[worker message]');
    expect(text).toContain('[scheduled run (Lambda on-failure record)]');
    expect(text).toContain('task cleanup  scheduled for 2022-03-22T18:59:43Z');
    expect(text).toContain('age 1h 2m');
    expect(lines.at(-1)).toBe(
      '2 message(s) shown (more in the DLQ; raise --max): 1 worker message, 1 scheduled run (Lambda on-failure record)',
    );
    expect(formatFailedReport([], new Date(), false)).toEqual(['The DLQ is empty.']);
  });

  it('formats ages and previews bodies on one line', () => {
    expect(formatAge(0)).toBe('0s');
    expect(formatAge(90_061_000)).toBe('1d 1h');
    expect(preview('a\nb\u0001')).toBe('a\\nb\\x01');
    expect(preview('x'.repeat(200))).toMatch(/^x{120}… \(200 chars\)$/);
  });
});
