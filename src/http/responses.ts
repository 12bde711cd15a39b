import type { ServerResponse } from 'node:http';
import type { WorkerError } from '../core/errors.js';
import { escapeJson } from '../core/json-string.js';
import type { Verdict } from '../core/process-delivery.js';

/**
 * Verdict → HTTP status. sqsd deletes a message on exactly 200 and on anything else leaves it for a retry
 * after ErrorVisibilityTimeout (docs/sqsd-behaviour.md#response-handling), so 200 is sent only when the
 * message is done with: processed, or safely copied to the DLQ. Failures get a status that says why, for
 * people reading nginx logs:
 *
 * - retryable → 500: the message should come back.
 * - permanent, not dead-lettered → 422 (Unprocessable Content, RFC 9110 §15.5.21): the request is fine
 *   HTTP and sqsd forwarded exactly what SQS held, but its content can never be processed. 400 would
 *   blame the HTTP request itself, which sqsd built correctly. sqsd still retries it until the queue's
 *   redrive policy moves it, which is the same fate the Lambda worker gives a rejected record.
 * - permanent because no task has that route → 404, like any request for a thing that does not exist;
 *   200 when UNKNOWN_TASK_POLICY=delete asked for the EB app's log-and-delete.
 */
type Reply = { status: number; body: string };

const STATUS = { ok: 200, notFound: 404, unprocessable: 422, retry: 500 } as const;

const JSON_CONTENT_TYPE = ['Content-Type', 'application/json; charset=utf-8'] as const;

/** Error messages can quote the payload; cap them so a reply stays small. */
const MAX_MESSAGE_CHARS = 1024;

/**
 * Every reply is a flat object of strings, written directly rather than built as an object for
 * JSON.stringify to walk; the keys are this file's literals, every value goes through escapeJson.
 */
const e = escapeJson;

/** `,"task":"<task>"`, or nothing without a task, as JSON.stringify leaves an undefined member out. */
function taskMember(task: string | undefined): string {
  return task === undefined ? '' : `,"task":"${e(task)}"`;
}

/**
 * The error body every failure carries. Never a stack: only the name, message and context. The messageId is
 * the request's (sqsd's Msgid), the one sqsd logs, even if the task's error named another message.
 */
function errorBody(error: WorkerError, messageId: string): string {
  const message = error.message.slice(0, MAX_MESSAGE_CHARS);
  return `{"error":"${e(error.name)}","message":"${e(message)}","messageId":"${e(messageId)}"${taskMember(error.task)}}`;
}

function replyForVerdict(verdict: Verdict, messageId: string): Reply {
  const { action, outcome } = verdict;
  if (outcome.status === 'ok') {
    return {
      status: STATUS.ok,
      body: `{"status":"ok","messageId":"${e(messageId)}","task":"${e(outcome.task)}"}`,
    };
  }
  const error = outcome.error;
  if (action === 'dead-lettered') {
    return {
      status: STATUS.ok,
      body: `{"status":"dead-lettered","messageId":"${e(messageId)}"${taskMember(outcome.task)},"error":"${e(error.name)}"}`,
    };
  }
  if (action === 'deleted') {
    return {
      status: STATUS.ok,
      body: `{"status":"deleted","messageId":"${e(messageId)}","error":"${e(error.name)}"}`,
    };
  }
  const failure = errorBody(error, messageId);
  if (action === 'retry') return { status: STATUS.retry, body: failure };
  return {
    status: error.name === 'UnknownRouteError' ? STATUS.notFound : STATUS.unprocessable,
    body: failure,
  };
}

/** A reply the adapter makes itself (404, 405, 413, 500, 503): `{"error", "message"}`. */
function errorReply(status: number, error: string, message: string): Reply {
  return { status, body: `{"error":"${e(error)}","message":"${e(message)}"}` };
}

/**
 * Writes a JSON reply unless one was already sent (a timeout may have answered first) or the client is
 * gone. `close` adds `Connection: close`: after a refused body, and while the server drains.
 */
function sendJson(response: ServerResponse, reply: Reply, close = false): void {
  // Stryker disable next-line ConditionalExpression,LogicalOperator: no path writes twice today (a timeout and the task's verdict exclude each other, and Node ignores a write to a closed socket); this keeps a later change from throwing ERR_HTTP_HEADERS_SENT.
  if (response.headersSent || response.destroyed) return;
  const payload = reply.body;
  // One writeHead with a flat list: setHeader per field costs a header map entry each. Headers set
  // earlier (Allow on a 405) are merged by Node.
  const headers = [
    JSON_CONTENT_TYPE[0],
    JSON_CONTENT_TYPE[1],
    'Content-Length',
    `${Buffer.byteLength(payload)}`,
  ];
  if (close) headers.push('Connection', 'close');
  response.writeHead(reply.status, headers);
  response.end(payload);
}

export type { Reply };
export { errorReply, replyForVerdict, sendJson };
