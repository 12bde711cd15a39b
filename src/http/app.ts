import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { MalformedMessageError, RetryableError } from '../core/errors.js';
import { processDelivery, type Verdict } from '../core/process-delivery.js';
import { createIntervalMetrics } from '../long-running/interval-metrics.js';
import { announcesBody, type BodyResult, readBody } from './body.js';
import { closeConnection, lingerClose } from './close-connection.js';
import { forgetPost, watchPost } from './connection-posts.js';
import { DeadlineQueue } from './deadline-queue.js';
import type { HttpApp, HttpAppDeps } from './http-app-deps.js';
import { PendingPost } from './pending-post.js';
import { errorReply, replyForVerdict, sendJson } from './responses.js';
import { classifyPost, pathOf } from './routes.js';
import { deliveryFromSqsdRequest } from './sqsd-delivery.js';
import { parseSqsdHeaders } from './sqsd-headers.js';

/** What the EB sample app answers on `GET /`; load balancer health checks and people look for it. */
const HEALTH_TEXT = 'Worker Environment is running!';
const HEALTH_HEADERS = { 'Content-Type': 'text/plain; charset=utf-8' };
const HEALTH_CLOSE_HEADERS = { ...HEALTH_HEADERS, Connection: 'close' };

function createHttpApp(deps: HttpAppDeps): HttpApp {
  const now = deps.now ?? (() => new Date());
  // Without an injected clock, no Date per request: Date.now() is the same clock.
  const injected = deps.now;
  const clock = injected ? () => injected().getTime() : Date.now;
  const newId = deps.newId ?? randomUUID;
  let draining = false;

  // Metrics are best effort: a broken sink must not turn a processed message into a retry.
  const metrics = createIntervalMetrics({
    emit: deps.emitMetrics,
    service: deps.service,
    intervalMs: deps.metricsIntervalMs ?? 0,
    now,
    onError: (error) => deps.log.error('emitting metrics failed', { error }),
  });
  const emit = metrics.record;

  const reply = (response: ServerResponse, status: number, error: string, message: string) =>
    sendJson(response, errorReply(status, error, message), true);

  // Answer before sqsd's InactivityTimeout does: a 500 now means a retry after ErrorVisibilityTimeout,
  // whereas sqsd's own timeout can leave the message invisible for the whole VisibilityTimeout. The
  // connection is closed too: a stalled upload must not keep its socket and the body read so far.
  const deadlines = new DeadlineQueue<PendingPost>(deps.requestTimeoutMs, (post) => {
    post.timedOut = true;
    const { messageId, request, response } = post;
    const error = new RetryableError(`request timed out after ${deps.requestTimeoutMs} ms`, { messageId });
    post.signal.abort(error);
    const verdict: Verdict = {
      action: 'retry',
      outcome: { status: 'retry', durationMs: clock() - post.started, error },
    };
    deps.log.warn('request timed out; answered 500 and closed the connection so sqsd retries it', {
      messageId,
      path: pathOf(post.target),
      bodyComplete: request.complete,
    });
    emit(verdict);
    sendJson(response, replyForVerdict(verdict, messageId), true);
    closeConnection(request, response);
  });

  // Not async, and no promise of its own: the body is read by shared listeners that call `bodyRead`, and
  // the verdict arrives by one `then` on processDelivery's promise.
  const handlePost = (request: IncomingMessage, response: ServerResponse) => {
    const target = request.url as string;
    const headers = parseSqsdHeaders(request.rawHeaders);
    const kind = classifyPost(target, headers, deps);
    if (kind === 'not-found') {
      deps.log.warn('POST to an unknown path', { path: pathOf(target), msgid: headers.msgid });
      reply(response, 404, 'NotFound', `no task or queue endpoint at ${pathOf(target)}`);
      return;
    }
    const periodic = kind === 'sqsd-periodic' ? 'sqsd' : kind === 'cron.d' ? 'cron.d' : undefined;
    // A caller that is not sqsd sends no Msgid; the id still has to be unique for logs and the DLQ copy.
    const messageId = headers.msgid || newId();
    const post = new PendingPost(
      request,
      response,
      target,
      headers,
      periodic,
      messageId,
      clock(),
      deps.bodyLimitBytes,
      bodyRead,
    );
    deadlines.add(post);
    // sqsd gave up (its InactivityTimeout) or the connection broke: the task should stop too.
    watchPost(request.socket, post);
    try {
      readBody(post);
    } catch (error) {
      postFailed(post, error);
    }
  };

  // Called by the body reader, once per POST. Never throws: it runs in a stream listener.
  const bodyRead = (post: PendingPost, read: BodyResult) => {
    try {
      if (!read.ok) {
        settled(post);
        refuseBody(read, post);
        return;
      }
      // Stryker disable next-line ConditionalExpression: a body that completes between the deadline's reply and the socket's destroy; no test can order those two events.
      if (post.timedOut) return;
      // A literal of the fields processDelivery reads: spreading all of deps per request cost more.
      processDelivery(deliveryFromSqsdRequest(post, read.body, now), {
        registry: deps.registry,
        log: deps.log,
        send: deps.send,
        deadLetter: deps.deadLetter,
        unknownTaskPolicy: deps.unknownTaskPolicy,
        now: injected,
        signal: post.signal,
      }).then(
        (verdict) => answer(post, verdict),
        (error: unknown) => postFailed(post, error),
      );
    } catch (error) {
      postFailed(post, error);
    }
  };

  const answer = (post: PendingPost, verdict: Verdict) => {
    try {
      settled(post);
      if (post.timedOut) {
        deps.log.warn('task finished after its request timed out', {
          messageId: post.messageId,
          action: verdict.action,
        });
        return;
      }
      emit(verdict);
      sendJson(post.response, replyForVerdict(verdict, post.messageId), draining);
    } catch (error) {
      postFailed(post, error);
    }
  };

  const postFailed = (post: PendingPost, error: unknown) => {
    settled(post);
    failed(post.request, post.response, error);
  };

  /** The post is answered, or needs no answer: neither its deadline nor its connection concerns it now. */
  const settled = (post: PendingPost) => {
    deadlines.remove(post);
    forgetPost(post.request.socket, post);
  };

  const refuseBody = (read: Exclude<BodyResult, { ok: true }>, post: PendingPost) => {
    const { response, messageId } = post;
    if (read.reason === 'too-large') {
      deps.log.warn('request body too large', { messageId, limitBytes: read.limitBytes });
      lingerClose(post.request);
      reply(response, 413, 'PayloadTooLarge', `body exceeds ${read.limitBytes} bytes`);
      return;
    }
    if (read.reason !== 'not-utf8') return;
    // Permanent, like any malformed body. Never dead-lettered: a DLQ copy could not hold these bytes
    // unchanged, and an SQS body is always Unicode, so the sender is not sqsd and still has the message.
    // Stryker disable next-line ObjectLiteral: context for whoever logs this error; the reply names the request's messageId itself.
    const error = new MalformedMessageError('body is not valid UTF-8; SQS message bodies are Unicode text', {
      messageId,
    });
    const verdict: Verdict = {
      action: 'reject',
      outcome: { status: 'dead-letter', durationMs: clock() - post.started, error },
    };
    deps.log.warn('request body is not valid UTF-8; answered 422', { messageId });
    emit(verdict);
    sendJson(response, replyForVerdict(verdict, messageId), true);
  };

  // Never a stack in the reply: the error is logged (name, message, context), the caller gets a 500.
  const failed = (request: IncomingMessage, response: ServerResponse, error: unknown) => {
    deps.log.error('unexpected error handling a request', {
      error,
      method: request.method,
      url: request.url,
    });
    reply(response, 500, 'InternalError', 'internal error; the message will be retried');
  };

  const route = (request: IncomingMessage, response: ServerResponse): void => {
    // url and method are always set on a server's request (only a client's response lacks them).
    const method = request.method as string;
    const url = request.url as string;
    if (method === 'GET' || method === 'HEAD') {
      if (pathOf(url) !== '/') {
        reply(response, 404, 'NotFound', `nothing at ${pathOf(url)}`);
        return;
      }
      // A GET that carries a body would hold its connection while the body trickles in, so it is closed;
      // any other keeps it, as nginx's upstream pool reuses the connection a health check came on.
      const close = announcesBody(request);
      response.writeHead(200, close ? HEALTH_CLOSE_HEADERS : HEALTH_HEADERS);
      response.end(HEALTH_TEXT);
      if (close) closeConnection(request, response);
      return;
    }
    if (method !== 'POST') {
      response.setHeader('Allow', 'GET, HEAD, POST');
      reply(response, 405, 'MethodNotAllowed', `${method} is not supported; sqsd sends POST`);
      return;
    }
    if (draining) {
      reply(response, 503, 'ShuttingDown', 'the worker is shutting down; the message will be retried');
      return;
    }
    handlePost(request, response);
  };

  return {
    handle: (request, response) => {
      try {
        route(request, response);
        // Stryker disable next-line BlockStatement: route's synchronous part (method and path checks, fixed replies) throws for no input; this keeps a future throw a 500 instead of an uncaught exception.
      } catch (error) {
        failed(request, response, error);
      }
    },
    startDraining: () => {
      draining = true;
    },
    stop: metrics.close,
  };
}

export { createHttpApp };
