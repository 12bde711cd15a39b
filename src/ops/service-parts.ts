/**
 * Which queue, DLQ and functions of the service the commands act on, derived from the one service model
 * (src/service) that `npm start` also reads: the worker is the function with an sqs event, its queue's
 * redrive target is the DLQ, the scheduled function is the one with schedules.
 */
import type { LocalService, ServiceFunction, ServiceQueue } from '../service/service-model.js';
import { OpsError } from './ops-error.js';

type ServiceParts = {
  workQueue: ServiceQueue;
  deadLetterQueue: ServiceQueue;
  worker: ServiceFunction;
  /** Undefined when the service has no schedules. */
  scheduled?: ServiceFunction;
};

/** The logical id an sqs event ARN or redrive target points at: `Fn::GetAtt: [Id, Arn]` or a literal ARN. */
function queueOfArn(value: unknown, queues: readonly ServiceQueue[]): ServiceQueue | undefined {
  if (typeof value === 'string') return queues.find((q) => q.name === value.split(':').pop());
  if (typeof value !== 'object' || value === null || !('Fn::GetAtt' in value)) return undefined;
  const target = (value as { 'Fn::GetAtt': unknown })['Fn::GetAtt'];
  const [id] = Array.isArray(target) ? target.map(String) : String(target).split('.');
  return queues.find((q) => q.logicalId === id);
}

function serviceParts(service: LocalService): ServiceParts {
  const worker = service.functions.find((fn) => fn.sqs.some((event) => event.enabled));
  const event = worker?.sqs.find((e) => e.enabled);
  const workQueue = event === undefined ? undefined : queueOfArn(event.arn, service.queues);
  if (worker === undefined || workQueue === undefined) {
    throw new OpsError(
      `service ${service.service} has no function with an sqs event on one of its own queues`,
    );
  }
  const deadLetterQueue = queueOfArn(workQueue.redrive?.target, service.queues);
  if (deadLetterQueue === undefined) {
    throw new OpsError(`queue ${workQueue.logicalId} has no RedrivePolicy to one of the service's queues`, {
      queue: workQueue.name,
    });
  }
  const scheduled = service.functions.find((fn) => fn.schedules.length > 0);
  return { workQueue, deadLetterQueue, worker, scheduled };
}

/** osls' logical id of a function: `scheduled` → `ScheduledLambdaFunction` (naming.getNormalizedFunctionName). */
function lambdaLogicalId(functionKey: string): string {
  const normalized = functionKey.replace(/-/g, 'Dash').replace(/_/g, 'Underscore');
  return `${normalized.charAt(0).toUpperCase()}${normalized.slice(1)}LambdaFunction`;
}

export type { ServiceParts };
export { lambdaLogicalId, queueOfArn, serviceParts };
