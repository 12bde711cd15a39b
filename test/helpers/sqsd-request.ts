import type { SQSRecord } from 'aws-lambda';
import { fromEpochMillis, fromSqsdScheduledTime, toSqsdHeaderTime } from '../../src/core/times.js';
import { parseQueueArn } from '../../src/local/lambda/sqs-records.js';

/** One POST as sqsd would send it for an SQS message. */
type SqsdPost = { path: string; headers: Record<string, string>; body: string };

const isoSeconds = (epochMillis: string | undefined): string | undefined => {
  const date = fromEpochMillis(epochMillis);
  return date ? toSqsdHeaderTime(date) : undefined;
};

/**
 * What sqsd POSTs for a received message (docs/sqsd-behaviour.md#request-headers, #periodic-delivery,
 * #lambda-record-mapping), written from the spec independently of the adapter so the parity test does not
 * check the adapter against itself:
 * - every message: User-Agent, Content-Type (MimeType), Msgid, Queue (queue name), Receive-Count,
 *   First-Received-At and Sent-At (ISO 8601, seconds, Z), Sender-Id, Path;
 * - `X-Aws-Sqsd-Attr-<name>` for String* and Number* attributes except `beanstalk.sqsd.*`; Binary dropped;
 * - a periodic task (attribute `beanstalk.sqsd.scheduled_time`): empty body, POSTed to
 *   `beanstalk.sqsd.path`, with Taskname and Scheduled-At; anything else: the body as is, to HttpPath.
 */
const sqsdPostFromRecord = (
  record: SQSRecord,
  options: { httpPath?: string; mimeType?: string } = {},
): SqsdPost => {
  const httpPath = options.httpPath ?? '/';
  const attributes = record.messageAttributes ?? {};
  const headers: Record<string, string> = {
    'User-Agent': 'aws-sqsd/3.0.4',
    'Content-Type': options.mimeType ?? 'application/json',
    'X-Aws-Sqsd-Msgid': record.messageId,
    'X-Aws-Sqsd-Queue': parseQueueArn(record.eventSourceARN).name,
    'X-Aws-Sqsd-Receive-Count': record.attributes.ApproximateReceiveCount,
  };
  const firstReceived = isoSeconds(record.attributes.ApproximateFirstReceiveTimestamp);
  const sent = isoSeconds(record.attributes.SentTimestamp);
  if (firstReceived) headers['X-Aws-Sqsd-First-Received-At'] = firstReceived;
  if (sent) headers['X-Aws-Sqsd-Sent-At'] = sent;
  if (record.attributes.SenderId) headers['X-Aws-Sqsd-Sender-Id'] = record.attributes.SenderId;
  for (const [name, attribute] of Object.entries(attributes)) {
    if (name.startsWith('beanstalk.sqsd.')) continue;
    if (!/^(String|Number)/.test(attribute.dataType) || attribute.stringValue === undefined) continue;
    headers[`X-Aws-Sqsd-Attr-${name}`] = attribute.stringValue;
  }
  const taskPath = attributes['beanstalk.sqsd.path']?.stringValue;
  const scheduledTime = attributes['beanstalk.sqsd.scheduled_time']?.stringValue;
  headers['X-Aws-Sqsd-Path'] = taskPath ?? httpPath;
  if (scheduledTime === undefined) return { path: httpPath, headers, body: record.body };
  const scheduledAt = fromSqsdScheduledTime(scheduledTime);
  if (!scheduledAt) throw new Error(`sqsd cannot parse scheduled_time ${JSON.stringify(scheduledTime)}`);
  headers['X-Aws-Sqsd-Scheduled-At'] = toSqsdHeaderTime(scheduledAt);
  const taskName = attributes['beanstalk.sqsd.task_name']?.stringValue;
  if (taskName) headers['X-Aws-Sqsd-Taskname'] = taskName;
  return { path: taskPath || httpPath, headers, body: '' };
};

export type { SqsdPost };
export { sqsdPostFromRecord };
