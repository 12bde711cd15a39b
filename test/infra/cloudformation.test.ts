import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { Cron } from 'croner';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { specErrors } from '../helpers/cfn-spec.js';
import { envWithoutAws, packageService } from '../helpers/infra-package.js';
import {
  asArray,
  getAtt,
  loadTemplate,
  propertiesOf,
  ref,
  resourcesOfType,
  type Statement,
  type Template,
} from '../helpers/infra-template.js';
import { readZip, type ZipEntry } from '../helpers/read-zip.js';

const run = promisify(execFile);
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const WORKER_HANDLER = 'src/handlers/sqs-worker.handler';
const SCHEDULED_HANDLER = 'src/handlers/scheduled.handler';

// The EB cron.yaml entries (crontab, UTC) and their EventBridge form per
// docs/lambda-behaviour.md#crontab-to-eventbridge.
const SCHEDULES = [
  { crontab: '*/5 * * * *', expression: 'cron(0/5 * * * ? *)', task: 'scheduled' },
  { crontab: '0 2 * * *', expression: 'cron(0 2 * * ? *)', task: 'scheduled' },
  { crontab: '0 * * * *', expression: 'cron(0 * * * ? *)', task: 'cleanup' },
  { crontab: '0 6 * * *', expression: 'cron(0 6 * * ? *)', task: 'reports' },
  { crontab: '0 1 * * 0', expression: 'cron(0 1 ? * SUN *)', task: 'backup' },
];

type FunctionProps = {
  Handler: string;
  Timeout: number;
  Environment?: { Variables: Record<string, unknown> };
};
type QueueProps = {
  VisibilityTimeout?: number;
  MessageRetentionPeriod?: number;
  SqsManagedSseEnabled?: boolean;
  RedrivePolicy?: { deadLetterTargetArn: unknown; maxReceiveCount: number };
};
type MappingProps = {
  FunctionName: unknown;
  EventSourceArn: unknown;
  BatchSize: number;
  MaximumBatchingWindowInSeconds?: number;
  FunctionResponseTypes?: string[];
  ScalingConfig?: { MaximumConcurrency: number };
};
type ScheduleProps = {
  ScheduleExpression: string;
  ScheduleExpressionTimezone?: string;
  Name?: string;
  GroupName?: unknown;
  Target: {
    Arn: unknown;
    Input?: string;
    RoleArn?: unknown;
    RetryPolicy?: { MaximumEventAgeInSeconds?: number; MaximumRetryAttempts?: number };
    DeadLetterConfig?: { Arn?: unknown };
  };
};
type AlarmProps = {
  AlarmName?: string;
  AlarmActions?: unknown[];
  OKActions?: unknown[];
  MetricName: string;
  Threshold: number;
  ComparisonOperator: string;
  Dimensions: { Name: string; Value: unknown }[];
};
type QueuePolicyProps = { Queues: unknown[]; PolicyDocument: { Statement: Statement[] } };
type RoleProps = {
  Policies?: { PolicyDocument: { Statement: Statement[] } }[];
  AssumeRolePolicyDocument: { Statement: (Statement & { Principal?: { Service?: string[] } })[] };
};
type InvokeConfigProps = {
  FunctionName: unknown;
  MaximumRetryAttempts?: number;
  DestinationConfig?: { OnFailure?: { Destination: unknown } };
};

let outDir = '';
let template: Template;
let scratch = '';

const functionByHandler = (handler: string): [string, FunctionProps] => {
  const found = resourcesOfType<FunctionProps>(template, 'AWS::Lambda::Function').find(
    ([, props]) => props.Handler === handler,
  );
  if (!found) throw new Error(`no Lambda function with handler ${handler}`);
  return found;
};
const workerMappings = () => {
  const [workerId] = functionByHandler(WORKER_HANDLER);
  return resourcesOfType<MappingProps>(template, 'AWS::Lambda::EventSourceMapping')
    .map(([, props]) => props)
    .filter((props) => JSON.stringify(props.FunctionName) === JSON.stringify(getAtt(workerId, 'Arn')));
};
const mappingOf = (queueId: string) =>
  workerMappings().find((m) => JSON.stringify(m.EventSourceArn) === JSON.stringify(getAtt(queueId, 'Arn')));
const queue = (logicalId: string) => propertiesOf<QueueProps>(template, logicalId, 'AWS::SQS::Queue');
const zipEntries = async (name: string): Promise<ZipEntry[]> =>
  readZip(await readFile(path.join(outDir, name)));

beforeAll(async () => {
  // `invoke local` first, as a developer would: its stage-local .js bundle must not leak into the package.
  await run(
    'npx',
    [
      '--no-install',
      'serverless',
      'invoke',
      'local',
      '--stage',
      'local',
      '-f',
      'worker',
      '-p',
      'events/sqs-eb-test-message.json',
    ],
    {
      cwd: root,
      env: envWithoutAws(),
      timeout: 60_000,
    },
  );
  outDir = await packageService(root, 'test');
  template = await loadTemplate(path.join(outDir, 'cloudformation-template-update-stack.json'));
  scratch = await mkdtemp(path.join(tmpdir(), 'worker-tier-bundle-'));
}, 120_000);

afterAll(async () => {
  if (scratch) await rm(scratch, { recursive: true, force: true });
});

describe('worker: SQS event source mapping', () => {
  it('reads WorkQueue and the orders.fifo sample, nothing else', () => {
    expect(workerMappings().map((m) => m.EventSourceArn)).toEqual([
      getAtt('WorkQueue', 'Arn'),
      getAtt('OrdersQueue', 'Arn'),
    ]);
  });

  it('reports batch item failures, caps concurrency and batches from WorkQueue', () => {
    const mapping = mappingOf('WorkQueue');
    expect(mapping?.EventSourceArn).toEqual(getAtt('WorkQueue', 'Arn'));
    // Without this, Lambda ignores batchItemFailures and middy's swallowed errors delete the batch.
    expect(mapping?.FunctionResponseTypes).toEqual(['ReportBatchItemFailures']);
    // EB HttpConnections default.
    expect(mapping?.ScalingConfig?.MaximumConcurrency).toBe(50);
    expect(mapping?.BatchSize).toBe(10);
  });

  it('reports batch item failures from orders.fifo, at most 10 per batch, with no batching window', () => {
    const mapping = mappingOf('OrdersQueue');
    expect(mapping?.FunctionResponseTypes).toEqual(['ReportBatchItemFailures']);
    expect(mapping?.BatchSize).toBeLessThanOrEqual(10);
    expect(mapping?.MaximumBatchingWindowInSeconds ?? 0).toBe(0);
  });
});

describe('function settings', () => {
  it('gives the worker its EB-equivalent environment', () => {
    const [, worker] = functionByHandler(WORKER_HANDLER);
    expect(worker.Environment?.Variables).toMatchObject({
      DEAD_LETTER_QUEUE_URL: ref('DeadLetterQueue'),
      ERROR_VISIBILITY_TIMEOUT: '2',
      WORKER_CONCURRENCY: expect.stringMatching(/^[1-9]\d*$/),
    });
  });

  it('lets the scheduled function dead-letter permanent failures', () => {
    const [, scheduled] = functionByHandler(SCHEDULED_HANDLER);
    expect(scheduled.Environment?.Variables?.DEAD_LETTER_QUEUE_URL).toEqual(ref('DeadLetterQueue'));
  });
});

describe('queues', () => {
  it('redrives WorkQueue to the DLQ after 10 receives', () => {
    expect(queue('WorkQueue').RedrivePolicy).toEqual({
      deadLetterTargetArn: getAtt('DeadLetterQueue', 'Arn'),
      maxReceiveCount: 10,
    });
  });

  it('keeps WorkQueue visibility >= 6 x worker timeout + batching window', () => {
    const [, worker] = functionByHandler(WORKER_HANDLER);
    const window = mappingOf('WorkQueue')?.MaximumBatchingWindowInSeconds ?? 0;
    expect(queue('WorkQueue').VisibilityTimeout).toBeGreaterThanOrEqual(6 * worker.Timeout + window);
    expect(queue('OrdersQueue').VisibilityTimeout).toBeGreaterThanOrEqual(6 * worker.Timeout);
  });

  it('makes orders.fifo a FIFO queue (content-based dedup) redriven to a FIFO DLQ after 10 receives', () => {
    expect(queue('OrdersQueue')).toMatchObject({
      QueueName: 'worker-tier-test-orders.fifo',
      FifoQueue: true,
      ContentBasedDeduplication: true,
      RedrivePolicy: { deadLetterTargetArn: getAtt('OrdersDeadLetterQueue', 'Arn'), maxReceiveCount: 10 },
    });
    expect(queue('OrdersDeadLetterQueue')).toMatchObject({
      QueueName: 'worker-tier-test-orders-dlq.fifo',
      FifoQueue: true,
    });
  });

  it('encrypts every queue with SQS-managed SSE', () => {
    const queues = resourcesOfType<QueueProps>(template, 'AWS::SQS::Queue');
    expect(queues.map(([id]) => id).sort()).toEqual([
      'DeadLetterQueue',
      'OrdersDeadLetterQueue',
      'OrdersQueue',
      'WorkQueue',
    ]);
    for (const [id, props] of queues) expect(props.SqsManagedSseEnabled, id).toBe(true);
  });

  it('retains work 4 days (EB default) and dead letters 14 days', () => {
    expect(queue('WorkQueue').MessageRetentionPeriod).toBe(345_600);
    expect(queue('DeadLetterQueue').MessageRetentionPeriod).toBe(1_209_600);
    expect(queue('OrdersQueue').MessageRetentionPeriod).toBe(345_600);
    expect(queue('OrdersDeadLetterQueue').MessageRetentionPeriod).toBe(1_209_600);
  });

  it('denies non-TLS access on each queue', () => {
    const policies = resourcesOfType<QueuePolicyProps>(template, 'AWS::SQS::QueuePolicy');
    for (const queueId of ['WorkQueue', 'DeadLetterQueue', 'OrdersQueue', 'OrdersDeadLetterQueue']) {
      const statements = policies
        .filter(([, props]) => props.Queues.some((q) => JSON.stringify(q) === JSON.stringify(ref(queueId))))
        .flatMap(([, props]) => props.PolicyDocument.Statement);
      const tlsDeny = statements.find(
        (s) =>
          s.Effect === 'Deny' &&
          s.Principal === '*' &&
          asArray(s.Action).includes('sqs:*') &&
          s.Condition?.Bool?.['aws:SecureTransport'] === 'false',
      );
      expect(tlsDeny, queueId).toBeDefined();
      expect(tlsDeny?.Resource, queueId).toEqual(getAtt(queueId, 'Arn'));
    }
  });

  it('exports queue URLs and ARNs', () => {
    expect(template.Outputs?.WorkQueueUrl?.Value).toEqual(ref('WorkQueue'));
    expect(template.Outputs?.WorkQueueArn?.Value).toEqual(getAtt('WorkQueue', 'Arn'));
    expect(template.Outputs?.DeadLetterQueueUrl?.Value).toEqual(ref('DeadLetterQueue'));
    expect(template.Outputs?.DeadLetterQueueArn?.Value).toEqual(getAtt('DeadLetterQueue', 'Arn'));
  });
});

describe('alarms', () => {
  const alarmOn = (queueId: string, metric: string) => {
    const found = resourcesOfType<AlarmProps>(template, 'AWS::CloudWatch::Alarm').find(
      ([, props]) =>
        props.MetricName === metric &&
        props.Dimensions.some(
          (d) =>
            d.Name === 'QueueName' &&
            JSON.stringify(d.Value) === JSON.stringify(getAtt(queueId, 'QueueName')),
        ),
    );
    if (!found) throw new Error(`no ${metric} alarm on ${queueId}`);
    expect(found[1].ComparisonOperator).toBe('GreaterThanThreshold');
    return found[1].Threshold;
  };

  it('alarms on work queue depth > 1000 and on any DLQ message', () => {
    expect(alarmOn('WorkQueue', 'ApproximateNumberOfMessagesVisible')).toBe(1000);
    expect(alarmOn('DeadLetterQueue', 'ApproximateNumberOfMessagesVisible')).toBe(0);
    expect(alarmOn('OrdersDeadLetterQueue', 'ApproximateNumberOfMessagesVisible')).toBe(0);
  });

  it('alarms on message age only beyond the slowest legitimate path to the DLQ', () => {
    // A message that times out on every attempt lives maxReceiveCount x VisibilityTimeout before it
    // is dead-lettered; an age alarm below that would page on retries rather than on a stalled consumer.
    const work = queue('WorkQueue');
    const slowestRetryPath = (work.RedrivePolicy?.maxReceiveCount ?? 0) * (work.VisibilityTimeout ?? 0);
    expect(slowestRetryPath).toBeGreaterThan(0);
    expect(alarmOn('WorkQueue', 'ApproximateAgeOfOldestMessage')).toBeGreaterThan(slowestRetryPath);
    const orders = queue('OrdersQueue');
    const ordersSlowest = (orders.RedrivePolicy?.maxReceiveCount ?? 0) * (orders.VisibilityTimeout ?? 0);
    expect(alarmOn('OrdersQueue', 'ApproximateAgeOfOldestMessage')).toBeGreaterThan(ordersSlowest);
  });
});

describe('scheduled: EventBridge Scheduler', () => {
  const schedules = () => resourcesOfType<ScheduleProps>(template, 'AWS::Scheduler::Schedule');

  it('has exactly one schedule per cron.yaml entry', () => {
    expect(schedules()).toHaveLength(SCHEDULES.length);
  });

  it.each(SCHEDULES)('runs $task at $expression (crontab $crontab) in UTC', ({ expression, task }) => {
    const [scheduledId] = functionByHandler(SCHEDULED_HANDLER);
    const matches = schedules()
      .map(([, props]) => props)
      .filter((props) => props.ScheduleExpression === expression);
    expect(matches).toHaveLength(1);
    const schedule = matches[0];
    expect(schedule?.ScheduleExpressionTimezone).toBe('UTC');
    expect(schedule?.Target.Arn).toEqual(getAtt(scheduledId, 'Arn'));
    expect(JSON.parse(schedule?.Target.Input ?? 'null')).toEqual({
      task,
      scheduledTime: '<aws.scheduler.scheduled-time>',
    });
    // The handler falls back to the schedule name's suffix when a payload carries no input.
    expect(schedule?.Name).toMatch(new RegExp(`^worker-tier-test-.*${task}$`));
    expect(schedule?.Name?.length).toBeLessThanOrEqual(64);
  });

  it('retries a failed run a bounded number of times, then sends it to the DLQ', () => {
    const [scheduledId] = functionByHandler(SCHEDULED_HANDLER);
    const configs = resourcesOfType<InvokeConfigProps>(template, 'AWS::Lambda::EventInvokeConfig').filter(
      ([, props]) => JSON.stringify(props.FunctionName) === JSON.stringify(ref(scheduledId)),
    );
    expect(configs).toHaveLength(1);
    const [, config] = configs[0] ?? [];
    expect(config?.MaximumRetryAttempts).toBeGreaterThanOrEqual(0);
    expect(config?.MaximumRetryAttempts).toBeLessThanOrEqual(2);
    expect(config?.DestinationConfig?.OnFailure?.Destination).toEqual(getAtt('DeadLetterQueue', 'Arn'));
  });
});

describe('events/schedule-*.json fixtures', () => {
  const fixture = async (name: string): Promise<Record<string, unknown>> =>
    JSON.parse(await readFile(path.join(root, 'events', name), 'utf8')) as Record<string, unknown>;
  const tasks = [...new Set(SCHEDULES.map((s) => s.task))];

  it.each(tasks)('schedule-%s.json is what Scheduler delivers for that input', async (task) => {
    const event = await fixture(`schedule-${task}.json`);
    const input = resourcesOfType<ScheduleProps>(template, 'AWS::Scheduler::Schedule')
      .map(([, props]) => JSON.parse(props.Target.Input ?? '{}') as Record<string, unknown>)
      .find((parsed) => parsed.task === task);
    expect(Object.keys(event).sort()).toEqual(Object.keys(input ?? {}).sort());
    expect(event.task).toBe(task);
    // <aws.scheduler.scheduled-time> is second-precision UTC, and a tick of one of the task's crons.
    const scheduledTime = String(event.scheduledTime);
    expect(scheduledTime).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/);
    const tick = new Date(scheduledTime);
    const fires = SCHEDULES.filter((s) => s.task === task).some(
      (s) =>
        new Cron(s.crontab, { timezone: 'UTC', paused: true })
          .nextRun(new Date(tick.getTime() - 1000))
          ?.getTime() === tick.getTime(),
    );
    expect(fires, `${scheduledTime} is not a tick of the ${task} crons`).toBe(true);
  });

  it.each([
    ['schedule-scheduler-default.json', 'aws.scheduler', 'string'],
    ['schedule-rule-default.json', 'aws.events', 'object'],
  ])('%s is a no-input %s payload naming a task', async (name, source, detailType) => {
    const event = await fixture(name);
    expect(event.source).toBe(source);
    expect(event['detail-type']).toBe('Scheduled Event');
    // Scheduler sends detail as the string "{}", rules as an object
    // (docs/lambda-behaviour.md#schedule-payloads).
    expect(typeof event.detail).toBe(detailType);
    const [resource] = event.resources as string[];
    expect(tasks.some((task) => resource?.endsWith(`-${task}`))).toBe(true);
  });
});

describe('IAM', () => {
  const sqsStatements = () =>
    resourcesOfType<RoleProps>(template, 'AWS::IAM::Role')
      .flatMap(([, role]) => role.Policies ?? [])
      .flatMap((policy) => policy.PolicyDocument.Statement)
      .filter((s) => asArray(s.Action).some((action) => action.startsWith('sqs:')));

  it('grants no sqs:* and no SQS action on Resource *', () => {
    const statements = sqsStatements();
    expect(statements.length).toBeGreaterThan(0);
    for (const statement of statements) {
      expect(asArray(statement.Action)).not.toContain('sqs:*');
      expect(asArray(statement.Resource)).not.toContain('*');
    }
  });

  it('lets the worker send to the DLQ and change visibility on its own queues only', () => {
    const grants = (action: string) =>
      sqsStatements()
        .filter((s) => s.Effect === 'Allow' && asArray(s.Action).includes(action))
        .flatMap((s) => asArray(s.Resource));
    expect(grants('sqs:SendMessage')).toContainEqual(getAtt('DeadLetterQueue', 'Arn'));
    expect(grants('sqs:SendMessage')).not.toContainEqual(getAtt('WorkQueue', 'Arn'));
    expect(grants('sqs:ChangeMessageVisibility')).toEqual([
      getAtt('WorkQueue', 'Arn'),
      getAtt('OrdersQueue', 'Arn'),
    ]);
  });
});

describe('security', () => {
  const allows = () =>
    resourcesOfType<RoleProps>(template, 'AWS::IAM::Role')
      .flatMap(([, role]) => role.Policies ?? [])
      .flatMap((policy) => policy.PolicyDocument.Statement)
      .filter((s) => s.Effect === 'Allow');

  it('grants no wildcard action and no Resource * in any Allow statement', () => {
    expect(allows().length).toBeGreaterThan(0);
    for (const statement of allows()) {
      for (const action of asArray(statement.Action)) expect(action).not.toMatch(/(^\*$|:\*$)/);
      expect(asArray(statement.Resource)).not.toContain('*');
    }
  });

  it('hard-codes no account id, access key or secret-looking value', () => {
    const text = JSON.stringify(template);
    // Account ids come from AWS::AccountId; a literal 12-digit number would pin one account.
    expect(text.match(/(?<![\d.])\d{12}(?![\d.])/g) ?? []).toEqual([]);
    expect(text).not.toMatch(/\b(AKIA|ASIA)[A-Z0-9]{16}\b/);
    const environments = resourcesOfType<{ Environment?: { Variables?: Record<string, unknown> } }>(
      template,
      'AWS::Lambda::Function',
    ).flatMap(([, fn]) => Object.keys(fn.Environment?.Variables ?? {}));
    expect(environments.length).toBeGreaterThan(0);
    expect(environments.filter((name) => /SECRET|PASSWORD|TOKEN|PRIVATE|API_KEY/i.test(name))).toEqual([]);
  });
});

describe('worker bundle', () => {
  it('packages only the worker ESM bundle, without node_modules or the AWS SDK', async () => {
    const entries = await zipEntries('worker.zip');
    expect(entries.map((e) => e.path)).toEqual(['src/handlers/sqs-worker.mjs']);
    const size = (await readFile(path.join(outDir, 'worker.zip'))).byteLength;
    console.log(`worker.zip: ${size} bytes`);
    expect(size).toBeGreaterThan(0);
    // The SDK's SQS JSON protocol target prefix; present only if @aws-sdk/client-sqs was bundled.
    const bundle = entries[0]?.content.toString('utf8') ?? '';
    expect(bundle.includes('AmazonSQS'), '@aws-sdk/client-sqs is bundled').toBe(false);
  });

  it.each([
    ['worker.zip', 'src/handlers/sqs-worker.mjs', WORKER_HANDLER],
    ['scheduled.zip', 'src/handlers/scheduled.mjs', SCHEDULED_HANDLER],
  ])('%s loads as ESM without node_modules and exports the handler', async (zip, file, handler) => {
    const entry = (await zipEntries(zip)).find((e) => e.path === file);
    expect(entry, `${file} in ${zip}`).toBeDefined();
    const target = path.join(scratch, path.parse(zip).name, file);
    await mkdir(path.dirname(target), { recursive: true });
    await writeFile(target, entry?.content ?? '');
    // The function's literal environment, with placeholders for CloudFormation references.
    const [, props] = functionByHandler(handler);
    const env: NodeJS.ProcessEnv = { ...envWithoutAws(), AWS_REGION: 'us-east-1' };
    for (const [key, value] of Object.entries(props.Environment?.Variables ?? {})) {
      env[key] = typeof value === 'string' ? value : `placeholder-${key}`;
    }
    env.DEAD_LETTER_QUEUE_URL = 'https://sqs.us-east-1.amazonaws.com/000000000000/worker-tier-test-dlq';
    const script = `const m = await import(${JSON.stringify(pathToFileURL(target).href)}); console.log(typeof m.handler);`;
    const { stdout } = await promisify(execFile)(process.execPath, ['--input-type=module', '-e', script], {
      cwd: scratch,
      env,
    });
    expect(stdout.trim()).toBe('function');
  });
});

describe('CloudFormation resource specification (@aws-cdk/aws-service-spec)', () => {
  it('knows every resource type and property, with the right types, and finds every required property', async () => {
    expect(Object.keys(template.Resources).length).toBeGreaterThan(20);
    expect(await specErrors(template)).toEqual([]);
  });
});

describe('alarms that notify', () => {
  type TopicProps = { KmsMasterKeyId?: unknown };
  type SubscriptionProps = { Protocol: string; Endpoint: unknown; TopicArn: unknown };

  it('sends ALARM and OK of every alarm to the alarm topic', () => {
    const alarms = resourcesOfType<AlarmProps>(template, 'AWS::CloudWatch::Alarm');
    expect(alarms.length).toBeGreaterThanOrEqual(3);
    for (const [id, alarm] of alarms) {
      expect(alarm.AlarmActions, id).toEqual([ref('AlarmTopic')]);
      expect(alarm.OKActions, id).toEqual([ref('AlarmTopic')]);
      // The topic policy lets CloudWatch publish for alarms named after this stack only.
      expect(alarm.AlarmName, id).toMatch(/^worker-tier-test-/);
    }
  });

  it('encrypts the topic with a key CloudWatch may use (not alias/aws/sns) and exports its ARN', () => {
    const topic = propertiesOf<TopicProps>(template, 'AlarmTopic', 'AWS::SNS::Topic');
    expect(topic.KmsMasterKeyId).toEqual(ref('AlarmTopicKey'));
    const key = propertiesOf<{ KeyPolicy: { Statement: Statement[] } }>(
      template,
      'AlarmTopicKey',
      'AWS::KMS::Key',
    );
    const cloudWatch = key.KeyPolicy.Statement.find((s) =>
      asArray((s.Principal as { Service?: string })?.Service).includes('cloudwatch.amazonaws.com'),
    );
    expect(asArray(cloudWatch?.Action).sort()).toEqual(['kms:Decrypt', 'kms:GenerateDataKey*']);
    expect(template.Outputs?.AlarmTopicArn?.Value).toEqual(ref('AlarmTopic'));
  });

  it('subscribes the alarmEmail param only when it is set', () => {
    const conditions = (template as unknown as { Conditions?: Record<string, unknown> }).Conditions;
    // Packaged without --param alarmEmail: the condition compares the empty default.
    expect(conditions?.HasAlarmEmail).toEqual({ 'Fn::Not': [{ 'Fn::Equals': ['', ''] }] });
    const subscription = template.Resources.AlarmEmailSubscription as unknown as {
      Condition?: string;
      Properties: SubscriptionProps;
    };
    expect(subscription.Condition).toBe('HasAlarmEmail');
    expect(subscription.Properties).toMatchObject({ Protocol: 'email', TopicArn: ref('AlarmTopic') });
  });
});

describe('one role per principal', () => {
  const role = (id: string) => propertiesOf<RoleProps>(template, id, 'AWS::IAM::Role');
  const grants = (id: string) =>
    (role(id).Policies ?? [])
      .flatMap((p) => p.PolicyDocument.Statement)
      // One grant per action and resource, however the statements group them.
      .flatMap((s) =>
        asArray(s.Action).flatMap((action) =>
          asArray(s.Resource).map((resource) => [action, resource] as const),
        ),
      )
      .map(([action, resource]) => `${action} ${JSON.stringify(resource)}`)
      .sort();
  const dlq = JSON.stringify(getAtt('DeadLetterQueue', 'Arn'));
  const work = JSON.stringify(getAtt('WorkQueue', 'Arn'));
  const orders = JSON.stringify(getAtt('OrdersQueue', 'Arn'));
  const logGroup = (fn: string) =>
    JSON.stringify({
      'Fn::Sub': `arn:\${AWS::Partition}:logs:\${AWS::Region}:\${AWS::AccountId}:log-group:/aws/lambda/worker-tier-test-${fn}:*`,
    });

  it('gives each function its own role and creates no shared one', () => {
    expect(template.Resources.IamRoleLambdaExecution).toBeUndefined();
    expect(
      resourcesOfType<RoleProps>(template, 'AWS::IAM::Role')
        .map(([id]) => id)
        .sort(),
    ).toEqual(['ScheduledRole', 'SchedulerRole', 'WorkerRole']);
    const roleOf = (handler: string) =>
      (functionByHandler(handler)[1] as FunctionProps & { Role?: unknown }).Role;
    expect(roleOf(WORKER_HANDLER)).toEqual(getAtt('WorkerRole', 'Arn'));
    expect(roleOf(SCHEDULED_HANDLER)).toEqual(getAtt('ScheduledRole', 'Arn'));
  });

  it('worker: receive, delete, change visibility on its queues (work, orders.fifo); send to the DLQ; its own log group', () => {
    expect(grants('WorkerRole')).toEqual(
      [
        `logs:CreateLogStream ${logGroup('worker')}`,
        `logs:PutLogEvents ${logGroup('worker')}`,
        `sqs:ChangeMessageVisibility ${work}`,
        `sqs:DeleteMessage ${work}`,
        `sqs:GetQueueAttributes ${work}`,
        `sqs:ReceiveMessage ${work}`,
        `sqs:ChangeMessageVisibility ${orders}`,
        `sqs:DeleteMessage ${orders}`,
        `sqs:GetQueueAttributes ${orders}`,
        `sqs:ReceiveMessage ${orders}`,
        `sqs:SendMessage ${dlq}`,
      ].sort(),
    );
  });

  it('scheduled: send to the DLQ (its on-failure destination) and its own log group', () => {
    expect(grants('ScheduledRole')).toEqual(
      [
        `logs:CreateLogStream ${logGroup('scheduled')}`,
        `logs:PutLogEvents ${logGroup('scheduled')}`,
        `sqs:SendMessage ${dlq}`,
      ].sort(),
    );
  });

  it('Scheduler: invoke the scheduled function (and deliver its dead-letter events), trusted for this group only', () => {
    const [scheduledId] = functionByHandler(SCHEDULED_HANDLER);
    expect(grants('SchedulerRole')).toEqual(
      [
        `lambda:InvokeFunction ${JSON.stringify(getAtt(scheduledId, 'Arn'))}`,
        `sqs:SendMessage ${dlq}`,
      ].sort(),
    );
    const trust = role('SchedulerRole').AssumeRolePolicyDocument.Statement;
    expect(trust).toHaveLength(1);
    expect(trust[0]).toMatchObject({
      Principal: { Service: 'scheduler.amazonaws.com' },
      Condition: {
        StringEquals: { 'aws:SourceAccount': { Ref: 'AWS::AccountId' } },
        ArnLike: {
          'aws:SourceArn': {
            'Fn::Sub': `arn:\${AWS::Partition}:scheduler:\${AWS::Region}:\${AWS::AccountId}:schedule/\${ScheduleGroup}/*`,
          },
        },
      },
    });
    for (const id of ['WorkerRole', 'ScheduledRole']) {
      expect(role(id).AssumeRolePolicyDocument.Statement.map((s) => s.Principal)).toEqual([
        { Service: 'lambda.amazonaws.com' },
      ]);
    }
  });

  it('lets only the work queue redrive into the DLQ', () => {
    const props = propertiesOf<{ RedriveAllowPolicy?: unknown }>(
      template,
      'DeadLetterQueue',
      'AWS::SQS::Queue',
    );
    expect(props.RedriveAllowPolicy).toEqual({
      redrivePermission: 'byQueue',
      sourceQueueArns: [
        { 'Fn::Sub': `arn:\${AWS::Partition}:sqs:\${AWS::Region}:\${AWS::AccountId}:worker-tier-test-work` },
      ],
    });
    // The spelled-out ARN must be WorkQueue's own.
    expect(propertiesOf<{ QueueName: string }>(template, 'WorkQueue', 'AWS::SQS::Queue').QueueName).toBe(
      'worker-tier-test-work',
    );
  });
});

describe('no tick vanishes', () => {
  const schedules = () => resourcesOfType<ScheduleProps>(template, 'AWS::Scheduler::Schedule');

  it('gives every schedule target a retry policy, the DLQ, the Scheduler role and the service group', () => {
    expect(schedules().length).toBe(SCHEDULES.length);
    for (const [id, schedule] of schedules()) {
      expect(schedule.Target.RetryPolicy, id).toEqual({
        MaximumEventAgeInSeconds: 3600,
        MaximumRetryAttempts: 10,
      });
      expect(schedule.Target.DeadLetterConfig, id).toEqual({ Arn: getAtt('DeadLetterQueue', 'Arn') });
      expect(schedule.Target.RoleArn, id).toEqual(getAtt('SchedulerRole', 'Arn'));
      expect(schedule.GroupName, id).toEqual(ref('ScheduleGroup'));
    }
  });

  it("lets Scheduler send to the DLQ for this service's schedule group only", () => {
    const policy = propertiesOf<QueuePolicyProps>(template, 'DeadLetterQueuePolicy', 'AWS::SQS::QueuePolicy');
    const allow = policy.PolicyDocument.Statement.filter((s) => s.Effect === 'Allow');
    expect(allow).toHaveLength(1);
    expect(allow[0]).toMatchObject({
      Principal: { Service: 'scheduler.amazonaws.com' },
      Action: 'sqs:SendMessage',
      Resource: getAtt('DeadLetterQueue', 'Arn'),
      Condition: {
        StringEquals: { 'aws:SourceAccount': { Ref: 'AWS::AccountId' } },
        ArnLike: {
          'aws:SourceArn': {
            'Fn::Sub': `arn:\${AWS::Partition}:scheduler:\${AWS::Region}:\${AWS::AccountId}:schedule/\${ScheduleGroup}/*`,
          },
        },
      },
    });
  });
});
