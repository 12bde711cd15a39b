/**
 * Pure decoding of what sits in the DLQ. Four kinds arrive there (docs/operations.md):
 * - `worker`: copied by the worker itself (src/aws/dead-letter.ts) with `worker.*` attributes saying why;
 * - `redriven`: moved by SQS after maxReceiveCount receives (crash, timeout, retryable errors), no `worker.*`;
 * - `scheduled-run`: Lambda's on-failure destination record of a scheduled run whose retries ran out;
 * - `scheduler`: EventBridge Scheduler's dead-letter event for a tick it could not deliver at all.
 * Each decodes to what an operator needs to see, and to how it would be retried.
 */
import type { Message, MessageAttributeValue } from '@aws-sdk/client-sqs';
import type { DecodeContext, FailedMessage, RetryPlan } from './failed-message.js';

const WORKER_PREFIX = 'worker.';
const SCHEDULER_ATTRIBUTES = ['SCHEDULE_ARN', 'TARGET_ARN', 'ERROR_CODE'];

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function text(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

function integer(value: unknown): number | undefined {
  const number = typeof value === 'string' ? Number(value) : value;
  return typeof number === 'number' && Number.isInteger(number) ? number : undefined;
}

/** `worker.*` values, unpacked from `worker.dead-letter` when the original used most attribute slots. */
function workerValues(attributes: Record<string, MessageAttributeValue>): Map<string, string> {
  const values = new Map<string, string>();
  for (const [name, value] of Object.entries(attributes)) {
    if (name.startsWith(WORKER_PREFIX) && value.StringValue !== undefined)
      values.set(name, value.StringValue);
  }
  const packed = parseJson(values.get('worker.dead-letter') ?? '');
  if (isRecord(packed)) {
    for (const [name, value] of Object.entries(packed)) {
      if (typeof value === 'string' && !values.has(name)) values.set(name, value);
    }
  }
  return values;
}

function withoutWorkerAttributes(
  attributes: Record<string, MessageAttributeValue>,
): Record<string, MessageAttributeValue> {
  // fromEntries keeps an attribute named `__proto__` as an own key (valid in SQS).
  return Object.fromEntries(Object.entries(attributes).filter(([name]) => !name.startsWith(WORKER_PREFIX)));
}

/** A schedule payload: our `{task, scheduledTime}` input, or Scheduler's/EventBridge's default event. */
function scheduleOf(payload: unknown): { task?: string; scheduledTime?: string } | undefined {
  if (!isRecord(payload)) return undefined;
  if (payload['detail-type'] === 'Scheduled Event') {
    const [resource] = Array.isArray(payload.resources) ? payload.resources : [];
    // The scheduled handler falls back to the schedule name's last `-` segment as the task.
    const task = typeof resource === 'string' ? resource.split(/[/-]/).pop() : undefined;
    return { task, scheduledTime: text(payload.time) };
  }
  if (typeof payload.task === 'string')
    return { task: payload.task, scheduledTime: text(payload.scheduledTime) };
  return undefined;
}

function base(message: Message): Pick<FailedMessage, 'dlqMessageId' | 'receiptHandle' | 'sentAt' | 'body'> {
  const sent = Number(message.Attributes?.SentTimestamp);
  return {
    dlqMessageId: message.MessageId ?? '(no id)',
    receiptHandle: message.ReceiptHandle,
    sentAt: Number.isFinite(sent) && sent > 0 ? new Date(sent) : undefined,
    body: message.Body ?? '',
  };
}

function decodeWorker(message: Message, values: Map<string, string>): FailedMessage {
  const common = base(message);
  const attributes = message.MessageAttributes ?? {};
  const source = values.get('worker.source-queue');
  const known = source !== undefined && source !== '(unknown)' ? source : undefined;
  const task = values.get('worker.task');
  const schedule = known === undefined ? scheduleOf(parseJson(common.body)) : undefined;
  let retry: RetryPlan;
  if (known !== undefined) {
    retry = {
      kind: 'send',
      queue: known,
      body: common.body,
      attributes: withoutWorkerAttributes(attributes),
      groupId: message.Attributes?.MessageGroupId,
    };
  } else if (schedule !== undefined) {
    // The scheduled handler dead-letters a run it can never complete with the schedule payload as body.
    retry = { kind: 'invoke', payload: parseJson(common.body) };
  } else {
    retry = { kind: 'none', reason: 'the dead-letter names no source queue' };
  }
  return {
    ...common,
    kind: 'worker',
    originalId: values.get('worker.original-message-id') ?? common.dlqMessageId,
    task: task === '(none)' ? schedule?.task : task,
    // '(none)': the worker could not tell a route (an unrecognised shape).
    route: values.get('worker.route') === '(none)' ? undefined : values.get('worker.route'),
    errorName: values.get('worker.error'),
    errorMessage: values.get('worker.error-message'),
    attempts: integer(values.get('worker.receive-count')),
    sourceQueue: known,
    scheduledTime: schedule?.scheduledTime,
    retry,
  };
}

/** Lambda's on-failure destination record (test/fixtures/aws/lambda-destination-on-failure.json). */
function decodeScheduledRun(message: Message, record: Record<string, unknown>): FailedMessage {
  const common = base(message);
  const context = isRecord(record.requestContext) ? record.requestContext : {};
  const response = isRecord(record.responsePayload) ? record.responsePayload : {};
  const functionArn = text(context.functionArn);
  const schedule = scheduleOf(record.requestPayload);
  return {
    ...common,
    kind: 'scheduled-run',
    originalId: text(context.requestId) ?? common.dlqMessageId,
    task: schedule?.task,
    errorName: text(response.errorType) ?? text(context.condition),
    errorMessage: text(response.errorMessage),
    attempts: integer(context.approximateInvokeCount),
    scheduledTime: schedule?.scheduledTime,
    origin: functionArn,
    // The version qualifier ($LATEST) is dropped: a re-run goes to the function as deployed now.
    retry: {
      kind: 'invoke',
      function: functionArn?.split(':').slice(0, 7).join(':'),
      payload: record.requestPayload,
    },
  };
}

/** Scheduler's dead-letter event: the undelivered payload as body, the failure in attributes. */
function decodeScheduler(message: Message): FailedMessage {
  const common = base(message);
  const attribute = (name: string) => message.MessageAttributes?.[name]?.StringValue;
  const payload = parseJson(common.body);
  const schedule = scheduleOf(payload);
  const target = attribute('TARGET_ARN');
  return {
    ...common,
    kind: 'scheduler',
    originalId: attribute('EXECUTION_ID') ?? common.dlqMessageId,
    task: schedule?.task ?? attribute('SCHEDULE_ARN')?.split(/[/-]/).pop(),
    errorName: attribute('ERROR_CODE'),
    errorMessage: attribute('ERROR_MESSAGE'),
    attempts: integer(attribute('RETRY_ATTEMPTS')),
    scheduledTime: schedule?.scheduledTime,
    origin: attribute('SCHEDULE_ARN'),
    retry:
      payload === undefined
        ? { kind: 'none', reason: 'the undelivered payload is not JSON' }
        : { kind: 'invoke', function: target, payload },
  };
}

/** Moved by SQS's own redrive: the source is in DeadLetterQueueSourceArn (or the one queue that redrives here). */
function decodeRedriven(message: Message, context: DecodeContext): FailedMessage {
  const common = base(message);
  const source = message.Attributes?.DeadLetterQueueSourceArn?.split(':').pop() ?? context.defaultSourceQueue;
  return {
    ...common,
    kind: 'redriven',
    originalId: common.dlqMessageId,
    errorName: 'MaxReceiveCountExceeded',
    errorMessage: 'received maxReceiveCount times without being deleted (crash, timeout or retryable errors)',
    attempts: integer(message.Attributes?.ApproximateReceiveCount),
    sourceQueue: source,
    retry:
      source === undefined
        ? { kind: 'none', reason: 'SQS recorded no source queue' }
        : {
            kind: 'send',
            queue: source,
            body: common.body,
            attributes: withoutWorkerAttributes(message.MessageAttributes ?? {}),
            groupId: message.Attributes?.MessageGroupId,
          },
  };
}

/**
 * What one DLQ message is and how to retry it. Never throws: a message nothing recognises is `unknown`
 * (shown, never retried).
 */
function decodeDeadLetter(message: Message, context: DecodeContext = {}): FailedMessage {
  const attributes = message.MessageAttributes ?? {};
  const values = workerValues(attributes);
  if (values.has('worker.error') || values.has('worker.source-queue')) return decodeWorker(message, values);
  if (SCHEDULER_ATTRIBUTES.some((name) => attributes[name] !== undefined)) return decodeScheduler(message);
  const parsed = parseJson(message.Body ?? '');
  if (isRecord(parsed) && isRecord(parsed.requestContext) && 'requestPayload' in parsed) {
    return decodeScheduledRun(message, parsed);
  }
  if (
    message.Attributes?.DeadLetterQueueSourceArn !== undefined ||
    context.defaultSourceQueue !== undefined
  ) {
    return decodeRedriven(message, context);
  }
  const common = base(message);
  return {
    ...common,
    kind: 'unknown',
    originalId: common.dlqMessageId,
    retry: { kind: 'none', reason: 'not a worker, scheduled-run or Scheduler dead-letter' },
  };
}

export { decodeDeadLetter };
