import { ImportEbError, type SourceLocation } from './import-eb-error.js';

/** The task a periodic POST runs, and why it is only approximately the same request when it is not. */
type UrlTask = { readonly task: string; readonly approximation?: string };

const LOCAL_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);

// Same rule as the cron.yaml that `npm run package:eb` writes: a task is one URL path segment of unreserved
// characters, so the import accepts exactly the names the export produces.
const TASK_NAME = /^[A-Za-z0-9][A-Za-z0-9._~-]*$/;

/**
 * Names the task after the URL path: `/cleanup` runs `cleanup`. A full URL (cron.d lines call curl) must point
 * at this machine: a POST to another host is a call to some other service, not a task of this worker.
 */
function taskFromUrl(url: string, source: SourceLocation): UrlTask {
  let parsed: URL;
  try {
    // sqsd resolves cron.yaml urls against http://localhost/ the same way.
    parsed = new URL(url, 'http://localhost/');
  } catch (error) {
    throw new ImportEbError(source, `"${url}" is not a URL or path`, { cause: error });
  }
  if (!LOCAL_HOSTS.has(parsed.hostname)) {
    throw new ImportEbError(
      source,
      `"${url}" calls host ${parsed.hostname}, not localhost: only POSTs to the worker app itself become scheduled tasks`,
    );
  }
  const segments = parsed.pathname.split('/').filter((segment) => segment !== '');
  const last = segments.at(-1);
  if (last === undefined) {
    throw new ImportEbError(
      source,
      `"${url}" POSTs to "/", the path of queue messages: a periodic task needs its own path such as /cleanup`,
    );
  }
  const task = decodeURIComponent(last);
  if (!TASK_NAME.test(task)) {
    throw new ImportEbError(
      source,
      `"${url}": task name "${task}" must be letters, digits, ".", "_", "~" or "-"`,
    );
  }
  const dropped = [
    segments.length > 1 ? `the path prefix /${segments.slice(0, -1).join('/')}` : undefined,
    parsed.search === '' ? undefined : `the query ${parsed.search}`,
  ].filter((part) => part !== undefined);
  if (dropped.length === 0) return { task };
  return {
    task,
    approximation: `task named after the last path segment; ${dropped.join(' and ')} is dropped (the HTTP adapter serves POST /${task})`,
  };
}

export type { UrlTask };
export { taskFromUrl };
