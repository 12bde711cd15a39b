/**
 * `npm run bench:local [-- --messages 5000 --rounds 3] [--json <file>]`: end-to-end throughput of the local
 * worker tier (event source mapping emulation + the real worker core via middy, with a no-op task) against
 * a plain SDK ReceiveMessage/DeleteMessageBatch loop, on the same embedded fauxqs, in the same run. Both
 * drain a pre-loaded backlog with the same concurrency (the worker's maximumConcurrency from serverless.yml)
 * and batch size 10; each round runs both, which one goes first alternates, and a warm-up round is not
 * counted. `--json <file>` also writes the numbers as JSON (used by `npm run bench`).
 */
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import {
  CreateQueueCommand,
  DeleteMessageBatchCommand,
  ReceiveMessageCommand,
  SendMessageBatchCommand,
  type SQSClient,
} from '@aws-sdk/client-sqs';
import { createRegistry, defineTask } from '../src/core/registry.js';
import { createRuntime } from '../src/handlers/runtime.js';
import { createWorkerHandler } from '../src/handlers/worker-handler.js';
import type { LoadedHandler } from '../src/local/lambda/handler-loader.js';
import { createLocalSqsClient, startEmbeddedSqs } from '../src/local/sqs/embedded-sqs.js';
import { startLocalTier } from '../src/local/tier/start-local-tier.js';
import { printService } from '../src/service/print-service.js';
import { median } from './lib/stats.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const { values } = parseArgs({
  options: { messages: { type: 'string' }, rounds: { type: 'string' }, json: { type: 'string' } },
});
const MESSAGES = Number(values.messages ?? 5000);
const ROUNDS = Number(values.rounds ?? 3);
if (!Number.isInteger(MESSAGES) || MESSAGES < 1 || !Number.isInteger(ROUNDS) || ROUNDS < 1) {
  throw new Error('--messages and --rounds must be positive integers');
}
const COMMAND = `npm run bench:local -- --messages ${MESSAGES} --rounds ${ROUNDS}`;

/** msg/s per counted round, their median and range; `warmUp` is round 0's rate, not counted. */
type Side = { runs: number[]; median: number; min: number; max: number; warmUp: number };
type LocalBenchResult = {
  command: string;
  node: string;
  messages: number;
  rounds: number;
  concurrency: number;
  batchSize: number;
  plain: Side;
  tier: Side;
  /** tier median ÷ plain median */
  ratio: number;
};
const silent = { info: () => undefined, warn: () => undefined, error: console.error };

/** The worker exactly as src/handlers/sqs-worker.ts builds it, with one no-op task and no log output. */
function noopWorker(environment: Readonly<Record<string, string>>): LoadedHandler {
  const noop = defineTask({ name: 'noop', parse: (payload) => payload, run: async () => undefined });
  const { config, ...ports } = createRuntime(environment, {
    sink: () => undefined,
    registry: createRegistry({ noop }),
  });
  return createWorkerHandler({ ...config, ...ports }) as unknown as LoadedHandler;
}

async function preload(client: SQSClient, queueUrl: string): Promise<void> {
  const body = JSON.stringify({ type: 'noop', data: { pad: 'x'.repeat(100) } });
  const batches = Array.from({ length: Math.ceil(MESSAGES / 10) }, (_, b) => b);
  let next = 0;
  const sender = async () => {
    for (let b = batches[next++]; b !== undefined; b = batches[next++]) {
      const size = Math.min(10, MESSAGES - b * 10);
      const Entries = Array.from({ length: size }, (_, i) => ({ Id: String(i), MessageBody: body }));
      await client.send(new SendMessageBatchCommand({ QueueUrl: queueUrl, Entries }));
    }
  };
  await Promise.all(Array.from({ length: 8 }, sender));
}

/** The baseline: `concurrency` loops of ReceiveMessage(10) + DeleteMessageBatch until the backlog is gone. */
async function plainLoop(client: SQSClient, queueUrl: string, concurrency: number): Promise<number> {
  let done = 0;
  const started = performance.now();
  const loop = async () => {
    while (done < MESSAGES) {
      const { Messages = [] } = await client.send(
        new ReceiveMessageCommand({ QueueUrl: queueUrl, MaxNumberOfMessages: 10, WaitTimeSeconds: 1 }),
      );
      if (Messages.length === 0) continue;
      await client.send(
        new DeleteMessageBatchCommand({
          QueueUrl: queueUrl,
          Entries: Messages.map((m, i) => ({ Id: String(i), ReceiptHandle: m.ReceiptHandle })),
        }),
      );
      done += Messages.length;
      // Stop the clock at the last delete, not when idle loops finish their long polls.
      if (done >= MESSAGES) finished ??= performance.now();
    }
  };
  let finished: number | undefined;
  await Promise.all(Array.from({ length: concurrency }, loop));
  return MESSAGES / (((finished ?? performance.now()) - started) / 1000);
}

/**
 * The tier on the same emulator: it reuses the pre-loaded work queue and drains it. Timed from the moment
 * startLocalTier resolves (queues checked, handlers imported, pollers running) to the last delete, over the
 * messages still left then, so start-up cost is not counted as throughput.
 */
async function tierRun(service: unknown, endpoint: string): Promise<number> {
  const tier = await startLocalTier({
    root,
    service,
    endpoint,
    schedules: false,
    logger: silent,
    handlerOverride: (fn) => (fn.key === 'worker' ? noopWorker(fn.environment) : undefined),
  });
  const started = performance.now();
  const mapping = tier.mappings[0]?.mapping;
  const before = mapping?.stats.processed ?? 0;
  while ((mapping?.stats.processed ?? MESSAGES) < MESSAGES) await new Promise((r) => setTimeout(r, 5));
  const rate = (MESSAGES - before) / ((performance.now() - started) / 1000);
  await tier.stop();
  return rate;
}

async function main(): Promise<void> {
  const service = printService(root) as {
    functions: { worker: { events: [{ sqs: { maximumConcurrency: number } }] } };
  };
  const concurrency = service.functions.worker.events[0].sqs.maximumConcurrency;
  const sqs = await startEmbeddedSqs({ port: 0 });
  const client = createLocalSqsClient({ endpoint: sqs.endpoint, maxSockets: concurrency * 2 + 4 });
  const plain: number[] = [];
  const tier: number[] = [];
  let warmUp = { plain: Number.NaN, tier: Number.NaN };
  const plainSide = async (round: number) => {
    const { QueueUrl: plainUrl = '' } = await client.send(
      new CreateQueueCommand({ QueueName: `bench-plain-${round}`, Attributes: { VisibilityTimeout: '300' } }),
    );
    await preload(client, plainUrl);
    return plainLoop(client, plainUrl, concurrency);
  };
  const tierSide = async (round: number) => {
    const workName = `bench-work-${round}`;
    const { QueueUrl: workUrl = '' } = await client.send(
      new CreateQueueCommand({ QueueName: workName, Attributes: { VisibilityTimeout: '300' } }),
    );
    await preload(client, workUrl);
    const roundService = structuredClone(service) as unknown as {
      resources: { Resources: Record<string, { Properties: Record<string, unknown> }> };
    };
    const work = roundService.resources.Resources.WorkQueue;
    if (work !== undefined) work.Properties.QueueName = workName;
    return tierRun(roundService, sqs.endpoint);
  };
  // Round 0 warms up the JIT and the emulator; it is printed but not counted. Odd rounds run the tier first.
  for (let round = 0; round <= ROUNDS; round++) {
    let plainRate: number;
    let tierRate: number;
    if (round % 2 === 1) {
      tierRate = await tierSide(round);
      plainRate = await plainSide(round);
    } else {
      plainRate = await plainSide(round);
      tierRate = await tierSide(round);
    }
    if (round > 0) {
      plain.push(plainRate);
      tier.push(tierRate);
    } else {
      warmUp = { plain: plainRate, tier: tierRate };
    }
    console.log(
      `round ${round}${round === 0 ? ' (warm-up)' : ''}: plain SDK loop ${plainRate.toFixed(0)} msg/s, local tier ${tierRate.toFixed(0)} msg/s`,
    );
  }
  client.destroy();
  await sqs.stop();
  const ratio = median(tier) / median(plain);
  const range = (xs: number[]) => `${Math.min(...xs).toFixed(0)}-${Math.max(...xs).toFixed(0)}`;
  const side = (runs: number[], warm: number): Side => ({
    runs,
    median: median(runs),
    min: Math.min(...runs),
    max: Math.max(...runs),
    warmUp: warm,
  });
  if (values.json !== undefined) {
    const result: LocalBenchResult = {
      command: COMMAND,
      node: process.version,
      messages: MESSAGES,
      rounds: ROUNDS,
      concurrency,
      batchSize: 10,
      plain: side(plain, warmUp.plain),
      tier: side(tier, warmUp.tier),
      ratio,
    };
    writeFileSync(values.json, `${JSON.stringify(result, null, 2)}\n`);
  }
  console.log(
    [
      '',
      `Local tier throughput (${MESSAGES} messages x ${ROUNDS} rounds, concurrency ${concurrency}, batch 10, no-op task; Node ${process.version}):`,
      `  plain SDK receive/delete loop  ${median(plain).toFixed(0)} msg/s (median; range ${range(plain)})`,
      `  local tier end to end          ${median(tier).toFixed(0)} msg/s (median; range ${range(tier)}; from tier started to last delete)`,
      `  ratio tier / plain             ${ratio.toFixed(2)}`,
      `  command: ${COMMAND}`,
    ].join('\n'),
  );
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});

export type { LocalBenchResult };
