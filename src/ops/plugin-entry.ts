/** Called by plugins/worker-ops.cjs with what osls already resolved (service, stage, region, stack name). */
import { readLocalService } from '../service/service-model.js';
import { COMMANDS, type OpsCommand, runOpsCommand } from './ops-commands.js';
import { OpsError } from './ops-error.js';
import { positiveInteger, terminalIo } from './ops-io.js';

type PluginCall = {
  /** osls' Service: the resolved serverless.yml. */
  service: { service: unknown; provider: Record<string, unknown>; functions?: unknown; resources?: unknown };
  stage: string;
  region: string;
  stackName: string;
  /** osls' CLI options (`--aws-profile` arrives as `aws-profile`). */
  options: Record<string, unknown>;
};

function strings(value: unknown): string[] | undefined {
  if (value === undefined) return undefined;
  return (Array.isArray(value) ? value : [value]).map(String);
}

async function runFromPlugin(command: string, call: PluginCall): Promise<void> {
  if (!(COMMANDS as readonly string[]).includes(command))
    throw new OpsError(`unknown command worker:${command}`);
  const { options } = call;
  // The same shape `serverless print` gives, so the one service reader reads it.
  const service = readLocalService({
    service: call.service.service,
    provider: { ...call.service.provider, stage: call.stage, region: call.region },
    functions: call.service.functions,
    resources: call.service.resources,
  });
  const optional = (name: string) => (options[name] === undefined ? undefined : String(options[name]));
  await runOpsCommand({
    command: command as OpsCommand,
    service,
    stackName: call.stackName,
    io: terminalIo(),
    options: {
      stage: call.stage,
      region: call.region,
      profile: optional('aws-profile'),
      endpoint: optional('endpoint'),
      max: positiveInteger(options.max, '--max'),
      count: positiveInteger(options.count, '--count'),
      ids: strings(options.id),
      yes: options.yes === true,
      task: optional('task'),
      schedule: optional('schedule'),
      body: optional('body'),
      file: optional('file'),
      sns: options.sns === true,
      group: optional('group'),
    },
  });
}

export { runFromPlugin };
