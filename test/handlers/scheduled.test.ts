import { afterEach, beforeEach, describe, expect, it, type MockInstance, vi } from 'vitest';
import type { DeadLetterPort } from '../../src/core/process-delivery.js';
import { handler } from '../../src/handlers/scheduled.js';
import { createScheduledHandler } from '../../src/handlers/scheduled-handler.js';
import { registry as appRegistry } from '../../src/tasks/index.js';
import { captureLogger } from '../helpers/capture-logger.js';
import { lambdaContextFactory } from '../helpers/factories.js';
import { awsFixture, repoEvent, repoEventNames } from '../helpers/fixtures.js';
import { appRegistryWith, failingTask } from '../helpers/registries.js';

type ScheduleEvent = Record<string, unknown> & {
  id?: string;
  task?: string;
  scheduledTime?: string;
  time?: string;
  resources?: string[];
};

const scheduled = (
  options: { deadLetter?: DeadLetterPort; registry?: ReturnType<typeof appRegistryWith> } = {},
) => {
  const capture = captureLogger();
  const run = createScheduledHandler({
    registry: options.registry ?? appRegistryWith(),
    log: capture.log,
    deadLetter: options.deadLetter,
    stopMarginMs: 2000,
  });
  return { run, capture };
};

/** What the handler rejects with, or a failure if it resolves. */
const rejection = async (promise: Promise<unknown>) => {
  const outcome = await promise.then(
    (value) => ({ resolved: value }),
    (error: unknown) => ({ error }),
  );
  if (!('error' in outcome)) throw new Error(`expected a rejection, got ${JSON.stringify(outcome.resolved)}`);
  return outcome.error as Error & { permanent?: boolean };
};

describe('scheduled handler (deployed entry point) with each events/schedule-*.json', () => {
  let stdout: MockInstance<typeof console.log>;
  let lines: Array<Record<string, unknown>>;
  beforeEach(() => {
    lines = [];
    stdout = vi.spyOn(console, 'log').mockImplementation((line: unknown) => {
      lines.push(JSON.parse(String(line)) as Record<string, unknown>);
    });
  });
  afterEach(() => stdout.mockRestore());

  const names = repoEventNames(/^schedule-.*\.json$/);

  it('the repository ships schedule events to test', () => {
    expect(names.length).toBeGreaterThan(0);
  });

  it.each(names)('%s runs its task once and logs the scheduled time', async (name) => {
    const event = repoEvent<ScheduleEvent>(name);

    const result = await handler(event, lambdaContextFactory());

    expect(result.action).toBe('ack');
    expect(appRegistry.names).toContain(result.task);
    // A default payload is routed by the rule/schedule name `<anything>-<task>`; an input names the task.
    if (event.task) expect(result.task).toBe(event.task);
    else expect(event.resources?.[0]?.endsWith(`-${result.task}`)).toBe(true);
    const taskLine = lines.find((line) => line.level === 'info' && line.task === result.task);
    expect(taskLine?.scheduledAt).toBe(new Date(event.scheduledTime ?? event.time ?? '').toISOString());
  });
});

describe('createScheduledHandler', () => {
  it('runs the task a Scheduler input names, with the scheduled time', async () => {
    const { run, capture } = scheduled();
    const context = lambdaContextFactory({ awsRequestId: 'req-1' });

    const result = await run({ task: 'reports', scheduledTime: '2022-03-22T18:59:43Z' }, context);

    expect(result).toEqual({ task: 'reports', action: 'ack', messageId: 'req-1' });
    expect(capture.withMessage('reports: generating the daily reports')[0]).toMatchObject({
      scheduledAt: '2022-03-22T18:59:43.000Z',
      source: 'schedule',
    });
  });

  it.each([
    {
      shape: 'rule default payload',
      file: 'eventbridge-scheduled-rule.json',
      arn: 'arn:aws:events:us-east-2:123456789012:rule/svc-prod-cleanup',
    },
    {
      shape: 'Scheduler default payload (detail "{}")',
      file: 'scheduler-default-payload.json',
      arn: 'arn:aws:scheduler:eu-central-1:12345:schedule/default/svc-prod-cleanup',
    },
  ])('falls back to the rule/schedule name for a $shape', async ({ file, arn }) => {
    const event = { ...awsFixture<ScheduleEvent>(file), resources: [arn] };
    const { run } = scheduled();

    const result = await run(event, lambdaContextFactory());

    expect(result).toEqual({ task: 'cleanup', action: 'ack', messageId: event.id });
  });

  it('replays a Lambda on-failure destination record: the original schedule input runs', async () => {
    const { run } = scheduled();

    const result = await run(awsFixture('lambda-destination-on-failure.json'), lambdaContextFactory());

    expect(result).toMatchObject({ task: 'cleanup', action: 'ack' });
  });

  it.each([
    { case: 'an empty object', event: {} },
    { case: 'null', event: null },
    { case: 'an SQS event sent to the wrong function', event: { Records: [] } },
  ])('a clear error when $case names no task, saying what to configure', async ({ event }) => {
    const { run } = scheduled();

    const error = await rejection(run(event, lambdaContextFactory({ awsRequestId: 'req-9' })));

    expect(error.name).toBe('MalformedMessageError');
    expect(error.message).toContain('scheduled invocation names no task');
    expect(error.message).toContain('{"task": "cleanup", "scheduledTime": "<aws.scheduler.scheduled-time>"}');
    expect(error.message).toContain('name the rule/schedule "<anything>-<task>"');
  });

  it('a default payload whose rule name matches no task throws, saying what to configure', async () => {
    const { run } = scheduled();

    const error = await rejection(run(awsFixture('eventbridge-scheduled-rule.json'), lambdaContextFactory()));

    expect(error.name).toBe('UnknownRouteError');
    expect(error.message).toContain('no task for route "my-schedule"');
    expect(error.message).toContain('give the schedule an input such as');
  });

  it('an unsubstituted Scheduler placeholder is rejected with the reason', async () => {
    const { run } = scheduled();

    const error = await rejection(run({ task: 'cleanup', scheduledTime: '<aws.scheduler.scheduled-time>' }));

    expect(error.message).toContain('only filled in by EventBridge Scheduler');
  });

  it('a failed task throws a retryable error, so Lambda async retries apply', async () => {
    const { run, capture } = scheduled({
      registry: appRegistryWith({ flaky: failingTask('flaky', 'db down') }),
    });

    const error = await rejection(run({ task: 'flaky' }, lambdaContextFactory()));

    expect(error).toMatchObject({
      name: 'TaskFailedError',
      message: 'db down',
      permanent: false,
      task: 'flaky',
    });
    expect(capture.withMessage('message failed, will be retried')).toHaveLength(1);
  });

  it('a failed task throws even when a DLQ port is set (retryable errors are never dead-lettered)', async () => {
    const deadLetter = vi.fn<DeadLetterPort>(async () => {});
    const { run } = scheduled({ deadLetter, registry: appRegistryWith({ flaky: failingTask() }) });

    await rejection(run({ task: 'flaky' }, lambdaContextFactory()));

    expect(deadLetter).not.toHaveBeenCalled();
  });

  it('a permanent failure with a DLQ port is dead-lettered and the invocation succeeds', async () => {
    const deadLetter = vi.fn<DeadLetterPort>(async () => {});
    const { run } = scheduled({ deadLetter });
    const event = { ...awsFixture('eventbridge-scheduled-rule.json') };

    const result = await run(event, lambdaContextFactory());

    expect(result).toEqual({ task: undefined, action: 'dead-lettered', messageId: event.id });
    const [delivery, error] = deadLetter.mock.calls[0] ?? [];
    expect(JSON.parse(delivery?.body ?? '')).toEqual(event);
    expect(error?.name).toBe('UnknownRouteError');
  });

  it('a permanent failure without a DLQ port throws (the on-failure destination keeps it)', async () => {
    const { run } = scheduled();

    const error = await rejection(
      run({ task: 'cleanup', scheduledTime: 'yesterday' }, lambdaContextFactory()),
    );

    expect(error).toMatchObject({ name: 'MalformedMessageError', permanent: true });
  });

  it('a permanent failure whose DLQ send fails throws', async () => {
    const { run } = scheduled({
      deadLetter: async () => {
        throw new Error('AccessDenied');
      },
    });

    const error = await rejection(run({ task: 'nope' }, lambdaContextFactory()));

    expect(error.name).toBe('UnknownRouteError');
  });
});
