/**
 * docs/sqsd-behaviour.md#conformance-checklist items 13–25 and 36: the headers of a normal POST. Two messages
 * are delivered once, in beforeAll; each item is asserted in its own test.
 */
import { type Message, ReceiveMessageCommand } from '@aws-sdk/client-sqs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { toSqsdHeaderTime } from '../../../src/core/times.js';
import type { RunningSqsd } from '../../../src/local/sqsd/index.js';
import { eventually } from '../../helpers/eventually.js';
import type { RecordedRequest, RecordingApp } from '../../helpers/recording-app.js';
import { useSqsdHarness } from '../../helpers/sqsd-harness.js';

const h = useSqsdHarness();

const ISO_SECONDS = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/;

let app: RecordingApp;
let sqsd: RunningSqsd;
let queueName: string;
let queueUrl: string;
/** A: received once by the test first (so its attributes are known), then delivered by sqsd. */
let seenByTest: Message;
let a: RecordedRequest;
/** B: fresh, delivered on its first receive. */
let b: RecordedRequest;
let bId: string;

const header = (request: RecordedRequest, name: string) => request.headers[name.toLowerCase()];
const attrHeaders = (request: RecordedRequest) =>
  request.rawHeaders.filter((name, index) => index % 2 === 0 && /^x-aws-sqsd-attr-/i.test(name));

beforeAll(async () => {
  const q = await h.queue();
  queueName = q.name;
  queueUrl = q.url;
  await h.send(q.url, 'A', {
    str: { DataType: 'String', StringValue: 'hello' },
    num: { DataType: 'Number', StringValue: '42' },
    customString: { DataType: 'String.json', StringValue: '{"k":1}' },
    customNumber: { DataType: 'Number.int', StringValue: '7' },
    MixedCase: { DataType: 'String', StringValue: 'kept' },
    bin: { DataType: 'Binary', BinaryValue: new Uint8Array([0, 1, 2]) },
    'beanstalk.sqsd.path': { DataType: 'String', StringValue: '/elsewhere' },
    'beanstalk.sqsd.task_name': { DataType: 'String', StringValue: 'not-periodic' },
  });
  // Receive A once and make it visible again at once: its timestamps are then known to the test.
  const { Messages = [] } = await h.client().send(
    new ReceiveMessageCommand({
      QueueUrl: q.url,
      VisibilityTimeout: 0,
      MessageSystemAttributeNames: ['All'],
      MessageAttributeNames: ['All'],
    }),
  );
  const first = Messages[0];
  if (first === undefined) throw new Error('message A not received by the test');
  seenByTest = first;
  bId = await h.send(q.url, 'B');
  app = await h.app();
  sqsd = await h.sqsd({ queueUrl: q.url, appUrl: app.url }, true);
  await eventually(() => (sqsd.stats().deleted === 2 ? true : undefined));
  const byBody = (body: string) => app.requests.find((r) => r.body.toString() === body);
  const [requestA, requestB] = [byBody('A'), byBody('B')];
  if (requestA === undefined || requestB === undefined) throw new Error('A or B not POSTed');
  [a, b] = [requestA, requestB];
});

afterAll(async () => {
  await sqsd?.stop();
  await app?.close();
});

describe('sqsd request headers', () => {
  it('13: User-Agent is aws-sqsd/<version>', () => {
    expect(header(a, 'User-Agent')).toBe('aws-sqsd/3.0.4');
    expect(header(b, 'User-Agent')).toMatch(/^aws-sqsd\/\d+(\.\d+)*$/);
  });

  it('14: X-Aws-Sqsd-Msgid equals the SQS MessageId', () => {
    expect(header(a, 'X-Aws-Sqsd-Msgid')).toBe(seenByTest.MessageId);
    expect(header(b, 'X-Aws-Sqsd-Msgid')).toBe(bId);
  });

  it('15: X-Aws-Sqsd-Queue is the queue name (last path segment), not the URL', () => {
    expect(header(a, 'X-Aws-Sqsd-Queue')).toBe(queueName);
    expect(queueUrl.endsWith(`/${queueName}`)).toBe(true);
  });

  it('16: X-Aws-Sqsd-Receive-Count is ApproximateReceiveCount of this receive, 1 on first delivery', () => {
    expect(header(b, 'X-Aws-Sqsd-Receive-Count')).toBe('1');
    expect(header(a, 'X-Aws-Sqsd-Receive-Count')).toBe('2'); // the test's own receive was the first
  });

  it('18: X-Aws-Sqsd-First-Received-At is ISO seconds Z of ApproximateFirstReceiveTimestamp', () => {
    const expected = toSqsdHeaderTime(
      new Date(Number(seenByTest.Attributes?.ApproximateFirstReceiveTimestamp)),
    );
    expect(header(a, 'X-Aws-Sqsd-First-Received-At')).toBe(expected);
    expect(header(b, 'X-Aws-Sqsd-First-Received-At')).toMatch(ISO_SECONDS);
  });

  it('19: X-Aws-Sqsd-Sent-At is ISO seconds Z of SentTimestamp', () => {
    const expected = toSqsdHeaderTime(new Date(Number(seenByTest.Attributes?.SentTimestamp)));
    expect(header(a, 'X-Aws-Sqsd-Sent-At')).toBe(expected);
    expect(header(b, 'X-Aws-Sqsd-Sent-At')).toMatch(ISO_SECONDS);
  });

  it('20: X-Aws-Sqsd-Sender-Id equals the SenderId attribute', () => {
    expect(seenByTest.Attributes?.SenderId).toBeTruthy();
    expect(header(a, 'X-Aws-Sqsd-Sender-Id')).toBe(seenByTest.Attributes?.SenderId);
  });

  it('21: each String or Number attribute k gives X-Aws-Sqsd-Attr-k = its StringValue (name unchanged)', () => {
    expect(header(a, 'X-Aws-Sqsd-Attr-str')).toBe('hello');
    expect(header(a, 'X-Aws-Sqsd-Attr-num')).toBe('42');
    expect(attrHeaders(a)).toContain('X-Aws-Sqsd-Attr-MixedCase');
    expect(header(a, 'X-Aws-Sqsd-Attr-MixedCase')).toBe('kept');
    expect(attrHeaders(b)).toEqual([]);
  });

  it('22: custom String.* and Number.* types are forwarded like String and Number', () => {
    expect(header(a, 'X-Aws-Sqsd-Attr-customString')).toBe('{"k":1}');
    expect(header(a, 'X-Aws-Sqsd-Attr-customNumber')).toBe('7');
  });

  it('23: Binary attributes produce no header', () => {
    expect(header(a, 'X-Aws-Sqsd-Attr-bin')).toBeUndefined();
    expect(attrHeaders(a).map((name) => name.toLowerCase())).not.toContain('x-aws-sqsd-attr-bin');
  });

  it('24: beanstalk.sqsd.* attributes are never forwarded as X-Aws-Sqsd-Attr-*', () => {
    expect(attrHeaders(a).filter((name) => /beanstalk/i.test(name))).toEqual([]);
    expect(attrHeaders(a).sort()).toEqual(
      ['str', 'num', 'customString', 'customNumber', 'MixedCase'].map((n) => `X-Aws-Sqsd-Attr-${n}`).sort(),
    );
  });

  it('25: Content-Type is the MimeType, default application/json', () => {
    expect(header(a, 'Content-Type')).toBe('application/json');
    expect(header(b, 'Content-Type')).toBe('application/json');
  });

  it('36: non-periodic POSTs carry no Taskname / Scheduled-At, even with beanstalk.sqsd.path set', () => {
    for (const request of [a, b]) {
      expect(header(request, 'X-Aws-Sqsd-Taskname')).toBeUndefined();
      expect(header(request, 'X-Aws-Sqsd-Scheduled-At')).toBeUndefined();
    }
    // Without scheduled_time the message goes to HttpPath with its body; the path shows only in a header [S].
    expect(a.url).toBe('/');
    expect(header(a, 'X-Aws-Sqsd-Path')).toBe('/elsewhere');
    expect(header(b, 'X-Aws-Sqsd-Path')).toBe('/');
  });

  it('Host is localhost (as EB apps see it), with the port of a non-80 loopback app', () => {
    expect(header(a, 'Host')).toBe(`localhost:${app.port}`);
  });
});
