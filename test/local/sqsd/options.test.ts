/**
 * docs/sqsd-behaviour.md#options and #conformance-checklist item 40: option values outside EB's documented
 * ranges are rejected before start.
 */
import { describe, expect, it } from 'vitest';
import { SQSD_OPTION_DEFAULTS, SqsdOptionError, type SqsdOptions } from '../../../src/local/sqsd/index.js';
import { useSqsdHarness } from '../../helpers/sqsd-harness.js';

const h = useSqsdHarness();

type Override = Partial<Omit<SqsdOptions, 'client' | 'queueUrl'>>;

describe('sqsd options', () => {
  it('uses the EB defaults', () => {
    expect(SQSD_OPTION_DEFAULTS).toEqual({
      httpConnections: 50,
      connectTimeout: 5,
      inactivityTimeout: 299,
      visibilityTimeout: 300,
      errorVisibilityTimeout: 2,
      retentionPeriod: 345_600,
    });
  });

  const outOfRange: Array<[string, Override, RegExp]> = [
    [
      'httpConnections=0',
      { httpConnections: 0 },
      /httpConnections \(HttpConnections\) must be an integer from 1 to 100, got 0/,
    ],
    ['httpConnections=101', { httpConnections: 101 }, /httpConnections .* got 101/],
    ['httpConnections=2.5', { httpConnections: 2.5 }, /httpConnections .* got 2.5/],
    ['connectTimeout=0', { connectTimeout: 0 }, /connectTimeout \(ConnectTimeout\) .* 1 to 60/],
    ['connectTimeout=61', { connectTimeout: 61 }, /connectTimeout/],
    [
      'inactivityTimeout=0',
      { inactivityTimeout: 0 },
      /inactivityTimeout \(InactivityTimeout\) .* 1 to 36000/,
    ],
    ['inactivityTimeout=36001', { inactivityTimeout: 36_001 }, /inactivityTimeout .* got 36001/],
    [
      'visibilityTimeout=-1',
      { visibilityTimeout: -1 },
      /visibilityTimeout \(VisibilityTimeout\) .* 0 to 43200/,
    ],
    ['visibilityTimeout=43201', { visibilityTimeout: 43_201 }, /visibilityTimeout/],
    ['errorVisibilityTimeout=43201', { errorVisibilityTimeout: 43_201 }, /errorVisibilityTimeout/],
    ['errorVisibilityTimeout=NaN', { errorVisibilityTimeout: Number.NaN }, /errorVisibilityTimeout/],
    ['retentionPeriod=59', { retentionPeriod: 59 }, /retentionPeriod \(RetentionPeriod\) .* 60 to 1209600/],
    ['retentionPeriod=1209601', { retentionPeriod: 1_209_601 }, /retentionPeriod/],
    ['appUrl with https', { appUrl: 'https://127.0.0.1:8443' }, /appUrl .* must be http:\/\/host:port/],
    ['appUrl with a path', { appUrl: 'http://127.0.0.1:8080/worker' }, /use httpPath for the path/],
    ['appUrl not a URL', { appUrl: 'localhost:8080/' }, /appUrl/],
    ['httpPath without /', { httpPath: 'worker' }, /httpPath \(HttpPath\) must be a path/],
    ['mimeType empty', { mimeType: '' }, /mimeType \(MimeType\)/],
    ['mimeType with a newline', { mimeType: 'text/plain\r\nX-Evil: 1' }, /mimeType/],
  ];

  for (const [label, override, message] of outOfRange) {
    it(`40: rejects ${label}, naming the option`, async () => {
      const q = await h.queue();
      const start = h.sqsd({ queueUrl: q.url, appUrl: 'http://127.0.0.1:1', ...override });
      await expect(start).rejects.toThrow(SqsdOptionError);
      await expect(start).rejects.toThrow(message);
    });
  }

  it('40: accepts the boundary values', async () => {
    const q = await h.queue();
    const sqsd = await h.sqsd({
      queueUrl: q.url,
      appUrl: 'http://127.0.0.1:1',
      httpConnections: 100,
      connectTimeout: 60,
      inactivityTimeout: 1,
      visibilityTimeout: 0,
      errorVisibilityTimeout: 43_200,
      retentionPeriod: 60,
    });
    expect(sqsd.stats().received).toBe(0);
  });

  it('40: rejects an invalid cron entry before polling starts', async () => {
    const q = await h.queue();
    await expect(
      h.sqsd({
        queueUrl: q.url,
        appUrl: 'http://127.0.0.1:1',
        cron: [{ name: 'x', url: '/x', schedule: '* * *' }],
      }),
    ).rejects.toThrow(/sqsd cron: entry 1 \("x"\): schedule: .*expected 5 fields/);
  });

  it('fails clearly when the queue does not exist', async () => {
    const q = await h.queue();
    await expect(h.sqsd({ queueUrl: `${q.url}-missing`, appUrl: 'http://127.0.0.1:1' })).rejects.toThrow(
      /sqsd cannot read the worker queue .*-missing/,
    );
  });
});
