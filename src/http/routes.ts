import { isPeriodicRequest, type SqsdHeaders } from './sqsd-headers.js';

/**
 * What a POST is, decided from its request target and headers alone (before the body is read):
 * - `sqsd-periodic`: sqsd's periodic-task POST (Taskname / Scheduled-At), to the task's cron.yaml url.
 * - `message`: a queue message, POSTed to HttpPath.
 * - `cron.d`: the EB app's own crontab style, a plain POST to a task's periodic path such as `/cleanup`.
 * - `not-found`: none of these.
 */
type PostKind = 'sqsd-periodic' | 'message' | 'cron.d' | 'not-found';

/** The paths the adapter answers POSTs on; every other request target is 404. */
type Routes = {
  /** sqsd's HttpPath, where queue messages arrive. */
  httpPath: string;
  /** The cron.yaml urls of the service's schedules (docs/sqsd-behaviour.md#cron-file); everything else is 404. */
  periodicPaths: readonly string[];
};

/** `/a/b?x=1` → `/a/b`. */
function pathOf(target: string): string {
  const end = target.search(/[?#]/);
  return end === -1 ? target : target.slice(0, end);
}

/** HttpPath matches with or without one trailing slash (`/worker` and `/worker/`), and nothing else. */
function samePath(target: string, path: string): boolean {
  if (target === path) return true;
  return path !== '/' && (target === `${path}/` || `${target}/` === path);
}

/**
 * The request target must be one of the configured paths exactly: no query, no `..`, no doubled slash,
 * no prefix. Matching on the last segment instead would let `POST /../../cleanup` or `/anything/cleanup`
 * run a task that no schedule names.
 */
function classifyPost(target: string, headers: SqsdHeaders, routes: Routes): PostKind {
  const isMessagePath = samePath(target, routes.httpPath);
  const isPeriodicPath = routes.periodicPaths.some((path) => samePath(target, path));
  if (!isMessagePath && !isPeriodicPath) return 'not-found';
  // Periodic headers win: sqsd POSTs periodic tasks to their own url, which may equal HttpPath. Unknown task
  // names still go through the core, so they are rejected or dead-lettered as the Lambda worker would.
  if (isPeriodicRequest(headers)) return 'sqsd-periodic';
  if (isMessagePath) return 'message';
  // A queue message (it has a Msgid) at a task path means sqsd's HttpPath and ours differ. Running it as
  // the task would silently drop its body, so it is refused and stays on the queue.
  if (headers.msgid) return 'not-found';
  return 'cron.d';
}

export type { PostKind, Routes };
export { classifyPost, pathOf };
