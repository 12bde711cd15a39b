/**
 * `npm run send -- <json|@file> [--sns] [--group <id>] [--count N] [--queue <name|url>] [--endpoint <url>]`:
 * enqueue messages to the running local tier (`npm start`). See docs/local-tier.md.
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { GetQueueUrlCommand, type SQSClient } from '@aws-sdk/client-sqs';
import { SingleBar } from 'cli-progress';
import { printService } from '../../service/print-service.js';
import { readLocalService } from '../../service/service-model.js';
import { LocalTierError } from '../local-tier-error.js';
import { createLocalSqsClient } from '../sqs/embedded-sqs.js';
import { defaultQueueName } from './default-queue.js';
import { isConnectionRefused, SendIncompleteError, sendMessages } from './send-messages.js';
import { snsEnvelope } from './sns-envelope.js';

const USAGE = `Usage: npm run send -- <json|@file> [options]

  --sns               wrap the body in an SNS Notification envelope (as an SNS subscription delivers it)
  --group <id>        FIFO MessageGroupId (each message also gets a unique deduplication id)
  --count <n>         send n copies (SendMessageBatch, 10 per call; progress bar from 100)
  --queue <name|url>  target queue (default: the queue of the service's sqs event; with --group, its FIFO one)
  --endpoint <url>    SQS endpoint (default http://127.0.0.1:4566, where npm start listens)
  --stage <name>      stage used to find the default queue (serverless print --stage)
  --region <name>     (default us-east-1)`;

function parse() {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      sns: { type: 'boolean' },
      group: { type: 'string' },
      count: { type: 'string' },
      queue: { type: 'string' },
      endpoint: { type: 'string' },
      stage: { type: 'string' },
      region: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  const count = Number(values.count ?? 1);
  if (!Number.isInteger(count) || count < 1)
    throw new LocalTierError(`--count must be a positive integer, got ${values.count}`);
  const [input, extra] = positionals;
  if (!values.help && input === undefined) throw new LocalTierError(`a message body is required\n\n${USAGE}`);
  if (extra !== undefined) throw new LocalTierError(`one body only (got also "${extra}"); quote the JSON`);
  return { ...values, count, input: input ?? '' };
}

async function queueUrl(
  client: SQSClient,
  queue: string | undefined,
  options: { stage: string | undefined; fifo: boolean },
) {
  if (queue?.startsWith('http://') || queue?.startsWith('https://')) return queue;
  const service = () =>
    readLocalService(printService(process.cwd(), options.stage ? { stage: options.stage } : {}));
  const name = queue ?? defaultQueueName(service(), { fifo: options.fifo });
  const { QueueUrl } = await client.send(new GetQueueUrlCommand({ QueueName: name }));
  if (QueueUrl === undefined) throw new LocalTierError(`no URL for queue ${name}`);
  return QueueUrl;
}

async function main(): Promise<void> {
  const args = parse();
  if (args.help) return console.log(USAGE);
  const body = args.input.startsWith('@') ? readFileSync(args.input.slice(1), 'utf8') : args.input;
  const endpoint = args.endpoint ?? 'http://127.0.0.1:4566';
  const region = args.region ?? 'us-east-1';
  const client = createLocalSqsClient({ endpoint, region });
  try {
    // `--group` without `--queue` means the service's FIFO queue.
    const url = await queueUrl(client, args.queue, { stage: args.stage, fifo: args.group !== undefined });
    const fifo = url.endsWith('.fifo');
    if (fifo && args.group === undefined)
      throw new LocalTierError(`${url} is a FIFO queue: pass --group <id>`);
    if (!fifo && args.group !== undefined)
      throw new LocalTierError(`--group needs a FIFO queue; ${url} is standard`);
    const topic = { region, accountId: '000000000000', topicName: 'local-topic', fifo };
    const bar =
      args.count >= 100 && process.stderr.isTTY ? new SingleBar({ stream: process.stderr }) : undefined;
    bar?.start(args.count, 0);
    const ids = await sendMessages(client, {
      queueUrl: url,
      count: args.count,
      body: args.sns ? (index) => snsEnvelope(body, topic, BigInt(index)) : () => body,
      groupId: args.group,
      onProgress: (sent) => bar?.update(sent),
    }).finally(() => bar?.stop());
    const shown = ids.length === 1 ? `MessageId ${ids[0]}` : `${ids.length} messages (first ${ids[0]})`;
    console.log(`Sent ${shown}${args.sns ? ' in SNS envelopes' : ''} to ${url}`);
  } catch (error) {
    if (error instanceof SendIncompleteError) {
      // Part of a --count run went through: say exactly how much, then why the rest did not.
      const why = isConnectionRefused(error.cause)
        ? error.accepted > 0
          ? `nothing is listening on ${endpoint} any more: did \`npm start\` stop?`
          : `nothing is listening on ${endpoint}: is \`npm start\` running?`
        : error.cause instanceof Error
          ? error.cause.message
          : String(error.cause);
      const first = error.ids.find((id) => id !== undefined);
      throw new Error(`${error.message}${first ? ` (first ${first})` : ''}. ${why}`, { cause: error });
    }
    if (isConnectionRefused(error)) {
      throw new LocalTierError(`nothing is listening on ${endpoint}: is \`npm start\` running?`, {
        cause: error,
      });
    }
    if ((error as Error).name === 'QueueDoesNotExist') {
      throw new LocalTierError(
        `${endpoint} has no queue ${args.queue ?? '(the service work queue)'}; is \`npm start\` running with the same stage?`,
      );
    }
    throw error;
  } finally {
    client.destroy();
  }
}

main().catch((error: unknown) => {
  console.error(`npm run send: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
