import { describe, expect, it } from 'vitest';
import { readLocalService, ServiceModelError } from '../../src/service/service-model.js';

const printed = (overrides: Record<string, unknown> = {}) => ({
  service: 'svc',
  provider: { stage: 'dev', region: 'eu-west-1', timeout: 12, environment: { SHARED: 'p', LEVEL: 'p' } },
  functions: {
    worker: {
      handler: 'src/w.handler',
      environment: { LEVEL: 'f', QUEUE: { Ref: 'Work' } },
      events: [
        { sqs: { arn: { 'Fn::GetAtt': ['Work', 'Arn'] }, functionResponseType: 'ReportBatchItemFailures' } },
        { sqs: 'arn:aws:sqs:eu-west-1:1:other' },
      ],
    },
    cron: {
      handler: 'src/c.handler',
      name: 'custom-name',
      maximumRetryAttempts: 0,
      destinations: { onFailure: { type: 'sqs', arn: { 'Fn::GetAtt': ['Dlq', 'Arn'] } } },
      events: [
        { schedule: 'rate(5 minutes)' },
        {
          schedule: {
            rate: ['cron(0 1 * * ? *)', 'cron(0 2 * * ? *)'],
            input: { task: 't', body: '{"a":1}' },
          },
        },
        {
          schedule: {
            method: 'scheduler',
            name: 'named',
            rate: ['rate(1 hour)'],
            timezone: 'Europe/Paris',
            enabled: false,
          },
        },
        { schedule: { rate: ['rate(1 day)'], inputPath: '$.detail' } },
      ],
    },
  },
  resources: {
    Resources: {
      Work: {
        Type: 'AWS::SQS::Queue',
        Properties: {
          QueueName: 'work',
          VisibilityTimeout: '60',
          KmsMasterKeyId: 'alias/x',
          RedrivePolicy: '{"deadLetterTargetArn":"arn:aws:sqs:eu-west-1:1:dlq","maxReceiveCount":"4"}',
        },
      },
      Dlq: { Type: 'AWS::SQS::Queue', Properties: { FifoQueue: 'true' } },
      Topic: { Type: 'AWS::SNS::Topic' },
    },
  },
  ...overrides,
});

describe('readLocalService', () => {
  it('reads queues with their attributes, a JSON-string redrive policy and the properties it ignores', () => {
    const { queues } = readLocalService(printed());
    expect(queues).toEqual([
      {
        logicalId: 'Work',
        name: 'work',
        fifo: false,
        visibilityTimeout: 60,
        messageRetentionPeriod: undefined,
        delaySeconds: undefined,
        contentBasedDeduplication: undefined,
        redrive: { target: 'arn:aws:sqs:eu-west-1:1:dlq', maxReceiveCount: 4 },
        ignored: ['KmsMasterKeyId'],
      },
      // Unnamed: a stable <service>-<stage>-<logicalId> name, .fifo added like CloudFormation does.
      expect.objectContaining({ logicalId: 'Dlq', name: 'svc-dev-Dlq.fifo', fifo: true, ignored: [] }),
    ]);
  });

  it('merges provider and function environment (function wins) and applies framework defaults', () => {
    const worker = readLocalService(printed()).functions[0];
    expect(worker).toMatchObject({
      key: 'worker',
      name: 'svc-dev-worker',
      timeout: 12,
      memorySize: 1024,
      maximumRetryAttempts: 2,
      environment: { SHARED: 'p', LEVEL: 'f', QUEUE: { Ref: 'Work' } },
    });
    expect(worker?.sqs).toEqual([
      expect.objectContaining({
        batchSize: 10,
        maximumBatchingWindow: 0,
        reportBatchItemFailures: true,
        enabled: true,
      }),
      expect.objectContaining({ arn: 'arn:aws:sqs:eu-west-1:1:other', reportBatchItemFailures: false }),
    ]);
  });

  it('expands schedule rate lists, encodes object input like the framework and flags what is not emulated', () => {
    const cron = readLocalService(printed()).functions[1];
    expect(cron?.onFailureQueue).toEqual({ 'Fn::GetAtt': ['Dlq', 'Arn'] });
    expect(
      cron?.schedules.map((s) => [s.name, s.expression, s.method, s.enabled, s.input, s.unsupported]),
    ).toEqual([
      ['custom-name-schedule-1', 'rate(5 minutes)', 'eventBus', true, undefined, undefined],
      [
        'custom-name-schedule-2',
        'cron(0 1 * * ? *)',
        'eventBus',
        true,
        '{"task":"t","body":{"a":1}}',
        undefined,
      ],
      [
        'custom-name-schedule-3',
        'cron(0 2 * * ? *)',
        'eventBus',
        true,
        '{"task":"t","body":{"a":1}}',
        undefined,
      ],
      ['named', 'rate(1 hour)', 'scheduler', false, undefined, undefined],
      ['custom-name-schedule-5', 'rate(1 day)', 'eventBus', true, undefined, 'inputPath'],
    ]);
    expect(cron?.schedules[3]?.timezone).toBe('Europe/Paris');
  });

  it('names the path of a value it cannot use', () => {
    const bad = printed({ functions: { worker: { handler: 'h.x', timeout: 'soon' } } });
    expect(() => readLocalService(bad)).toThrow(ServiceModelError);
    expect(() => readLocalService(bad)).toThrow('functions.worker.timeout is not a number ("soon")');
    expect(() => readLocalService(printed({ functions: { f: { events: [] } } }))).toThrow(
      'functions.f.handler is missing',
    );
  });
});
