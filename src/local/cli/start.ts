/**
 * `npm start`: the whole worker tier on this machine. See docs/local-tier.md.
 */
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { startConsole } from '../console/console-server.js';
import { LocalTierError } from '../local-tier-error.js';
import { startLocalTier } from '../tier/start-local-tier.js';
import { createStatusTracker, formatStatus } from '../tier/status-tracker.js';
import type { LocalTier } from '../tier/tier-types.js';
import { bannerLines } from './banner.js';
import { exitLine } from './exit-line.js';
import { createTerminalOutput } from './terminal-output.js';

const USAGE = `Usage: npm start -- [options]

Runs serverless.yml locally: an embedded SQS (fauxqs) with the service's queues, the sqs event source
mappings and schedules of every function, each handler imported under its function's environment.

  --port <n>          embedded SQS port (default 4566)
  --host <addr>       embedded SQS interface (default 127.0.0.1)
  --endpoint <url>    use this running SQS endpoint instead; queues are created only if missing
  --data-dir <dir>    keep queues and messages here across restarts (default .worker-tier/)
  --in-memory         keep nothing: queues and messages are discarded when the tier stops
  --stage <name>      serverless stage (default: serverless.yml's)
  --region <name>     region for ARNs, URLs and the SDK (default: provider.region)
  --sqsd <url>        EB mode: sqsd POSTs the worker queue to the app at <url> (npm run start:http)
                      instead of the Lambda mapping; cron.yaml (from the schedules) replaces EventBridge
  --log-level <lvl>   LOG_LEVEL for every function (debug, info, warn, error)
  --quiet             hide what handlers write to stdout (JSON logs, EMF metrics)
  --no-metrics        hide only the EMF metrics lines ({"_aws": ...}); logs stay
  --status <seconds>  status interval (default 1 on a terminal, 5 otherwise; 0 = off)
  --console-port <n>  web console port on 127.0.0.1 (default 4567; 0 picks a free one; docs/console.md)
  --no-console        do not start the web console
  -h, --help`;

const DEFAULT_DATA_DIR = '.worker-tier';

function parse() {
  const { values } = parseArgs({
    options: {
      port: { type: 'string' },
      host: { type: 'string' },
      endpoint: { type: 'string' },
      'data-dir': { type: 'string' },
      'in-memory': { type: 'boolean' },
      stage: { type: 'string' },
      region: { type: 'string' },
      sqsd: { type: 'string' },
      'log-level': { type: 'string' },
      quiet: { type: 'boolean' },
      'no-metrics': { type: 'boolean' },
      status: { type: 'string' },
      'console-port': { type: 'string' },
      'no-console': { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  const port = values.port === undefined ? undefined : Number(values.port);
  if (port !== undefined && (!Number.isInteger(port) || port < 0 || port > 65_535)) {
    throw new LocalTierError(`--port must be a TCP port, got ${values.port}`);
  }
  const consolePort = values['console-port'] === undefined ? undefined : Number(values['console-port']);
  if (
    consolePort !== undefined &&
    (!Number.isInteger(consolePort) || consolePort < 0 || consolePort > 65_535)
  ) {
    throw new LocalTierError(`--console-port must be a TCP port, got ${values['console-port']}`);
  }
  const status = values.status === undefined ? undefined : Number(values.status);
  if (status !== undefined && !(status >= 0))
    throw new LocalTierError(`--status must be seconds >= 0, got ${values.status}`);
  if (values['in-memory'] && values['data-dir'] !== undefined) {
    throw new LocalTierError('--in-memory keeps nothing on disk, so it does not go with --data-dir');
  }
  // The default folder is the project's own (ignored by git), so each checkout keeps its own queues.
  const dataDir = values['in-memory'] ? undefined : resolve(values['data-dir'] ?? DEFAULT_DATA_DIR);
  return { ...values, port, consolePort, status, dataDir };
}

async function main(): Promise<void> {
  const args = parse();
  if (args.help) {
    console.log(USAGE);
    return;
  }
  const output = createTerminalOutput({ quiet: args.quiet ?? false, metrics: !args['no-metrics'] });
  const tier: LocalTier = await startLocalTier({
    port: args.port,
    host: args.host,
    endpoint: args.endpoint,
    dataDir: args.endpoint === undefined ? args.dataDir : undefined,
    stage: args.stage,
    region: args.region,
    sqsd: args.sqsd === undefined ? undefined : { appUrl: args.sqsd },
    logLevel: args['log-level'],
  }).catch((error: unknown) => {
    output.close();
    throw error;
  });
  for (const line of bannerLines(tier, args.endpoint === undefined)) output.print(line);
  const webConsole = args['no-console']
    ? undefined
    : await startConsole(tier, { port: args.consolePort }).catch(async (error: unknown) => {
        await tier.stop();
        output.close();
        throw error;
      });
  if (webConsole !== undefined)
    output.print(`Console: ${webConsole.url}  (loopback only; --no-console to skip)`);

  const sample = createStatusTracker(tier);
  const width = Math.max(...tier.queues.map((q) => q.name.length));
  const intervalSeconds = args.status ?? (output.tty ? 1 : 5);
  const refresh = async () => {
    try {
      const lines = (await sample()).map((s) => formatStatus(s, width));
      output.status(output.tty ? lines : lines.map((line) => `status: ${line}`));
    } catch (error) {
      output.print(`status unavailable: ${(error as Error).message}`);
    }
  };
  const timer = intervalSeconds > 0 ? setInterval(refresh, intervalSeconds * 1000) : undefined;

  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) {
      output.print(`${signal} again: exiting without draining`);
      process.exit(130);
    }
    stopping = true;
    clearInterval(timer);
    const inFlight = tier.mappings.reduce((sum, m) => sum + m.mapping.stats.inFlight, 0);
    output.print(`${signal}: stopping polling, draining ${inFlight} in-flight invocation(s)…`);
    await webConsole?.close();
    output.print(exitLine(await tier.stop(), tier.endpoint));
    output.close();
    process.exit(0);
  };
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
}

main().catch((error: unknown) => {
  const cause =
    error instanceof Error && error.cause instanceof Error ? `\n  cause: ${error.cause.message}` : '';
  console.error(`npm start: ${error instanceof Error ? error.message : String(error)}${cause}`);
  process.exit(1);
});
