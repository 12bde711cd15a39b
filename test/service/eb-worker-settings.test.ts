import { describe, expect, it } from 'vitest';
import { deriveEbWorkerSettings } from '../../src/service/eb-worker-settings.js';
import { ServiceModelError } from '../../src/service/service-model-error.js';
import { type Edit, fixtureService, fixtureSettings, REMOVE } from '../helpers/service-fixture.js';

const QUEUE = 'resources.Resources.WorkQueue';
const PROPS = `${QUEUE}.Properties`;
const WORKER_SQS = 'functions.worker.events.0.sqs';

describe('deriveEbWorkerSettings: the worker and its sqsd options', () => {
  it("takes the fixture's worker queue and worker function settings", () => {
    const settings = fixtureSettings();
    expect(settings.worker).toEqual({ functionKey: 'worker', queue: 'WorkQueue' });
    expect(settings.sqsd).toEqual({
      VisibilityTimeout: 180,
      ErrorVisibilityTimeout: 2,
      InactivityTimeout: 179,
      RetentionPeriod: 345600,
      MaxRetries: 5,
      HttpConnections: 10,
      HttpPath: '/',
      MimeType: 'application/json',
    });
    expect(settings.skipped).toEqual([]);
  });

  it.each([
    {
      name: 'a function environment overrides the provider environment',
      edits: [['functions.worker.environment', { ERROR_VISIBILITY_TIMEOUT: '30' }]],
      expected: { ErrorVisibilityTimeout: 30 },
    },
    {
      name: 'a RedrivePolicy written as a JSON string',
      edits: [[`${PROPS}.RedrivePolicy`, '{"deadLetterTargetArn":"arn:x","maxReceiveCount":7}']],
      expected: { MaxRetries: 7 },
    },
    {
      name: 'numbers printed as strings',
      edits: [[`${PROPS}.VisibilityTimeout`, '240']],
      expected: { VisibilityTimeout: 240, InactivityTimeout: 239 },
    },
    {
      name: 'the long-form GetAtt string',
      edits: [[`${WORKER_SQS}.arn`, { 'Fn::GetAtt': 'WorkQueue.Arn' }]],
      expected: { HttpConnections: 10 },
    },
    {
      name: 'clamps a high maximumConcurrency to 100 connections',
      edits: [[`${WORKER_SQS}.maximumConcurrency`, 1000]],
      expected: { HttpConnections: 100 },
    },
    {
      name: 'keeps the lowest Lambda maximumConcurrency',
      edits: [[`${WORKER_SQS}.maximumConcurrency`, 2]],
      expected: { HttpConnections: 2 },
    },
    {
      name: 'caps InactivityTimeout at 36000',
      edits: [[`${PROPS}.VisibilityTimeout`, 43_200]],
      expected: { VisibilityTimeout: 43_200, InactivityTimeout: 36_000 },
    },
    {
      name: 'accepts the lower range edges',
      edits: [
        ['provider.environment.ERROR_VISIBILITY_TIMEOUT', '0'],
        [`${PROPS}.VisibilityTimeout`, 2],
        [`${PROPS}.MessageRetentionPeriod`, 60],
        [`${PROPS}.RedrivePolicy.maxReceiveCount`, 1],
      ],
      expected: {
        VisibilityTimeout: 2,
        InactivityTimeout: 1,
        RetentionPeriod: 60,
        MaxRetries: 1,
        ErrorVisibilityTimeout: 0,
      },
    },
    {
      name: 'accepts the upper range edges',
      edits: [
        ['provider.environment.ERROR_VISIBILITY_TIMEOUT', 43_200],
        [`${PROPS}.MessageRetentionPeriod`, 1_209_600],
        [`${PROPS}.RedrivePolicy.maxReceiveCount`, 100],
      ],
      expected: { RetentionPeriod: 1_209_600, MaxRetries: 100, ErrorVisibilityTimeout: 43_200 },
    },
  ] as { name: string; edits: Edit[]; expected: object }[])('$name', ({ edits, expected }) => {
    expect(fixtureSettings(...edits).sqsd).toMatchObject(expected);
  });

  it.each([
    { edits: [[QUEUE, REMOVE]], says: "no function has an enabled sqs event on one of the service's queues" },
    {
      edits: [[`${QUEUE}.Type`, 'AWS::SNS::Topic']],
      says: "no function has an enabled sqs event on one of the service's queues",
    },
    { edits: [[`${PROPS}.VisibilityTimeout`, REMOVE]], says: 'VisibilityTimeout is missing' },
    { edits: [[`${PROPS}.MessageRetentionPeriod`, 'four days']], says: 'is not a number ("four days")' },
    { edits: [[`${PROPS}.RedrivePolicy`, REMOVE]], says: `${PROPS}.RedrivePolicy is missing` },
    {
      edits: [[`${WORKER_SQS}.maximumConcurrency`, REMOVE]],
      says: 'functions.worker sqs event maximumConcurrency is missing',
    },
    {
      edits: [[`${WORKER_SQS}.arn`, 'arn:aws:sqs:eu-west-1:1:other']],
      says: "no function has an enabled sqs event on one of the service's queues",
    },
    {
      edits: [['functions.scheduled.events', [{ sqs: { arn: { 'Fn::GetAtt': ['WorkQueue', 'Arn'] } } }]]],
      says: 'several sqs events qualify (worker on WorkQueue, scheduled on WorkQueue)',
    },
    {
      edits: [['provider.environment.ERROR_VISIBILITY_TIMEOUT', REMOVE]],
      says: 'ERROR_VISIBILITY_TIMEOUT in functions.worker.environment or provider.environment is missing',
    },
    {
      edits: [[`${PROPS}.VisibilityTimeout`, 43_201]],
      says: 'sqsd VisibilityTimeout would be 43201 (from WorkQueue VisibilityTimeout)',
    },
    {
      edits: [[`${PROPS}.VisibilityTimeout`, 1]],
      says: 'InactivityTimeout would be 0 (from WorkQueue VisibilityTimeout - 1)',
    },
    {
      edits: [[`${PROPS}.MessageRetentionPeriod`, 59]],
      says: 'RetentionPeriod would be 59 (from WorkQueue MessageRetentionPeriod), outside the allowed 60-1209600',
    },
    { edits: [[`${PROPS}.MessageRetentionPeriod`, 1_209_601]], says: 'RetentionPeriod would be 1209601' },
    {
      edits: [[`${PROPS}.RedrivePolicy.maxReceiveCount`, 0]],
      says: 'MaxRetries would be 0 (from WorkQueue RedrivePolicy.maxReceiveCount), outside the allowed 1-100',
    },
    { edits: [[`${PROPS}.RedrivePolicy.maxReceiveCount`, 101]], says: 'MaxRetries would be 101' },
    {
      edits: [['provider.environment.ERROR_VISIBILITY_TIMEOUT', -1]],
      says: 'ErrorVisibilityTimeout would be -1 (from the worker environment ERROR_VISIBILITY_TIMEOUT)',
    },
    {
      edits: [['provider.environment.ERROR_VISIBILITY_TIMEOUT', '43201']],
      says: 'ErrorVisibilityTimeout would be 43201',
    },
    { edits: [[`${WORKER_SQS}.maximumConcurrency`, 0]], says: 'maximumConcurrency 0 must be at least 1' },
    { edits: [['functions.scheduled.events', 'nope']], says: 'functions.scheduled.events must be a list' },
  ] as { edits: Edit[]; says: string }[])('fails clearly: $says', ({ edits, says }) => {
    const run = () => fixtureSettings(...edits);
    expect(run).toThrow(ServiceModelError);
    expect(run).toThrow(says);
  });

  it('ignores a disabled sqs event when choosing the worker', () => {
    const service = fixtureService([
      'functions.scheduled.events',
      [{ sqs: { arn: { 'Fn::GetAtt': ['WorkQueue', 'Arn'] }, enabled: false } }],
    ]);
    expect(deriveEbWorkerSettings(service).worker.functionKey).toBe('worker');
  });
});
