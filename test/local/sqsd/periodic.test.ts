/**
 * docs/sqsd-behaviour.md#periodic-delivery and #conformance-checklist items 33–35, 37, 39: periodic tasks
 * delivered like any message.
 */
import type { Message } from '@aws-sdk/client-sqs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createManualClock } from '../../../src/local/clock.js';
import type { RunningSqsd } from '../../../src/local/sqsd/index.js';
import { eventually } from '../../helpers/eventually.js';
import type { RecordedRequest, RecordingApp } from '../../helpers/recording-app.js';
import { useSqsdHarness } from '../../helpers/sqsd-harness.js';

const h = useSqsdHarness();
const at = (iso: string) => new Date(iso).getTime();

const attr = (message: Message | undefined, name: string) => message?.MessageAttributes?.[name]?.StringValue;

describe('periodic-task delivery', () => {
  let app: RecordingApp;
  let sqsd: RunningSqsd;
  let post: RecordedRequest;

  beforeAll(async () => {
    const q = await h.queue();
    app = await h.app();
    const clock = createManualClock(new Date('2024-05-01T10:04:30Z'));
    const cron = [{ name: 'cleanup', url: '/tasks/cleanup', schedule: '*/5 * * * *' }];
    sqsd = await h.sqsd(
      { queueUrl: q.url, appUrl: app.url, httpPath: '/queue', mimeType: 'text/plain', cron, clock },
      true,
    );
    clock.advanceTo(at('2024-05-01T10:05:00Z'));
    await eventually(() => (sqsd.stats().deleted === 1 ? true : undefined));
    const first = app.requests[0];
    if (first === undefined) throw new Error('no periodic POST');
    post = first;
  });

  afterAll(async () => {
    await sqsd?.stop();
    await app?.close();
  });

  it('1: the periodic delivery is a POST', () => expect(post.method).toBe('POST'));

  it('33: a periodic-task POST goes to the task url, not to HttpPath', () => {
    expect(post.url).toBe('/tasks/cleanup');
    expect(post.headers['x-aws-sqsd-path']).toBe('/tasks/cleanup');
  });

  it('34: a periodic-task POST has an empty body (Content-Length: 0)', () => {
    expect(post.body.length).toBe(0);
    expect(post.headers['content-length']).toBe('0');
  });

  it('35: it carries X-Aws-Sqsd-Taskname and X-Aws-Sqsd-Scheduled-At (ISO 8601 UTC Z)', () => {
    expect(post.headers['x-aws-sqsd-taskname']).toBe('cleanup');
    expect(post.headers['x-aws-sqsd-scheduled-at']).toBe('2024-05-01T10:05:00Z');
    expect(post.headers['x-aws-sqsd-msgid']).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('25: Content-Type is the configured MimeType on the empty periodic POST too', () => {
    expect(post.headers['content-type']).toBe('text/plain');
    expect(sqsd.stats()).toMatchObject({ periodicEnqueued: 1, deleted: 1 });
  });
});

describe('periodic-task failures and FIFO', () => {
  it('37: a failed periodic POST is retried like any message and reaches the DLQ after maxReceiveCount', async () => {
    const q = await h.queue({ maxReceiveCount: 2 });
    const app = await h.app(() => ({ status: 500 }));
    const clock = createManualClock(new Date('2024-05-01T10:04:30Z'));
    const cron = [{ name: 'fails', url: '/fails', schedule: '* * * * *' }];
    const sqsd = await h.sqsd({ queueUrl: q.url, appUrl: app.url, errorVisibilityTimeout: 0, cron, clock });
    clock.advanceTo(at('2024-05-01T10:05:00Z'));
    const dead = await eventually(async () => (await h.drainQueue(q.dlqUrl))[0]);
    expect(dead.Body).toBe('elasticbeanstalk scheduled job');
    expect(attr(dead, 'beanstalk.sqsd.task_name')).toBe('fails');
    expect(
      app.requests.map((r) => [
        r.url,
        r.headers['x-aws-sqsd-receive-count'],
        r.headers['x-aws-sqsd-taskname'],
      ]),
    ).toEqual([
      ['/fails', '1', 'fails'],
      ['/fails', '2', 'fails'],
    ]);
    expect(sqsd.stats()).toMatchObject({ failed: 2, deleted: 0 });
  });

  it('39: on a FIFO queue periodic tasks are not enqueued (and why is logged); messages still flow', async () => {
    const q = await h.queue({ fifo: true });
    const app = await h.app();
    const clock = createManualClock(new Date('2024-05-01T10:04:30Z'));
    const cron = [{ name: 'cleanup', url: '/cleanup', schedule: '* * * * *' }];
    const sqsd = await h.sqsd({ queueUrl: q.url, appUrl: app.url, cron, clock });
    expect(sqsd.logger.entries).toContainEqual(
      expect.objectContaining({
        level: 'warn',
        message: expect.stringMatching(/FIFO queue; its 1 periodic task\(s\) are not enqueued/),
      }),
    );
    clock.advanceTo(at('2024-05-01T10:10:00Z'));
    await h.send(q.url, 'fifo body', {}, { MessageGroupId: 'g' });
    await eventually(() => (sqsd.stats().deleted === 1 ? true : undefined));
    expect(sqsd.stats().periodicEnqueued).toBe(0);
    expect(app.requests.map((r) => [r.url, r.body.toString()])).toEqual([['/', 'fifo body']]);
  });

  it('a periodic message sent by another producer (EB DLQ redrive fixture) is POSTed to its path', async () => {
    const q = await h.queue();
    const app = await h.app();
    const sqsd = await h.sqsd({ queueUrl: q.url, appUrl: app.url });
    await h.send(q.url, 'elasticbeanstalk scheduled job', {
      'beanstalk.sqsd.path': { DataType: 'String', StringValue: '/worker/schedule' },
      'beanstalk.sqsd.task_name': { DataType: 'String', StringValue: 'schedule' },
      'beanstalk.sqsd.scheduled_time': { DataType: 'String', StringValue: '2017-03-22 23:10:00 UTC' },
    });
    await eventually(() => (sqsd.stats().deleted === 1 ? true : undefined));
    const [request] = app.requests;
    expect([request?.url, request?.body.length, request?.headers['x-aws-sqsd-scheduled-at']]).toEqual([
      '/worker/schedule',
      0,
      '2017-03-22T23:10:00Z',
    ]);
  });
});
