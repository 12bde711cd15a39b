/**
 * `worker:run --task <name>`: invokes the scheduled function now with exactly the payload its schedule
 * delivers (Scheduler's placeholders filled in for this moment), asynchronously as Scheduler does, so
 * Lambda's retries and the on-failure destination apply to a manual run too.
 */
import { randomUUID } from 'node:crypto';
import { InvokeCommand } from '@aws-sdk/client-lambda';
import { buildSchedulePayload, scheduleArn } from '../local/eventbridge/schedule-payload.js';
import type { LocalService, ScheduleEventModel } from '../service/service-model.js';
import { OpsError } from './ops-error.js';
import type { OpsTarget } from './ops-target.js';
import { listSchedules } from './schedule-listing.js';

type RunResult = { schedule: string; function: string; payload: unknown };

function findSchedule(service: LocalService, task: string, name?: string): ScheduleEventModel {
  const listings = listSchedules(service, new Date(0), 0);
  const match = listings.find((l) => (name === undefined ? l.task === task : l.name === name));
  const schedule = service.functions.flatMap((fn) => fn.schedules).find((s) => s.name === match?.name);
  if (schedule === undefined) {
    const tasks = [...new Set(listings.map((l) => l.task).filter(Boolean))].join(', ');
    throw new OpsError(
      name === undefined
        ? `no schedule runs task "${task}" (scheduled tasks: ${tasks || 'none'})`
        : `no schedule named "${name}"`,
    );
  }
  return schedule;
}

async function runScheduledTask(
  target: OpsTarget,
  service: LocalService,
  options: { task: string; schedule?: string; now?: Date },
): Promise<RunResult> {
  const schedule = findSchedule(service, options.task, options.schedule);
  const functionName = target.scheduledFunction;
  if (functionName === undefined) throw new OpsError('the service has no scheduled function');
  const payload = buildSchedulePayload({
    method: schedule.method,
    arn: scheduleArn(target.region, target.accountId, schedule.name, target.scheduleGroup),
    region: target.region,
    accountId: target.accountId,
    scheduledTime: options.now ?? new Date(),
    input: schedule.input,
    executionId: randomUUID(),
    attemptNumber: 1,
  });
  const { StatusCode } = await target.lambda.send(
    new InvokeCommand({
      FunctionName: functionName,
      InvocationType: 'Event',
      Payload: new TextEncoder().encode(JSON.stringify(payload)),
    }),
  );
  if (StatusCode !== 202) {
    throw new OpsError(`Lambda answered ${StatusCode} instead of 202`, { function: functionName });
  }
  return { schedule: schedule.name, function: functionName, payload };
}

export type { RunResult };
export { runScheduledTask };
