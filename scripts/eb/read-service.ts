import { EbBundleError } from './eb-bundle-error.js';

/** One task's schedules, in the order serverless.yml lists them. */
interface ScheduledTask {
  readonly task: string;
  /** The Lambda function whose schedule events name this task. */
  readonly functionName: string;
  /** EventBridge `cron(...)` / `rate(...)` expressions. */
  readonly expressions: readonly string[];
}

/** What the EB worker bundle needs from the resolved serverless.yml. */
interface WorkerService {
  readonly schedules: readonly ScheduledTask[];
  readonly queue: {
    readonly visibilityTimeout: number;
    readonly messageRetentionPeriod: number;
    readonly maxReceiveCount: number;
  };
  readonly worker: {
    readonly functionName: string;
    readonly maximumConcurrency: number;
    readonly errorVisibilityTimeout: number;
  };
}

type Json = Record<string, unknown>;

const QUEUE_RESOURCE = 'WorkQueue';
const UTC_ZONES = /^(Etc\/)?(UTC|GMT|UCT|Universal|Zulu)$/i;

/**
 * Reads the output of `serverless print --format json`. Pure, so it is tested against fixtures; variables and
 * `${self:...}` references are already resolved by the framework, and CloudFormation intrinsics stay objects.
 */
function readWorkerService(printed: unknown): WorkerService {
  const service = asObject(printed, 'the printed service');
  const functions = Object.entries(asObject(service.functions, 'functions'));
  const provider = optionalObject(service.provider, 'provider');
  return {
    schedules: readSchedules(functions),
    queue: readQueue(asObject(asObject(service.resources, 'resources').Resources, 'resources.Resources')),
    worker: readWorker(functions, provider),
  };
}

function readQueue(resources: Json): WorkerService['queue'] {
  const where = `resources.Resources.${QUEUE_RESOURCE}`;
  const queue = asObject(resources[QUEUE_RESOURCE], where);
  if (queue.Type !== 'AWS::SQS::Queue') throw new EbBundleError(`${where}.Type must be AWS::SQS::Queue`);
  const properties = asObject(queue.Properties, `${where}.Properties`);
  // CloudFormation accepts RedrivePolicy as an object or as a JSON string.
  const redrive =
    typeof properties.RedrivePolicy === 'string'
      ? parseJson(properties.RedrivePolicy)
      : properties.RedrivePolicy;
  return {
    visibilityTimeout: asInteger(properties.VisibilityTimeout, `${where}.Properties.VisibilityTimeout`),
    messageRetentionPeriod: asInteger(
      properties.MessageRetentionPeriod,
      `${where}.Properties.MessageRetentionPeriod`,
    ),
    maxReceiveCount: asInteger(
      asObject(redrive, `${where}.Properties.RedrivePolicy`).maxReceiveCount,
      `${where}.Properties.RedrivePolicy.maxReceiveCount`,
    ),
  };
}

/** The worker is the one function with an sqs event on WorkQueue; sqsd plays its part on EB. */
function readWorker(functions: [string, unknown][], provider: Json): WorkerService['worker'] {
  const workers = functions.flatMap(([name, definition]) =>
    events(definition, name)
      .map((event) => optionalObject(event.sqs, `functions.${name} sqs event`))
      .filter((sqs) => referencesWorkQueue(sqs.arn))
      .map((sqs) => ({ name, definition: asObject(definition, `functions.${name}`), sqs })),
  );
  const [worker, extra] = workers;
  if (worker === undefined) throw new EbBundleError(`no function has an sqs event on ${QUEUE_RESOURCE}`);
  if (extra !== undefined) {
    throw new EbBundleError(
      `several sqs events use ${QUEUE_RESOURCE} (${workers.map((w) => w.name).join(', ')})`,
    );
  }
  const where = `functions.${worker.name}`;
  // Function environment overrides the provider's, as it does on Lambda.
  const env = {
    ...optionalObject(provider.environment, 'provider.environment'),
    ...optionalObject(worker.definition.environment, `${where}.environment`),
  };
  return {
    functionName: worker.name,
    maximumConcurrency: asInteger(worker.sqs.maximumConcurrency, `${where} sqs event maximumConcurrency`),
    errorVisibilityTimeout: asInteger(
      env.ERROR_VISIBILITY_TIMEOUT,
      `ERROR_VISIBILITY_TIMEOUT in ${where}.environment or provider.environment`,
    ),
  };
}

function referencesWorkQueue(arn: unknown): boolean {
  if (typeof arn === 'object' && arn !== null && 'Fn::GetAtt' in arn) {
    const target = arn['Fn::GetAtt'];
    // `!GetAtt WorkQueue.Arn` prints as ['WorkQueue', 'Arn']; the long form may stay a dotted string.
    return Array.isArray(target) ? target[0] === QUEUE_RESOURCE : target === `${QUEUE_RESOURCE}.Arn`;
  }
  return false;
}

function readSchedules(functions: [string, unknown][]): ScheduledTask[] {
  const byTask = new Map<string, { functionName: string; expressions: string[] }>();
  for (const [functionName, definition] of functions) {
    events(definition, functionName).forEach((event, index) => {
      if (event.schedule === undefined) return;
      const where = `functions.${functionName}.events[${index}].schedule`;
      const schedule = readScheduleEvent(event.schedule, where);
      if (schedule === undefined) return;
      const entry = byTask.get(schedule.task) ?? { functionName, expressions: [] };
      entry.expressions.push(...schedule.expressions);
      byTask.set(schedule.task, entry);
    });
  }
  return [...byTask].map(([task, entry]) => ({ task, ...entry }));
}

/** `undefined` for a disabled schedule: it does not run on Lambda, so it does not run on EB either. */
function readScheduleEvent(raw: unknown, where: string): { task: string; expressions: string[] } | undefined {
  if (typeof raw === 'string') {
    throw new EbBundleError(
      `${where} is "${raw}" without input; cron.yaml needs input.task to name the task`,
    );
  }
  const schedule = asObject(raw, where);
  if (schedule.enabled === false) return undefined;
  if (schedule.timezone !== undefined && !UTC_ZONES.test(String(schedule.timezone))) {
    // sqsd evaluates cron.yaml in UTC (docs/sqsd-behaviour.md#schedule-syntax); shifting the hours would
    // still be wrong across DST.
    throw new EbBundleError(
      `${where}.timezone is "${schedule.timezone}", but cron.yaml schedules run in UTC`,
    );
  }
  const rates = Array.isArray(schedule.rate) ? schedule.rate : [schedule.rate];
  const expressions = rates.map((rate, index) => asString(rate, `${where}.rate[${index}]`));
  const input = typeof schedule.input === 'string' ? parseJson(schedule.input) : schedule.input;
  const task = asString(asObject(input, `${where}.input`).task, `${where}.input.task`);
  return { task, expressions };
}

function events(definition: unknown, name: string): Json[] {
  const list = asObject(definition, `functions.${name}`).events ?? [];
  if (!Array.isArray(list)) throw new EbBundleError(`functions.${name}.events must be a list`);
  return list.map((event, index) => asObject(event, `functions.${name}.events[${index}]`));
}

function asObject(value: unknown, where: string): Json {
  if (typeof value === 'object' && value !== null && !Array.isArray(value)) return value as Json;
  throw new EbBundleError(`${where} is missing or not an object in the printed serverless.yml`);
}

function optionalObject(value: unknown, where: string): Json {
  return value === undefined ? {} : asObject(value, where);
}

function asString(value: unknown, where: string): string {
  if (typeof value === 'string' && value.trim() !== '') return value.trim();
  throw new EbBundleError(`${where} is missing or not a string in the printed serverless.yml`);
}

/** Accepts 30 and '30': environment values and some resolved variables print as strings. */
function asInteger(value: unknown, where: string): number {
  const number = typeof value === 'string' && /^-?\d+$/.test(value.trim()) ? Number(value) : value;
  if (typeof number === 'number' && Number.isInteger(number)) return number;
  throw new EbBundleError(
    `${where} is ${value === undefined ? 'missing' : `not an integer (${JSON.stringify(value)})`}`,
  );
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

export type { ScheduledTask, WorkerService };
export { readWorkerService };
