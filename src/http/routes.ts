import type { Registry } from '../core/registry.js';
import { isPeriodicRequest, type SqsdHeaders } from './sqsd-headers.js';

/**
 * What a POST is, decided from its path and headers alone (before the body is read):
 * - `sqsd-periodic`: sqsd's periodic-task POST (Taskname / Scheduled-At), to the task's cron.yaml url.
 * - `message`: a queue message, POSTed to HttpPath.
 * - `cron.d`: the EB app's own crontab style, a plain POST to a task path such as `/cleanup`.
 * - `not-found`: none of these.
 */
type PostKind = 'sqsd-periodic' | 'message' | 'cron.d' | 'not-found';

/** `/a/b?x=1` → `/a/b`. */
function pathOf(target: string): string {
  const end = target.search(/[?#]/);
  return end === -1 ? target : target.slice(0, end);
}

/** HttpPath matches with or without a trailing slash (`/worker` and `/worker/`). */
function samePath(path: string, httpPath: string): boolean {
  return path === httpPath || path.replace(/\/+$/, '') === httpPath.replace(/\/+$/, '');
}

/** The route a periodic task at `path` runs, as the core derives it: the last path segment. */
function lastSegment(path: string): string | undefined {
  return path.split('/').filter(Boolean).pop();
}

function classifyPost(
  target: string,
  headers: SqsdHeaders,
  options: { httpPath: string; registry: Registry },
): PostKind {
  // Periodic headers win over the path: sqsd POSTs periodic tasks to their own url, which may equal
  // HttpPath. Unknown task names still go through the core, so they are rejected or dead-lettered
  // exactly as the Lambda worker treats the same SQS message.
  if (isPeriodicRequest(headers)) return 'sqsd-periodic';
  const path = pathOf(target);
  if (samePath(path, options.httpPath)) return 'message';
  // A queue message (it has a Msgid) at another path means sqsd's HttpPath and ours differ. Running it as
  // the task the path names would silently drop its body, so it is refused and stays on the queue.
  if (headers.msgid) return 'not-found';
  const route = lastSegment(path);
  if (route && options.registry.resolve({ route, source: 'sqsd-periodic' })) return 'cron.d';
  return 'not-found';
}

export type { PostKind };
export { classifyPost, pathOf };
