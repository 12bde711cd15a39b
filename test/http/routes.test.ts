import { describe, expect, it } from 'vitest';
import { classifyPost, pathOf } from '../../src/http/routes.js';
import { parseSqsdHeaders } from '../../src/http/sqsd-headers.js';

const routes = { httpPath: '/worker', periodicPaths: ['/cleanup', '/reports/'] };
const MESSAGE = ['X-Aws-Sqsd-Msgid', 'm-1'];
const PERIODIC = ['X-Aws-Sqsd-Taskname', 'cleanup', 'X-Aws-Sqsd-Scheduled-At', '2026-11-27T02:00:00Z'];

describe('classifyPost', () => {
  it.each([
    ['a queue message at HttpPath', '/worker', MESSAGE, 'message'],
    ['a plain POST at HttpPath', '/worker/', [], 'message'],
    ['a periodic POST at its cron.yaml url', '/cleanup', PERIODIC, 'sqsd-periodic'],
    ['a periodic POST at HttpPath (cron.yaml url equal to it)', '/worker', PERIODIC, 'sqsd-periodic'],
    ['a plain POST at a periodic path (the EB app cron.d style)', '/reports', [], 'cron.d'],
    [
      'a queue message at a periodic path (HttpPath set differently in sqsd)',
      '/cleanup',
      MESSAGE,
      'not-found',
    ],
    ['a periodic POST at a path nobody configured', '/audit', PERIODIC, 'not-found'],
    ['anything at a path with a query', '/worker?x=1', MESSAGE, 'not-found'],
  ])('%s: %s', (_label, target, raw, kind) => {
    expect(classifyPost(target, parseSqsdHeaders(raw), routes)).toBe(kind);
  });
});

describe('pathOf', () => {
  it.each([
    ['/cleanup', '/cleanup'],
    ['/cleanup?full=1', '/cleanup'],
    ['/cleanup#now', '/cleanup'],
    ['/a/b?x=1#y', '/a/b'],
  ])('%s → %s', (target, path) => {
    expect(pathOf(target)).toBe(path);
  });
});
