/**
 * `npm run worker -- <command> [options]`: the `serverless worker:*` commands without the serverless
 * CLI in front (docs/operations.md). Same code: src/ops/ops-commands.ts.
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { printService } from '../service/print-service.js';
import { readLocalService } from '../service/service-model.js';
import { COMMANDS, type OpsCommand, runOpsCommand } from './ops-commands.js';
import { positiveInteger, terminalIo } from './ops-io.js';

const USAGE = `Usage: npm run worker -- <command> [options]

Commands (the same as \`serverless worker:<command>\`):
  send --body <json> | --file <f> [--sns] [--group id] [--count N]
  failed [--max N]                 list DLQ messages without consuming them
  failed:retry [--id <id>]... [--yes]  move DLQ messages back (a failed scheduled run runs again)
  failed:purge [--yes]             delete every DLQ message
  schedules                        schedules with their next three fire times (UTC)
  run --task <name> [--schedule n] run a scheduled task now with its schedule payload
  logs [-f worker] [--tail]        serverless logs (deployed only)

Target: the deployed stack (--stage, --region, --aws-profile), or the local tier with
  --endpoint http://127.0.0.1:4566 (npm start).`;

function parse(argv: string[]) {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      stage: { type: 'string', short: 's' },
      region: { type: 'string', short: 'r' },
      'aws-profile': { type: 'string' },
      endpoint: { type: 'string' },
      max: { type: 'string' },
      id: { type: 'string', multiple: true },
      yes: { type: 'boolean' },
      task: { type: 'string' },
      schedule: { type: 'string' },
      body: { type: 'string' },
      file: { type: 'string' },
      sns: { type: 'boolean' },
      group: { type: 'string' },
      count: { type: 'string' },
      function: { type: 'string', short: 'f' },
      tail: { type: 'boolean', short: 't' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  return { values, command: positionals[0], extra: positionals.slice(1) };
}

/** `logs` is the framework's own command; locally the tier prints function logs itself. */
function logs(values: ReturnType<typeof parse>['values']): number {
  if (values.endpoint !== undefined) {
    console.log(
      "The local tier prints every function's logs in the `npm start` terminal (JSON lines, as in CloudWatch).",
    );
    return 0;
  }
  const args = ['logs', '-f', values.function ?? 'worker'];
  if (values.tail) args.push('--tail');
  for (const flag of ['stage', 'region', 'aws-profile'] as const) {
    if (values[flag] !== undefined) args.push(`--${flag}`, values[flag]);
  }
  return (
    spawnSync(join(process.cwd(), 'node_modules', '.bin', 'serverless'), args, { stdio: 'inherit' }).status ??
    1
  );
}

async function main(): Promise<number> {
  const { values, command, extra } = parse(process.argv.slice(2));
  if (values.help || command === undefined) {
    console.log(USAGE);
    return values.help ? 0 : 1;
  }
  if (extra.length > 0)
    throw new Error(`unexpected argument "${extra[0]}" (quote a JSON body: --body '{...}')`);
  if (command === 'logs') return logs(values);
  if (!(COMMANDS as readonly string[]).includes(command))
    throw new Error(`unknown command "${command}"\n\n${USAGE}`);
  const printed = printService(process.cwd(), { stage: values.stage, region: values.region }) as {
    provider?: { stackName?: unknown };
  };
  const service = readLocalService(printed);
  const stackName =
    typeof printed.provider?.stackName === 'string'
      ? printed.provider.stackName
      : `${service.service}-${service.stage}`;
  await runOpsCommand({
    command: command as OpsCommand,
    service,
    stackName,
    io: terminalIo(),
    options: {
      stage: values.stage,
      region: values.region,
      profile: values['aws-profile'],
      endpoint: values.endpoint,
      max: positiveInteger(values.max, '--max'),
      count: positiveInteger(values.count, '--count'),
      ids: values.id,
      yes: values.yes,
      task: values.task,
      schedule: values.schedule,
      body: values.body,
      file: values.file,
      sns: values.sns,
      group: values.group,
    },
  });
  return 0;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(`npm run worker: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  },
);
