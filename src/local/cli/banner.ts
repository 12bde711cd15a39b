import { relative } from 'node:path';
import { localCredentialEnvironment } from '../sqs/local-credentials.js';
import type { LocalTier } from '../tier/tier-types.js';

const SAMPLE_BODY = '{"type":"test","data":"Hello Worker!"}';

/** Where the queues live, so nobody is surprised by what survives a restart. */
function storage(tier: LocalTier, embedded: boolean): string {
  if (!embedded) return 'external';
  if (tier.dataDir === undefined) return 'embedded fauxqs, in memory: discarded at exit';
  return `embedded fauxqs, kept in ${relative(process.cwd(), tier.dataDir) || '.'}/ across restarts`;
}

/** What `npm run send` assumes when not told (src/local/cli/send.ts). */
const SEND_DEFAULTS = { endpoint: 'http://127.0.0.1:4566', region: 'us-east-1' };

/**
 * The two send commands, complete for a fresh shell whatever --port, --host, --stage and --region were:
 * `npm run send` gets the queue by name (no `serverless print` with the wrong stage) and the endpoint and
 * region when they differ from its defaults; the AWS CLI gets credentials and region inline.
 */
function sendCommands(tier: LocalTier, queueLogicalId: string | undefined): string[] {
  if (queueLogicalId === undefined) return [];
  const queue = tier.queue(queueLogicalId);
  const options = [`--queue ${queue.name}`];
  if (tier.endpoint !== SEND_DEFAULTS.endpoint) options.push(`--endpoint ${tier.endpoint}`);
  if (tier.region !== SEND_DEFAULTS.region) options.push(`--region ${tier.region}`);
  const group = queue.fifo ? ' --group g1' : '';
  const cliGroup = queue.fifo ? ' --message-group-id g1' : '';
  const credentials = Object.entries({ ...localCredentialEnvironment(), AWS_DEFAULT_REGION: tier.region })
    .map(([name, value]) => `${name}=${value}`)
    .join(' ');
  return [
    `  npm run send -- '${SAMPLE_BODY}' ${options.join(' ')}${group}`,
    `  ${credentials} aws --endpoint-url ${tier.endpoint} sqs send-message --queue-url ${queue.url} --message-body '${SAMPLE_BODY}'${cliGroup}`,
  ];
}

/** The lines `npm start` prints once the tier runs: endpoint, queues, functions, how to send. */
function bannerLines(tier: LocalTier, embedded: boolean): string[] {
  const lines = [
    `Local worker tier: service ${tier.service.service}, stage ${tier.service.stage}, region ${tier.region}`,
    `SQS endpoint: ${tier.endpoint} (${storage(tier, embedded)})`,
    'Queues:',
  ];
  const width = Math.max(...tier.queues.map((q) => q.logicalId.length));
  for (const queue of tier.queues) {
    const redrive =
      queue.deadLetter === undefined
        ? ''
        : `  -> ${queue.deadLetter} after ${queue.maxReceiveCount} receives`;
    lines.push(`  ${queue.logicalId.padEnd(width)}  ${queue.url}${queue.fifo ? '  (FIFO)' : ''}${redrive}`);
  }
  lines.push('Functions (all in this one process; each handler was imported under its own environment):');
  for (const { functionName, queue } of tier.mappings) {
    const event = tier.service.functions.find((fn) => fn.name === functionName)?.sqs.find((e) => e.enabled);
    const settings =
      event === undefined
        ? ''
        : `batch ${event.batchSize}, window ${event.maximumBatchingWindow}s, concurrency ${event.maximumConcurrency ?? 'default 5'}${event.reportBatchItemFailures ? ', ReportBatchItemFailures' : ', NO ReportBatchItemFailures'}`;
    lines.push(`  ${functionName} <- ${queue}  (${settings})`);
  }
  for (const { functionKey, runner } of tier.schedules) {
    const schedules = runner.nextFireTimes();
    lines.push(`  ${functionKey}: ${schedules.length} schedule(s)`);
    for (const { name, at } of schedules) {
      lines.push(`    ${name}  next ${at === undefined ? '(not armed)' : at.toISOString()}`);
    }
  }
  if (tier.schedules.length > 0) {
    // The same code as `serverless worker:run` (docs/operations.md): the tier's Invoke API runs it now.
    lines.push(
      `  fire one now: npm run worker -- run --task <task> --endpoint ${tier.endpoint} --stage ${tier.service.stage}`,
    );
  }
  if (tier.sqsd !== undefined) {
    lines.push(`  sqsd <- ${tier.sqsd.queue}: POSTs to the app; ${tier.sqsd.cron.length} cron.yaml entries`);
    const env = Object.entries(tier.sqsd.appEnvironment).map(([name, value]) => `${name}=${value}`);
    lines.push(`  start the app with (DLQ like the worker function): ${env.join(' ')} npm run start:http`);
  }
  for (const note of tier.notes) lines.push(`Note: ${note}`);
  const work = tier.mappings[0]?.queue ?? tier.sqsd?.queue;
  lines.push(
    'Send a message:',
    ...sendCommands(tier, work),
    'Ctrl-C stops polling, drains in-flight invocations and exits.',
  );
  return lines;
}

export { bannerLines };
