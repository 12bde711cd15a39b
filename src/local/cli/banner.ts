import { relative } from 'node:path';
import type { LocalTier } from '../tier/tier-types.js';

const SAMPLE_BODY = '{"type":"test","data":"Hello Worker!"}';

/** Where the queues live, so nobody is surprised by what survives a restart. */
function storage(tier: LocalTier, embedded: boolean): string {
  if (!embedded) return 'external';
  if (tier.dataDir === undefined) return 'embedded fauxqs, in memory: discarded at exit';
  return `embedded fauxqs, kept in ${relative(process.cwd(), tier.dataDir) || '.'}/ across restarts`;
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
    const next = runner
      .nextFireTimes()
      .filter((t) => t.at !== undefined)
      .sort((a, b) => (a.at?.getTime() ?? 0) - (b.at?.getTime() ?? 0));
    const first = next[0];
    lines.push(
      `  ${functionKey}: ${next.length} schedule(s)${first ? `, next ${first.name} at ${first.at?.toISOString()}` : ''}`,
    );
  }
  if (tier.sqsd !== undefined) {
    lines.push(`  sqsd <- ${tier.sqsd.queue}: POSTs to the app; ${tier.sqsd.cron.length} cron.yaml entries`);
    const env = Object.entries(tier.sqsd.appEnvironment).map(([name, value]) => `${name}=${value}`);
    lines.push(`  start the app with (DLQ like the worker function): ${env.join(' ')} npm run start:http`);
  }
  for (const note of tier.notes) lines.push(`Note: ${note}`);
  const work = tier.mappings[0]?.queue ?? tier.sqsd?.queue;
  const workUrl = work === undefined ? '<queue-url>' : tier.queue(work).url;
  lines.push(
    'Send a message:',
    `  npm run send -- '${SAMPLE_BODY}'`,
    `  aws --endpoint-url ${tier.endpoint} sqs send-message --queue-url ${workUrl} --message-body '${SAMPLE_BODY}'`,
    'Ctrl-C stops polling, drains in-flight invocations and exits.',
  );
  return lines;
}

export { bannerLines };
