import { describe, expect, it } from 'vitest';
import { EbBundleError } from '../../scripts/eb/eb-bundle-error.js';
import { readWorkerService } from '../../scripts/eb/read-service.js';
import { printedService, REMOVE } from '../helpers/service-fixture.js';

const QUEUE = 'resources.Resources.WorkQueue';
const WORKER_SQS = 'functions.worker.events.0.sqs';
const SCHEDULE = 'functions.scheduled.events.1.schedule';

describe('readWorkerService', () => {
  it('reads schedules, queue and worker settings from the printed fixture', () => {
    expect(readWorkerService(printedService())).toEqual({
      schedules: [
        {
          task: 'scheduled',
          functionName: 'scheduled',
          expressions: ['cron(0/5 * * * ? *)', 'cron(30 2 ? * SUN *)'],
        },
        { task: 'cleanup', functionName: 'scheduled', expressions: ['cron(0 23 * * ? *)'] },
        {
          task: 'reports',
          functionName: 'scheduled',
          expressions: ['cron(0 12 1,15 * ? *)', 'cron(0 12 ? * MON *)'],
        },
        { task: 'backup', functionName: 'scheduled', expressions: ['cron(0 0/12 * * ? *)'] },
      ],
      queue: { visibilityTimeout: 180, messageRetentionPeriod: 345600, maxReceiveCount: 5 },
      worker: { functionName: 'worker', maximumConcurrency: 10, errorVisibilityTimeout: 2 },
    });
  });

  it.each([
    {
      name: 'a function environment overrides the provider environment',
      edits: [['functions.worker.environment', { ERROR_VISIBILITY_TIMEOUT: '30' }]] as const,
      pick: (s: ReturnType<typeof readWorkerService>) => s.worker.errorVisibilityTimeout,
      expected: 30,
    },
    {
      name: 'a RedrivePolicy written as a JSON string',
      edits: [
        [`${QUEUE}.Properties.RedrivePolicy`, '{"deadLetterTargetArn":"arn:x","maxReceiveCount":7}'],
      ] as const,
      pick: (s: ReturnType<typeof readWorkerService>) => s.queue.maxReceiveCount,
      expected: 7,
    },
    {
      name: 'numbers printed as strings',
      edits: [[`${QUEUE}.Properties.VisibilityTimeout`, '240']] as const,
      pick: (s: ReturnType<typeof readWorkerService>) => s.queue.visibilityTimeout,
      expected: 240,
    },
    {
      name: 'a schedule input given as a JSON string',
      edits: [[`${SCHEDULE}.input`, '{"task":"purge"}']] as const,
      pick: (s: ReturnType<typeof readWorkerService>) => s.schedules.map((t) => t.task),
      expected: ['scheduled', 'purge', 'reports', 'backup'],
    },
    {
      name: 'a disabled schedule, which does not run on Lambda either',
      edits: [[`${SCHEDULE}.enabled`, false]] as const,
      pick: (s: ReturnType<typeof readWorkerService>) => s.schedules.map((t) => t.task),
      expected: ['scheduled', 'reports', 'backup'],
    },
    {
      name: 'a single rate string',
      edits: [[`${SCHEDULE}.rate`, 'rate(1 hour)']] as const,
      pick: (s: ReturnType<typeof readWorkerService>) => s.schedules[1]?.expressions,
      expected: ['rate(1 hour)'],
    },
    {
      name: 'an explicit UTC timezone',
      edits: [[`${SCHEDULE}.timezone`, 'Etc/UTC']] as const,
      pick: (s: ReturnType<typeof readWorkerService>) => s.schedules[1]?.expressions,
      expected: ['cron(0 23 * * ? *)'],
    },
    {
      name: 'the long-form GetAtt string',
      edits: [[`${WORKER_SQS}.arn`, { 'Fn::GetAtt': 'WorkQueue.Arn' }]] as const,
      pick: (s: ReturnType<typeof readWorkerService>) => s.worker.functionName,
      expected: 'worker',
    },
  ])('accepts $name', ({ edits, pick, expected }) => {
    expect(pick(readWorkerService(printedService(...edits)))).toEqual(expected);
  });

  it.each([
    { edits: [['resources.Resources.WorkQueue', REMOVE]], says: 'resources.Resources.WorkQueue is missing' },
    { edits: [[`${QUEUE}.Type`, 'AWS::SNS::Topic']], says: 'must be AWS::SQS::Queue' },
    { edits: [[`${QUEUE}.Properties.VisibilityTimeout`, REMOVE]], says: 'VisibilityTimeout is missing' },
    {
      edits: [[`${QUEUE}.Properties.MessageRetentionPeriod`, 'four days']],
      says: 'not an integer ("four days")',
    },
    { edits: [[`${QUEUE}.Properties.RedrivePolicy`, REMOVE]], says: 'RedrivePolicy is missing' },
    { edits: [[`${WORKER_SQS}.maximumConcurrency`, REMOVE]], says: 'maximumConcurrency is missing' },
    {
      edits: [[`${WORKER_SQS}.arn`, 'arn:aws:sqs:eu-west-1:1:other']],
      says: 'no function has an sqs event on WorkQueue',
    },
    {
      edits: [['functions.scheduled.events', [{ sqs: { arn: { 'Fn::GetAtt': ['WorkQueue', 'Arn'] } } }]]],
      says: 'several sqs events use WorkQueue (worker, scheduled)',
    },
    {
      edits: [['provider.environment.ERROR_VISIBILITY_TIMEOUT', REMOVE]],
      says: 'ERROR_VISIBILITY_TIMEOUT in',
    },
    {
      edits: [[`${SCHEDULE}.input`, { scheduledTime: 'x' }]],
      says: 'functions.scheduled.events[1].schedule.input.task is missing',
    },
    {
      edits: [[`${SCHEDULE}.input`, REMOVE]],
      says: 'functions.scheduled.events[1].schedule.input is missing',
    },
    { edits: [['functions.scheduled.events.1.schedule', 'cron(0 1 * * ? *)']], says: 'without input' },
    {
      edits: [[`${SCHEDULE}.rate`, [42]]],
      says: 'functions.scheduled.events[1].schedule.rate[0] is missing or not a string',
    },
    {
      edits: [[`${SCHEDULE}.timezone`, 'Europe/Berlin']],
      says: 'schedule.timezone is "Europe/Berlin", but cron.yaml schedules run in UTC',
    },
    { edits: [['functions.scheduled.events', 'nope']], says: 'functions.scheduled.events must be a list' },
  ] as const)('fails clearly: $says', ({ edits, says }) => {
    const run = () => readWorkerService(printedService(...edits));
    expect(run).toThrow(EbBundleError);
    expect(run).toThrow(says);
  });

  it('fails clearly when the input is not a printed service', () => {
    expect(() => readWorkerService([])).toThrow('the printed service is missing or not an object');
  });
});
