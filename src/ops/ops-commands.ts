/**
 * The `worker:*` commands, shared by the osls plugin (plugins/worker-ops.cjs) and `npm run worker`.
 * Each resolves its target (deployed stack, or the local tier with `--endpoint`), acts, and prints.
 */
import { readFileSync } from 'node:fs';
import { GetQueueAttributesCommand, PurgeQueueCommand } from '@aws-sdk/client-sqs';
import { sendMessages } from '../local/cli/send-messages.js';
import { snsEnvelope } from '../local/cli/sns-envelope.js';
import type { LocalService } from '../service/service-model.js';
import { decodeDeadLetter } from './dead-letter-message.js';
import { holdDeadLetters } from './dead-letter-queue.js';
import type { FailedMessage } from './failed-message.js';
import { formatFailedReport } from './failed-report.js';
import { localTarget } from './local-target.js';
import { OpsError } from './ops-error.js';
import type { OpsTarget, TargetOptions } from './ops-target.js';
import { retryDeadLetters } from './retry-dead-letters.js';
import { runScheduledTask } from './run-task.js';
import { formatSchedules, listSchedules } from './schedule-listing.js';
import { stackTarget } from './stack-target.js';

const COMMANDS = ['send', 'failed', 'failed:retry', 'failed:purge', 'schedules', 'run'] as const;
type OpsCommand = (typeof COMMANDS)[number];

type OpsOptions = TargetOptions & {
  max?: number;
  ids?: string[];
  yes?: boolean;
  task?: string;
  schedule?: string;
  body?: string;
  file?: string;
  sns?: boolean;
  group?: string;
  count?: number;
};

/** Terminal access: printing, and asking when there is a person to ask. */
type OpsIo = {
  print(line: string): void;
  /** True when stdin is a terminal; without one nothing is asked and `--yes` is required. */
  interactive: boolean;
  ask(question: string): Promise<string>;
  now?: () => Date;
};

type OpsRequest = {
  command: OpsCommand;
  options: OpsOptions;
  /** The service model (src/service) of serverless.yml at this stage. */
  service: LocalService;
  /** CloudFormation stack of the deployed service. */
  stackName: string;
  io: OpsIo;
};

/** Default `--max` for listing; retry and purge act on up to RETRY_MAX at once. */
const LIST_MAX = 50;
const RETRY_MAX = 1000;

async function confirm(io: OpsIo, yes: boolean | undefined, question: string): Promise<boolean> {
  if (yes) return true;
  if (!io.interactive) {
    throw new OpsError(
      `${question.replace(/\?$/, '')}: refusing without --yes, since there is no terminal to confirm on`,
    );
  }
  return /^\s*y(es)?\s*$/i.test(await io.ask(`${question} [y/N] `));
}

function resolveTarget(request: OpsRequest): Promise<OpsTarget> {
  const { options, service } = request;
  return options.endpoint === undefined
    ? stackTarget(service, request.stackName, options)
    : localTarget(service, options.endpoint, options);
}

async function failed(target: OpsTarget, request: OpsRequest): Promise<void> {
  const held = await holdDeadLetters(target.sqs, target.deadLetterQueueUrl, {
    max: request.options.max ?? LIST_MAX,
    holdSeconds: 30,
  });
  try {
    const messages = held.messages.map((m) =>
      decodeDeadLetter(m, { defaultSourceQueue: target.workQueueName }),
    );
    request.io.print(`DLQ of ${target.description}: ${target.deadLetterQueueUrl}`);
    for (const line of formatFailedReport(messages, request.io.now?.() ?? new Date(), held.more))
      request.io.print(line);
  } finally {
    await held.release();
  }
}

async function retry(target: OpsTarget, request: OpsRequest): Promise<void> {
  const { io, options } = request;
  const outcomes = await retryDeadLetters(target, {
    ids: options.ids ?? [],
    max: options.max ?? RETRY_MAX,
    confirm: (plan: readonly FailedMessage[]) =>
      confirm(io, options.yes, `Move ${plan.length} DLQ message(s) of ${target.description} back?`),
  });
  if (outcomes === undefined) return io.print('Nothing moved.');
  if (outcomes.length === 0) {
    return io.print(
      options.ids?.length ? `No DLQ message has id ${options.ids.join(', ')}.` : 'The DLQ is empty.',
    );
  }
  for (const { message, status, detail } of outcomes)
    io.print(`${status.padEnd(7)} ${message.originalId}: ${detail}`);
  const moved = outcomes.filter((o) => o.status === 'moved').length;
  io.print(`Moved ${moved} of ${outcomes.length} message(s).`);
  if (outcomes.some((o) => o.status === 'failed')) {
    throw new OpsError(
      `${outcomes.filter((o) => o.status === 'failed').length} message(s) could not be moved (see above)`,
    );
  }
}

async function purge(target: OpsTarget, request: OpsRequest): Promise<void> {
  const { Attributes } = await target.sqs.send(
    new GetQueueAttributesCommand({
      QueueUrl: target.deadLetterQueueUrl,
      AttributeNames: ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible'],
    }),
  );
  const count =
    Number(Attributes?.ApproximateNumberOfMessages ?? 0) +
    Number(Attributes?.ApproximateNumberOfMessagesNotVisible ?? 0);
  const question = `Delete all ${count} message(s) in the DLQ of ${target.description}? This cannot be undone.`;
  if (!(await confirm(request.io, request.options.yes, question)))
    return request.io.print('Nothing deleted.');
  await target.sqs.send(new PurgeQueueCommand({ QueueUrl: target.deadLetterQueueUrl }));
  request.io.print(`Purged the DLQ (${count} message(s)).`);
}

async function send(target: OpsTarget, request: OpsRequest): Promise<void> {
  const { options, io } = request;
  const body = options.file === undefined ? options.body : readFileSync(options.file, 'utf8');
  if (body === undefined) throw new OpsError('give the message with --body <json> or --file <path>');
  const fifo = target.workQueueUrl.endsWith('.fifo');
  if (fifo && options.group === undefined) throw new OpsError('the work queue is FIFO: pass --group <id>');
  if (!fifo && options.group !== undefined) throw new OpsError('--group needs a FIFO work queue');
  const topic = { region: target.region, accountId: target.accountId, topicName: 'worker-ops', fifo };
  const ids = await sendMessages(target.sqs, {
    queueUrl: target.workQueueUrl,
    count: options.count ?? 1,
    body: options.sns ? (index) => snsEnvelope(body, topic, BigInt(index)) : () => body,
    groupId: options.group,
  });
  const shown = ids.length === 1 ? `message ${ids[0]}` : `${ids.length} messages (first ${ids[0]})`;
  io.print(`Sent ${shown}${options.sns ? ' in SNS envelopes' : ''} to ${target.workQueueUrl}`);
}

async function run(target: OpsTarget, request: OpsRequest): Promise<void> {
  const { task, schedule } = request.options;
  if (task === undefined) throw new OpsError('name the task: --task <name> (see worker:schedules)');
  const result = await runScheduledTask(target, request.service, { task, schedule, now: request.io.now?.() });
  request.io.print(
    `Started task ${task} (schedule ${result.schedule}) on ${result.function} with ${JSON.stringify(result.payload)}`,
  );
  request.io.print(
    target.mode === 'local'
      ? 'The local tier runs it now: its output and any retries show in the `npm start` terminal.'
      : 'Lambda accepted the run (async, with its retries and on-failure destination): follow it with worker:logs -f scheduled.',
  );
}

/** Runs one command; throws OpsError (or an SDK error) when it could not do what was asked. */
async function runOpsCommand(request: OpsRequest): Promise<void> {
  if (request.command === 'schedules') {
    const listings = listSchedules(request.service, request.io.now?.() ?? new Date());
    for (const line of formatSchedules(listings)) request.io.print(line);
    return;
  }
  const target = await resolveTarget(request);
  try {
    const action = { send, failed, 'failed:retry': retry, 'failed:purge': purge, run }[request.command];
    await action(target, request);
  } finally {
    target.destroy();
  }
}

export type { OpsCommand, OpsIo, OpsOptions, OpsRequest };
export { COMMANDS, runOpsCommand };
