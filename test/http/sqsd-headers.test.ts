import { describe, expect, it } from 'vitest';
import { unwrap } from '../../src/core/unwrap.js';
import { deliveryFromSqsdRequest, type SqsdRequest } from '../../src/http/sqsd-delivery.js';
import { isPeriodicRequest, parseSqsdHeaders, receiveCountOf } from '../../src/http/sqsd-headers.js';

/** Node's `rawHeaders` shape: `[name, value, name, value, ...]`. */
const pairs = (...entries: Array<[string, string]>): string[] => entries.flat();

/**
 * The header block of the aws-sqsd/2.4 periodic POST captured from aws-sqsd/2.4
 * (docs/sqsd-behaviour.md#request-headers), as raw name/value pairs.
 */
const OBSERVED_PERIODIC = pairs(
  ['Host', 'localhost'],
  ['User-Agent', 'aws-sqsd/2.4'],
  ['Content-Type', 'application/json'],
  ['Content-Length', '0'],
  ['X-Aws-Sqsd-Msgid', 'b7c0c3e4-8d1b-4c55-9f8b-6c8f2a0d7e11'],
  ['X-Aws-Sqsd-Receive-Count', '4'],
  ['X-Aws-Sqsd-First-Received-At', '2019-11-14T00:47:00Z'],
  ['X-Aws-Sqsd-Sent-At', '2019-11-14T00:47:00Z'],
  ['X-Aws-Sqsd-Queue', 'awseb-e-n23e8zdd3w-stack-AWSEBWorkerQueue-1QZHOZ650P0J0'],
  ['X-Aws-Sqsd-Path', '/testjob'],
  ['X-Aws-Sqsd-Sender-Id', 'AIDAILCS5RGQHFES42HWE'],
  ['X-Aws-Sqsd-Scheduled-At', '2019-11-14T00:47:00Z'],
  ['X-Aws-Sqsd-Taskname', 'testjob'],
);

type TestRequest = SqsdRequest & { body: string };

/** A request as the adapter hands it over: the Msgid, or the id it made up for a caller without one. */
const request = (overrides: Partial<TestRequest> & { raw?: string[] }): TestRequest => {
  const headers = parseSqsdHeaders(overrides.raw ?? []);
  return {
    headers,
    target: '/',
    messageId: headers.msgid || 'generated-id',
    periodic: undefined,
    body: '',
    ...overrides,
  };
};

const NOW = () => new Date('2026-11-27T12:34:56.789Z');
const deliveryOf = (built: TestRequest) => deliveryFromSqsdRequest(built, built.body, NOW);

describe('parseSqsdHeaders', () => {
  it('reads every documented header of a real periodic POST', () => {
    const headers = parseSqsdHeaders(OBSERVED_PERIODIC);
    expect(headers).toMatchObject({
      msgid: 'b7c0c3e4-8d1b-4c55-9f8b-6c8f2a0d7e11',
      queue: 'awseb-e-n23e8zdd3w-stack-AWSEBWorkerQueue-1QZHOZ650P0J0',
      receiveCount: '4',
      firstReceivedAt: '2019-11-14T00:47:00Z',
      sentAt: '2019-11-14T00:47:00Z',
      senderId: 'AIDAILCS5RGQHFES42HWE',
      taskName: 'testjob',
      scheduledAt: '2019-11-14T00:47:00Z',
      path: '/testjob',
      userAgent: 'aws-sqsd/2.4',
    });
    expect(isPeriodicRequest(headers)).toBe(true);
  });

  it.each([
    ['sqsd 2.0 casing', 'X-aws-sqsd-msgid'],
    ['framework casing', 'X-Aws-Sqsd-Msgid'],
    ['lowercase', 'x-aws-sqsd-msgid'],
    ['uppercase', 'X-AWS-SQSD-MSGID'],
  ])('matches header names case-insensitively (%s)', (_label, name) => {
    expect(parseSqsdHeaders([name, 'm-1']).msgid).toBe('m-1');
  });

  it('keeps the attribute name from the raw header, with its own casing', () => {
    const headers = parseSqsdHeaders(
      pairs(
        ['X-Aws-Sqsd-Attr-orderType', 'express'],
        ['x-aws-sqsd-attr-Priority', '5'],
        ['X-AWS-SQSD-ATTR-type', 'record'],
      ),
    );
    expect({ ...headers.attributes }).toEqual({ orderType: 'express', Priority: '5', type: 'record' });
  });

  it.each([
    ['msgid', 'X-Aws-Sqsd-Msgid'],
    ['queue', 'X-Aws-Sqsd-Queue'],
    ['receiveCount', 'X-Aws-Sqsd-Receive-Count'],
    ['firstReceivedAt', 'X-Aws-Sqsd-First-Received-At'],
    ['sentAt', 'X-Aws-Sqsd-Sent-At'],
    ['senderId', 'X-Aws-Sqsd-Sender-Id'],
    ['taskName', 'X-Aws-Sqsd-Taskname'],
    ['scheduledAt', 'X-Aws-Sqsd-Scheduled-At'],
    ['path', 'X-Aws-Sqsd-Path'],
    ['userAgent', 'User-Agent'],
  ] as const)('reads %s from %s alone, the first of two, and from no other header', (field, name) => {
    const headers = parseSqsdHeaders(pairs([name, 'first'], [name.toLowerCase(), 'second']));
    const { attributes, ...fields } = headers;
    expect(Object.entries(fields).filter(([, value]) => value !== undefined)).toEqual([[field, 'first']]);
    expect(Object.keys(attributes)).toEqual([]);
  });

  it('keeps the first of repeated headers, as sqsd skips duplicate keys', () => {
    const headers = parseSqsdHeaders(
      pairs(
        ['X-Aws-Sqsd-Msgid', 'first'],
        ['X-Aws-Sqsd-Msgid', 'second'],
        ['X-Aws-Sqsd-Attr-k', 'one'],
        ['X-Aws-Sqsd-Attr-k', 'two'],
      ),
    );
    expect(headers.msgid).toBe('first');
    expect(headers.attributes.k).toBe('one');
  });

  it('drops beanstalk.sqsd.* attribute headers, which sqsd never forwards (conformance item 24)', () => {
    const headers = parseSqsdHeaders(
      pairs(
        ['X-Aws-Sqsd-Attr-beanstalk.sqsd.scheduled_time', '2026-01-01 00:00:00 UTC'],
        ['X-Aws-Sqsd-Attr-beanstalk.sqsd.path', '/backup'],
        ['X-Aws-Sqsd-Attr-', 'nameless'],
      ),
    );
    expect(Object.keys(headers.attributes)).toEqual([]);
    expect(isPeriodicRequest(headers)).toBe(false);
  });

  it('reads no attribute from the headers a proxy in front adds', () => {
    const headers = parseSqsdHeaders(
      pairs(
        ['X-Forwarded-For', '10.0.0.7'],
        ['X-Forwarded-Proto', 'https'],
        ['X-Real-IP', '10.0.0.7'],
        ['X-Amzn-Trace-Id', 'Root=1-67891233-abcdef012345678912345678'],
        ['Accept-Encoding', 'gzip'],
        ['X-Aws-Sqsd-Attr-tenant', 'acme'],
      ),
    );
    expect({ ...headers.attributes }).toEqual({ tenant: 'acme' });
  });

  it('treats an attribute named __proto__ as data', () => {
    const headers = parseSqsdHeaders(['X-Aws-Sqsd-Attr-__proto__', 'x']);
    expect(Object.getPrototypeOf(headers.attributes)).toBeNull();
    expect(Object.getOwnPropertyDescriptor(headers.attributes, '__proto__')?.value).toBe('x');
  });

  it.each([
    [undefined, 1],
    ['1', 1],
    ['16', 16],
    [' 3 ', 3],
    ['0', 1],
    ['-2', 1],
    ['two', 1],
    ['1e3', 1],
    ['19', 19],
    ['1.5', 1],
    ['+3', 1],
    ['1234567890', 1],
  ])('receive count %j reads as %i', (value, expected) => {
    expect(
      receiveCountOf(parseSqsdHeaders(value === undefined ? [] : ['X-Aws-Sqsd-Receive-Count', value])),
    ).toBe(expected);
  });

  it('marks a request periodic by Scheduled-At or a non-empty Taskname, not by an empty Taskname', () => {
    expect(isPeriodicRequest(parseSqsdHeaders(['X-Aws-Sqsd-Scheduled-At', '2026-01-01T00:00:00Z']))).toBe(
      true,
    );
    expect(isPeriodicRequest(parseSqsdHeaders(['X-Aws-Sqsd-Taskname', 'cleanup']))).toBe(true);
    expect(isPeriodicRequest(parseSqsdHeaders(['X-Aws-Sqsd-Taskname', '']))).toBe(false);
  });
});

describe('deliveryFromSqsdRequest', () => {
  it('maps a normal sqsd POST field by field (Binary attributes simply never arrive)', () => {
    const delivery = deliveryOf(
      request({
        raw: pairs(
          ['X-Aws-Sqsd-Msgid', 'm-1'],
          ['X-Aws-Sqsd-Queue', 'work-queue'],
          ['X-Aws-Sqsd-Receive-Count', '3'],
          ['X-Aws-Sqsd-First-Received-At', '2026-11-27T12:00:01Z'],
          ['X-Aws-Sqsd-Sent-At', '2026-11-27T12:00:00Z'],
          ['X-Aws-Sqsd-Attr-tenant', 'acme'],
        ),
        body: '{"type":"test"}',
      }),
    );
    expect(delivery).toEqual({
      messageId: 'm-1',
      body: '{"type":"test"}',
      messageAttributes: { tenant: { dataType: 'String', stringValue: 'acme' } },
      receiveCount: 3,
      sentAt: new Date('2026-11-27T12:00:00Z'),
      firstReceivedAt: new Date('2026-11-27T12:00:01Z'),
      queue: 'work-queue',
    });
  });

  it("carries the adapter's id and defaults the receive count for a caller that is not sqsd", () => {
    const delivery = deliveryOf(request({ body: '{"type":"test"}' }));
    expect(delivery.messageId).toBe('generated-id');
    expect(delivery.receiveCount).toBe(1);
    expect(delivery.queue).toBeUndefined();
    expect(delivery.sentAt).toBeUndefined();
  });

  it('turns a periodic POST back into the attributes sqsd read, so the core unwraps it as on SQS', () => {
    const delivery = deliveryOf(request({ raw: OBSERVED_PERIODIC, target: '/testjob', periodic: 'sqsd' }));
    expect({ ...delivery.messageAttributes }).toEqual({
      'beanstalk.sqsd.path': { dataType: 'String', stringValue: '/testjob' },
      'beanstalk.sqsd.scheduled_time': { dataType: 'String', stringValue: '2019-11-14 00:47:00 UTC' },
      'beanstalk.sqsd.task_name': { dataType: 'String', stringValue: 'testjob' },
    });
    const message = unwrap(delivery);
    expect(message).toMatchObject({
      route: 'testjob',
      source: 'sqsd-periodic',
      scheduledAt: new Date('2019-11-14T00:47:00Z'),
      receiveCount: 4,
      rawBody: '',
    });
  });

  it('sets no task-name attribute for a periodic POST that names no task (Scheduled-At only)', () => {
    const delivery = deliveryOf(
      request({
        raw: ['X-Aws-Sqsd-Scheduled-At', '2026-11-27T02:00:00Z'],
        target: '/cleanup',
        periodic: 'sqsd',
      }),
    );
    expect({ ...delivery.messageAttributes }).toEqual({
      'beanstalk.sqsd.path': { dataType: 'String', stringValue: '/cleanup' },
      'beanstalk.sqsd.scheduled_time': { dataType: 'String', stringValue: '2026-11-27 02:00:00 UTC' },
    });
  });

  it('keeps the query on the periodic path and routes by the path, falling back to the task name', () => {
    const withQuery = deliveryOf(
      request({ raw: ['X-Aws-Sqsd-Taskname', 'nightly'], target: '/jobs/cleanup?full=1', periodic: 'sqsd' }),
    );
    expect(withQuery.messageAttributes['beanstalk.sqsd.path']?.stringValue).toBe('/jobs/cleanup?full=1');
    expect(unwrap(withQuery).route).toBe('cleanup');
    const atRoot = deliveryOf(
      request({ raw: ['X-Aws-Sqsd-Taskname', 'reports'], target: '/', periodic: 'sqsd' }),
    );
    expect(unwrap(atRoot).route).toBe('reports');
  });

  it('schedules a Taskname-only or cron.d POST at the current time, to the second', () => {
    for (const periodic of ['sqsd', 'cron.d'] as const) {
      const delivery = deliveryOf(
        request({ raw: ['X-Aws-Sqsd-Taskname', 'cleanup'], target: '/cleanup', periodic }),
      );
      expect(unwrap(delivery).scheduledAt).toEqual(new Date('2026-11-27T12:34:56Z'));
    }
  });

  it('passes an unreadable Scheduled-At on, so the core rejects it as malformed with the value', () => {
    const delivery = deliveryOf(
      request({ raw: ['X-Aws-Sqsd-Scheduled-At', 'yesterday'], target: '/cleanup', periodic: 'sqsd' }),
    );
    expect(() => unwrap(delivery)).toThrow(/scheduled_time is "yesterday"/);
  });

  it('ignores unreadable timestamps instead of producing an Invalid Date', () => {
    const delivery = deliveryOf(
      request({ raw: ['X-Aws-Sqsd-Sent-At', '1764248400000', 'X-Aws-Sqsd-First-Received-At', 'soon'] }),
    );
    expect(delivery.sentAt).toBeUndefined();
    expect(delivery.firstReceivedAt).toBeUndefined();
  });
});
