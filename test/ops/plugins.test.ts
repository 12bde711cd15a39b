/** The two local osls plugins as osls drives them: constructed with (serverless, options), hooks called. */
import { createRequire } from 'node:module';
import { describe, expect, it, vi } from 'vitest';

const require = createRequire(import.meta.url);
type Hooks = Record<string, () => Promise<void> | void>;
type PluginClass = new (
  serverless: unknown,
  options: Record<string, unknown>,
) => { hooks: Hooks; commands: Record<string, unknown> };
const WorkerOps = require('../../plugins/worker-ops.cjs') as PluginClass;
const ScheduleTargets = require('../../plugins/schedule-targets.cjs') as PluginClass;

class ServerlessError extends Error {}

describe('plugins/worker-ops.cjs', () => {
  it('registers every worker:* command with a hook', () => {
    const plugin = new WorkerOps({}, {});
    const commands = Object.keys(plugin.commands);
    expect(commands.sort()).toEqual(
      [
        'worker:failed',
        'worker:failed:purge',
        'worker:failed:retry',
        'worker:import-eb',
        'worker:logs',
        'worker:run',
        'worker:schedules',
        'worker:send',
      ].sort(),
    );
    for (const command of commands) expect(plugin.hooks[`${command}:run`], command).toBeTypeOf('function');
  });

  it('worker:logs is `logs -f worker` deployed, and a note locally', async () => {
    const spawn = vi.fn(async () => undefined);
    const log = vi.fn();
    const options: Record<string, unknown> = { tail: true };
    await new WorkerOps({ pluginManager: { spawn }, cli: { log } }, options).hooks['worker:logs:run']?.();
    expect(spawn).toHaveBeenCalledWith('logs');
    expect(options).toEqual({ tail: true, function: 'worker' });

    const local = { endpoint: 'http://127.0.0.1:4566' };
    await new WorkerOps({ pluginManager: { spawn }, cli: { log } }, local).hooks['worker:logs:run']?.();
    expect(spawn).toHaveBeenCalledTimes(1);
    expect(log).toHaveBeenCalledWith(expect.stringContaining('`npm start` terminal'));
  });
});

describe('plugins/schedule-targets.cjs', () => {
  const serverless = (
    custom: unknown,
    resources: Record<string, { Type: string; Properties: Record<string, unknown> }>,
  ) => ({
    classes: { Error: ServerlessError },
    service: { custom, provider: { compiledCloudFormationTemplate: { Resources: resources } } },
  });
  const schedule = () => ({
    Type: 'AWS::Scheduler::Schedule',
    Properties: { Target: { Arn: 'fn' } as Record<string, unknown> },
  });

  it('adds the retry policy and DLQ to every schedule target', () => {
    const resources = { A: schedule(), B: schedule(), Q: { Type: 'AWS::SQS::Queue', Properties: {} } };
    const settings = {
      retryPolicy: { MaximumRetryAttempts: 3, MaximumEventAgeInSeconds: 600 },
      deadLetterArn: { Ref: 'Dlq' },
    };
    new ScheduleTargets(serverless({ scheduleTargets: settings }, resources), {}).hooks[
      'after:package:compileEvents'
    ]?.();
    for (const id of ['A', 'B'] as const) {
      expect(resources[id].Properties.Target).toEqual({
        Arn: 'fn',
        RetryPolicy: { MaximumRetryAttempts: 3, MaximumEventAgeInSeconds: 600 },
        DeadLetterConfig: { Arn: { Ref: 'Dlq' } },
      });
    }
    expect(resources.Q.Properties).toEqual({});
  });

  it('refuses to package schedules without the settings', () => {
    const plugin = new ScheduleTargets(serverless(undefined, { A: schedule() }), {});
    expect(() => plugin.hooks['after:package:compileEvents']?.()).toThrow(ServerlessError);
    expect(() => plugin.hooks['after:package:compileEvents']?.()).toThrow(
      'custom.scheduleTargets needs retryPolicy and deadLetterArn',
    );
  });
});
