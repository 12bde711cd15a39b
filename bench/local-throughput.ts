/**
 * `npm run bench:local [-- --messages 5000 --rounds 3] [--json <file>]`: end-to-end throughput of the local
 * worker tier (event source mapping emulation + the real worker core via middy, with a no-op task) against
 * a plain SDK ReceiveMessage/DeleteMessageBatch loop, and the cost of persistence: the same tier on an
 * emulator that journals to a temporary data dir (docs/local-tier.md#persistence). Every side drains a
 * pre-loaded backlog with the same concurrency (the worker's maximumConcurrency from serverless.yml) and
 * batch size 10; each round runs all three, the order rotates from round to round, and a warm-up round is
 * not counted. `--json <file>` also writes the numbers as JSON (used by `npm run bench`).
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
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
import { createLocalSqsClient, type EmbeddedSqs, startEmbeddedSqs } from '../src/local/sqs/embedded-sqs.js';
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
  /** The tier on the in-memory emulator (`--in-memory`). */
  tier: Side;
  /** The tier on an emulator that journals to a data dir (the default of `npm start`). */
  persistent: Side;
  /** tier median ÷ plain median */
  ratio: number;
  /** persistent median ÷ tier (in-memory) median: what persistence costs. */
  persistentRatio: number;
  /** persistent median ÷ plain median */
  persistentVsPlain: number;
};
const silent = { info: () => undefined, warn: () => undefined, error: console.error };

/**
 * The worker exactly as src/handlers/sqs-worker.ts builds it, with one no-op task and no log output.
 * `onInvoke` runs before each invocation (the clock starts at the first).
 */
function noopWorker(environment: Readonly<Record<string, string>>, onInvoke: () => void): LoadedHandler {
  const noop = defineTask({ name: 'noop', parse: (payload) => payload, run: async () => undefined });
  const { config, ...ports } = createRuntime(environment, {
    sink: () => undefined,
    registry: createRegistry({ noop }),
  });
  const worker = createWorkerHandler({ ...config, ...ports }) as unknown as (...args: unknown[]) => unknown;
  return ((...args: unknown[]) => {
    onInvoke();
    return worker(...args);
  }) as unknown as LoadedHandler;
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

/**
 * The baseline: `concurrency` loops of ReceiveMessage(10) + DeleteMessageBatch until the backlog is gone,
 * timed from the first messages in hand to the last delete (as the tier is).
 */
async function plainLoop(client: SQSClient, queueUrl: string, concurrency: number): Promise<number> {
  let done = 0;
  let started: number | undefined;
  let finished: number | undefined;
  const loop = async () => {
    while (done < MESSAGES) {
      const { Messages = [] } = await client.send(
        new ReceiveMessageCommand({ QueueUrl: queueUrl, MaxNumberOfMessages: 10, WaitTimeSeconds: 1 }),
      );
      if (Messages.length === 0) continue;
      started ??= performance.now();
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
  await Promise.all(Array.from({ length: concurrency }, loop));
  return MESSAGES / (((finished ?? performance.now()) - (started ?? 0)) / 1000);
}

/**
 * The tier on `sqs`: it reuses the pre-loaded work queue (`service` names it) and drains it. Timed from
 * its first invocation to the last delete: start-up (queues checked, handlers imported, every mapping
 * started) is not throughput, and the mappings may already be draining before startLocalTier resolves.
 */
async function tierRun(service: unknown, sqs: EmbeddedSqs): Promise<number> {
  let started: number | undefined;
  const tier = await startLocalTier({
    root,
    service,
    endpoint: sqs.endpoint,
    schedules: false,
    logger: silent,
    // The emulator is in-process, like npm start's embedded one: the mappings need not sign.
    sign: false,
    handlerOverride: (fn) =>
      fn.key === 'worker'
        ? noopWorker(fn.environment, () => {
            started ??= performance.now();
          })
        : undefined,
  });
  const mapping = tier.mappings.find((m) => m.queue === 'WorkQueue')?.mapping;
  if (mapping === undefined) throw new Error('the service has no WorkQueue mapping');
  while (mapping.stats.processed < MESSAGES) await new Promise((r) => setTimeout(r, 2));
  const rate = MESSAGES / ((performance.now() - (started ?? 0)) / 1000);
  await tier.stop();
  return rate;
}

type SideName = 'plain' | 'tier' | 'persistent';
const LABELS: Record<SideName, string> = {
  plain: 'plain SDK loop',
  tier: 'local tier (in memory)',
  persistent: 'local tier (persistent)',
};

async function main(): Promise<void> {
  const service = printService(root) as {
    functions: { worker: { events: [{ sqs: { maximumConcurrency: number } }] } };
  };
  const concurrency = service.functions.worker.events[0].sqs.maximumConcurrency;
  const dataDir = mkdtempSync(join(tmpdir(), 'bench-local-'));
  const memory = await startEmbeddedSqs({ port: 0 });
  const persistent = await startEmbeddedSqs({ port: 0, dataDir });
  const clientOf = (sqs: EmbeddedSqs) =>
    createLocalSqsClient({ endpoint: sqs.endpoint, maxSockets: concurrency * 2 + 4 });
  const clients = { memory: clientOf(memory), persistent: clientOf(persistent) };
  const runs: Record<SideName, number[]> = { plain: [], tier: [], persistent: [] };
  const warmUp: Record<SideName, number> = { plain: Number.NaN, tier: Number.NaN, persistent: Number.NaN };
  const newQueue = async (client: SQSClient, name: string) => {
    const { QueueUrl = '' } = await client.send(
      new CreateQueueCommand({ QueueName: name, Attributes: { VisibilityTimeout: '300' } }),
    );
    await preload(client, QueueUrl);
    return QueueUrl;
  };
  const tierSide = async (sqs: EmbeddedSqs, client: SQSClient, workName: string) => {
    await newQueue(client, workName);
    const roundService = structuredClone(service) as unknown as {
      resources: { Resources: Record<string, { Properties: Record<string, unknown> }> };
    };
    const work = roundService.resources.Resources.WorkQueue;
    if (work !== undefined) work.Properties.QueueName = workName;
    return tierRun(roundService, sqs);
  };
  const sides: Record<SideName, (round: number) => Promise<number>> = {
    plain: async (round) =>
      plainLoop(clients.memory, await newQueue(clients.memory, `bench-plain-${round}`), concurrency),
    tier: (round) => tierSide(memory, clients.memory, `bench-work-${round}`),
    persistent: (round) => tierSide(persistent, clients.persistent, `bench-kept-${round}`),
  };
  const order: SideName[] = ['plain', 'tier', 'persistent'];
  // Round 0 warms up the JIT and the emulators; it is printed but not counted. The order rotates each round.
  for (let round = 0; round <= ROUNDS; round++) {
    const rates: Partial<Record<SideName, number>> = {};
    for (let i = 0; i < order.length; i++) {
      const name = order[(round + i) % order.length] as SideName;
      const rate = await sides[name](round);
      rates[name] = rate;
      if (round > 0) runs[name].push(rate);
      else warmUp[name] = rate;
    }
    const line = order.map((name) => `${LABELS[name]} ${(rates[name] ?? 0).toFixed(0)} msg/s`).join(', ');
    console.log(`round ${round}${round === 0 ? ' (warm-up)' : ''}: ${line}`);
  }
  clients.memory.destroy();
  clients.persistent.destroy();
  await memory.stop();
  await persistent.stop();
  rmSync(dataDir, { recursive: true, force: true });
  const side = (name: SideName): Side => ({
    runs: runs[name],
    median: median(runs[name]),
    min: Math.min(...runs[name]),
    max: Math.max(...runs[name]),
    warmUp: warmUp[name],
  });
  const result: LocalBenchResult = {
    command: COMMAND,
    node: process.version,
    messages: MESSAGES,
    rounds: ROUNDS,
    concurrency,
    batchSize: 10,
    plain: side('plain'),
    tier: side('tier'),
    persistent: side('persistent'),
    ratio: median(runs.tier) / median(runs.plain),
    persistentRatio: median(runs.persistent) / median(runs.tier),
    persistentVsPlain: median(runs.persistent) / median(runs.plain),
  };
  if (values.json !== undefined) writeFileSync(values.json, `${JSON.stringify(result, null, 2)}\n`);
  const row = (name: SideName, note = '') => {
    const { median: m, min, max } = result[name];
    return `  ${LABELS[name].padEnd(30)} ${m.toFixed(0)} msg/s (median; range ${min.toFixed(0)}-${max.toFixed(0)}${note})`;
  };
  console.log(
    [
      '',
      `Local tier throughput (${MESSAGES} messages x ${ROUNDS} rounds, concurrency ${concurrency}, batch 10, no-op task; Node ${process.version}):`,
      row('plain'),
      row('tier', '; first invocation to last delete'),
      row('persistent', '; journal in a temporary data dir'),
      `  ratio tier / plain             ${result.ratio.toFixed(2)}`,
      `  ratio persistent / in-memory   ${result.persistentRatio.toFixed(2)}`,
      `  command: ${COMMAND}`,
    ].join('\n'),
  );
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});

export type { LocalBenchResult };
