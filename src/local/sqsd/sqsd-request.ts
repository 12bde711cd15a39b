import type { Message } from '@aws-sdk/client-sqs';
import { SQSD_PATH, SQSD_SCHEDULED_TIME, SQSD_TASK_NAME } from '../../core/attributes.js';
import { fromEpochMillis, fromSqsdScheduledTime, toSqsdHeaderTime } from '../../core/times.js';
import { ATTRIBUTE_PREFIX, RESERVED_ATTRIBUTE, SQSD_HEADER } from '../../http/sqsd-headers.js';
import { INVALID_HEADER_VALUE } from './options.js';

/** What one received message becomes: a POST to `path` on the app. */
type SqsdRequest = {
  periodic: boolean;
  /** Path and query, always starting with `/`. */
  path: string;
  /** Header name (sqsd casing) → value, in the order they are sent. */
  headers: Array<[string, string]>;
  body: Buffer;
};

type RequestContext = {
  queueName: string;
  httpPath: string;
  mimeType: string;
  userAgent: string;
  /** Host header to send (see daemon: `localhost` for a loopback app, as EB apps see [O]). */
  host: string;
};

/** An RFC 9110 token; SQS attribute names (alphanumerics, `-`, `_`, `.`) always are. */
const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;

/**
 * Header values travel as bytes. Node only writes Latin-1 strings, so UTF-8 text is passed through as
 * its bytes (what a Ruby client puts on the wire [I]). Control characters other than tab cannot be sent
 * at all: undefined.
 */
function headerValue(value: string): string | undefined {
  const bytes = Buffer.from(value, 'utf8').toString('latin1');
  return INVALID_HEADER_VALUE.test(bytes) ? undefined : bytes;
}

function isoFromEpoch(value: string | undefined): string | undefined {
  const date = fromEpochMillis(value);
  return date === undefined ? undefined : toSqsdHeaderTime(date);
}

/** `beanstalk.sqsd.scheduled_time` (`2017-03-22 23:10:00 UTC`) → `2017-03-22T23:10:00Z` (docs/sqsd-behaviour.md#request-headers). */
function scheduledAtHeader(raw: string): string {
  const parsed = fromSqsdScheduledTime(raw) ?? new Date(raw);
  return Number.isNaN(parsed.getTime()) ? raw : toSqsdHeaderTime(parsed);
}

/** A task url resolved the way 2.0 does (`URI.join('http://localhost/', url)` [S]), kept on this host. */
function resolvePath(url: string): string {
  try {
    const resolved = new URL(url, 'http://localhost/');
    return `${resolved.pathname}${resolved.search}`;
  } catch {
    return '/';
  }
}

/**
 * EB apps see `Host: localhost` (docs/sqsd-behaviour.md#request-shape); keep that for a loopback app, so host
 * checks pass.
 */
function hostHeader(appUrl: URL): string {
  const loopback = ['localhost', '127.0.0.1', '[::1]'].includes(appUrl.hostname);
  if (!loopback) return appUrl.host;
  return appUrl.port === '' ? 'localhost' : `localhost:${appUrl.port}`;
}

/**
 * Build sqsd's POST for one message (docs/sqsd-behaviour.md#request-shape, #request-headers,
 * #periodic-delivery). A message with `beanstalk.sqsd.scheduled_time` is a periodic task: POSTed to
 * `beanstalk.sqsd.path` with an empty body, plus Taskname and Scheduled-At [S; O-2.4]. Any other message is
 * POSTed to HttpPath with its body byte for byte [D; S]. Headers that cannot be sent (control characters in a
 * value) are left out and reported through `skipped`.
 */
function buildSqsdRequest(
  message: Message,
  context: RequestContext,
  skipped: (header: string) => void,
): SqsdRequest {
  const attributes = message.MessageAttributes ?? {};
  const system = message.Attributes ?? {};
  const sqsdValue = (name: string): string | undefined => {
    const attribute = Object.hasOwn(attributes, name) ? attributes[name] : undefined;
    return attribute?.StringValue;
  };
  const scheduledTime = sqsdValue(SQSD_SCHEDULED_TIME);
  const taskPath = sqsdValue(SQSD_PATH);
  const periodic = scheduledTime !== undefined;
  const headers: Array<[string, string]> = [];
  const seen = new Set<string>();
  const add = (name: string, value: string | undefined): void => {
    if (value === undefined) return;
    // Duplicate keys are skipped: the first one wins [S].
    if (seen.has(name.toLowerCase())) return;
    const encoded = headerValue(value);
    if (encoded === undefined || !HEADER_NAME.test(name)) {
      skipped(name);
      return;
    }
    seen.add(name.toLowerCase());
    headers.push([name, encoded]);
  };
  add('Host', context.host);
  add('User-Agent', context.userAgent);
  add(SQSD_HEADER.msgid, message.MessageId);
  add(SQSD_HEADER.queue, context.queueName);
  add(SQSD_HEADER.firstReceivedAt, isoFromEpoch(system.ApproximateFirstReceiveTimestamp));
  add(SQSD_HEADER.sentAt, isoFromEpoch(system.SentTimestamp));
  add(SQSD_HEADER.receiveCount, system.ApproximateReceiveCount);
  add(SQSD_HEADER.senderId, system.SenderId);
  // 3.0.4 sends HttpPath for normal messages, 2.0 an empty value (docs/sqsd-behaviour.md#request-headers).
  add(SQSD_HEADER.path, taskPath ?? context.httpPath);
  if (periodic) {
    add(SQSD_HEADER.taskName, sqsdValue(SQSD_TASK_NAME));
    add(SQSD_HEADER.scheduledAt, scheduledAtHeader(scheduledTime));
  }
  for (const [name, attribute] of Object.entries(attributes)) {
    if (RESERVED_ATTRIBUTE.test(name)) continue;
    const type = attribute.DataType ?? '';
    // String, Number and their custom subtypes (`Number.int`); Binary is dropped [D; S].
    if (!type.startsWith('String') && !type.startsWith('Number')) continue;
    add(`${ATTRIBUTE_PREFIX}${name}`, attribute.StringValue);
  }
  // Content-Type is the configured MimeType on every POST, the empty periodic one included [D; S; O-2.4].
  add('Content-Type', context.mimeType);
  const body = periodic ? Buffer.alloc(0) : Buffer.from(message.Body ?? '', 'utf8');
  headers.push(['Content-Length', String(body.length)]);
  return {
    periodic,
    path: periodic ? resolvePath(taskPath ?? context.httpPath) : context.httpPath,
    headers,
    body,
  };
}

export type { RequestContext, SqsdRequest };
export { buildSqsdRequest, hostHeader };
