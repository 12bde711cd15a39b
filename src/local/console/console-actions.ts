/**
 * What the console's buttons do, through the same code as the command line: `worker:failed` decoding,
 * `worker:failed:retry` / `:purge` and `worker:run` (src/ops, against the tier as a local target), and
 * `npm run send`'s sendMessages and SNS envelope. Nothing here has logic of its own beyond choosing.
 */
import { DeleteMessageCommand } from '@aws-sdk/client-sqs';
import { decodeDeadLetter } from '../../ops/dead-letter-message.js';
import { holdDeadLetters } from '../../ops/dead-letter-queue.js';
import type { FailedMessage } from '../../ops/failed-message.js';
import { formatAge, preview } from '../../ops/failed-report.js';
import { localTarget } from '../../ops/local-target.js';
import { runOpsCommand } from '../../ops/ops-commands.js';
import type { OpsTarget } from '../../ops/ops-target.js';
import { sendMessages } from '../cli/send-messages.js';
import { snsEnvelope } from '../cli/sns-envelope.js';
import { LocalTierError } from '../local-tier-error.js';
import type { LocalTier } from '../tier/tier-types.js';

/** One DLQ message as the page lists it: `worker:failed`'s decoded fields, plus what the page shows for them
 * (the full body is fetched on demand). */
type DeadLetterRow = Pick<
  FailedMessage,
  | 'dlqMessageId'
  | 'originalId'
  | 'kind'
  | 'task'
  | 'route'
  | 'errorName'
  | 'errorMessage'
  | 'attempts'
  | 'sourceQueue'
> & {
  age?: string;
  preview: string;
  retryable: boolean;
};

type SendForm = { queue?: string; body: string; sns?: boolean; group?: string; count?: number };

/** Most DLQ messages one listing holds; the page says when there are more. */
const LIST_MAX = 100;
/** Most messages one send may ask for, so a typo cannot flood the tier. */
const SEND_MAX = 10_000;

/** The console's actions on one running tier; `close()` destroys the clients. */
function createConsoleActions(tier: LocalTier) {
  let target: Promise<OpsTarget> | undefined;
  // The last listing's full bodies, so "show full body" needs no second receive.
  let bodies = new Map<string, string>();
  // DLQ reads hold messages invisible for a moment: one DLQ action at a time, or a retry would miss
  // the messages a listing holds.
  let queue: Promise<unknown> = Promise.resolve();
  function serial<T>(work: () => Promise<T>): Promise<T> {
    const run = queue.then(work, work);
    queue = run.catch(() => undefined);
    return run;
  }
  const opsTarget = () => {
    target ??= localTarget(tier.service, tier.endpoint, { region: tier.region });
    // A failed lookup (a service without a DLQ) is retried on the next request, not cached.
    target.catch(() => {
      target = undefined;
    });
    return target;
  };

  /** Runs a `worker:*` command as `npm run worker` would with `--yes` (the page asked already). */
  async function ops(command: 'failed:retry' | 'failed:purge' | 'run', options: Record<string, unknown>) {
    const lines: string[] = [];
    await runOpsCommand({
      command,
      options: {
        endpoint: tier.endpoint,
        region: tier.region,
        stage: tier.service.stage,
        yes: true,
        ...options,
      },
      service: tier.service,
      stackName: '',
      io: { print: (line) => lines.push(line), interactive: false, ask: async () => '' },
    });
    return lines;
  }

  async function deadLetters(): Promise<{ queue: string; rows: DeadLetterRow[]; more: boolean }> {
    const t = await opsTarget();
    const held = await holdDeadLetters(t.sqs, t.deadLetterQueueUrl, { max: LIST_MAX, holdSeconds: 30 });
    try {
      const now = Date.now();
      const decoded = held.messages.map((m) => decodeDeadLetter(m, { defaultSourceQueue: t.workQueueName }));
      bodies = new Map(decoded.map((m) => [m.dlqMessageId, m.body]));
      const rows = decoded.map(
        (m): DeadLetterRow => ({
          dlqMessageId: m.dlqMessageId,
          originalId: m.originalId,
          kind: m.kind,
          task: m.task,
          route: m.route,
          errorName: m.errorName,
          errorMessage: m.errorMessage,
          attempts: m.attempts,
          sourceQueue: m.sourceQueue,
          age: m.sentAt === undefined ? undefined : formatAge(now - m.sentAt.getTime()),
          preview: preview(m.body),
          retryable: m.retry.kind !== 'none',
        }),
      );
      return { queue: t.deadLetterQueueUrl, rows, more: held.more };
    } finally {
      await held.release();
    }
  }

  function fullBody(dlqMessageId: string): string {
    const body = bodies.get(dlqMessageId);
    if (body === undefined)
      throw new LocalTierError(`DLQ message ${dlqMessageId} is not in the last listing`);
    return body;
  }

  /** Deletes one DLQ message (per-message purge): held, deleted by its receipt handle, the rest released. */
  async function purgeOne(dlqMessageId: string): Promise<string[]> {
    const t = await opsTarget();
    const held = await holdDeadLetters(t.sqs, t.deadLetterQueueUrl, { max: 1000, holdSeconds: 60 });
    const found = held.messages.find((m) => m.MessageId === dlqMessageId);
    try {
      if (found === undefined) return [`No DLQ message has id ${dlqMessageId}.`];
      await t.sqs.send(
        new DeleteMessageCommand({ QueueUrl: t.deadLetterQueueUrl, ReceiptHandle: found.ReceiptHandle }),
      );
      return [`Deleted DLQ message ${dlqMessageId}.`];
    } finally {
      await held.release(held.messages.filter((m) => m !== found));
    }
  }

  async function send(form: SendForm): Promise<string[]> {
    const count = form.count ?? 1;
    if (!Number.isInteger(count) || count < 1 || count > SEND_MAX)
      throw new LocalTierError(`count must be an integer from 1 to ${SEND_MAX}, got ${form.count}`);
    const queue = tier.queue(form.queue ?? tier.mappings[0]?.queue ?? '');
    const group = form.group === '' ? undefined : form.group;
    if (queue.fifo && group === undefined)
      throw new LocalTierError(`${queue.name} is a FIFO queue: give a message group`, { queue: queue.name });
    if (!queue.fifo && group !== undefined)
      throw new LocalTierError(`a message group needs a FIFO queue; ${queue.name} is standard`, {
        queue: queue.name,
      });
    const topic = {
      region: tier.region,
      accountId: tier.accountId,
      topicName: 'local-topic',
      fifo: queue.fifo,
    };
    const ids = await sendMessages(tier.client, {
      queueUrl: queue.url,
      count,
      body: form.sns ? (index) => snsEnvelope(form.body, topic, BigInt(index)) : () => form.body,
      groupId: group,
    });
    const shown = ids.length === 1 ? `MessageId ${ids[0]}` : `${ids.length} messages (first ${ids[0]})`;
    return [`Sent ${shown}${form.sns ? ' in SNS envelopes' : ''} to ${queue.name}`];
  }

  return {
    deadLetters: () => serial(deadLetters),
    fullBody,
    purgeOne: (dlqMessageId: string) => serial(() => purgeOne(dlqMessageId)),
    send,
    retry: (ids: readonly string[]) => serial(() => ops('failed:retry', { ids: [...ids] })),
    purgeAll: () => serial(() => ops('failed:purge', {})),
    runNow: (task: string, schedule: string) => ops('run', { task, schedule }),
    async close() {
      const t = await target?.catch(() => undefined);
      t?.destroy();
    },
  };
}

type ConsoleActions = ReturnType<typeof createConsoleActions>;

export type { ConsoleActions, DeadLetterRow, SendForm };
export { createConsoleActions };
