import { describe, expect, it } from 'vitest';
import { EbBundleError } from '../../scripts/eb/eb-bundle-error.js';
import { readWorkerService, type WorkerService } from '../../scripts/eb/read-service.js';
import { buildSqsdOptions } from '../../scripts/eb/sqsd-options.js';
import { printedService } from '../helpers/service-fixture.js';

const fixture = readWorkerService(printedService());

function withValues(queue: Partial<WorkerService['queue']>, worker: Partial<WorkerService['worker']> = {}) {
  return { ...fixture, queue: { ...fixture.queue, ...queue }, worker: { ...fixture.worker, ...worker } };
}

describe('buildSqsdOptions', () => {
  it("matches the fixture's queue and worker settings", () => {
    expect(buildSqsdOptions(fixture)).toEqual({
      VisibilityTimeout: 180,
      ErrorVisibilityTimeout: 2,
      InactivityTimeout: 179,
      RetentionPeriod: 345600,
      MaxRetries: 5,
      HttpConnections: 10,
      HttpPath: '/',
      MimeType: 'application/json',
    });
  });

  it.each([
    {
      name: 'clamps a high maximumConcurrency to 100 connections',
      worker: { maximumConcurrency: 1000 },
      queue: {},
      expected: { HttpConnections: 100 },
    },
    {
      name: 'keeps the lowest Lambda maximumConcurrency',
      worker: { maximumConcurrency: 2 },
      queue: {},
      expected: { HttpConnections: 2 },
    },
    {
      name: 'caps InactivityTimeout at 36000',
      worker: {},
      queue: { visibilityTimeout: 43_200 },
      expected: { VisibilityTimeout: 43_200, InactivityTimeout: 36_000 },
    },
    {
      name: 'accepts the lower range edges',
      worker: { errorVisibilityTimeout: 0 },
      queue: { visibilityTimeout: 2, messageRetentionPeriod: 60, maxReceiveCount: 1 },
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
      worker: { errorVisibilityTimeout: 43_200 },
      queue: { messageRetentionPeriod: 1_209_600, maxReceiveCount: 100 },
      expected: { RetentionPeriod: 1_209_600, MaxRetries: 100, ErrorVisibilityTimeout: 43_200 },
    },
  ])('$name', ({ queue, worker, expected }) => {
    expect(buildSqsdOptions(withValues(queue, worker))).toMatchObject(expected);
  });

  it.each([
    {
      queue: { visibilityTimeout: 43_201 },
      says: 'sqsd VisibilityTimeout would be 43201 (from WorkQueue VisibilityTimeout)',
    },
    {
      queue: { visibilityTimeout: 1 },
      says: 'InactivityTimeout would be 0 (from WorkQueue VisibilityTimeout - 1)',
    },
    {
      queue: { messageRetentionPeriod: 59 },
      says: 'RetentionPeriod would be 59 (from WorkQueue MessageRetentionPeriod), outside the allowed 60-1209600',
    },
    { queue: { messageRetentionPeriod: 1_209_601 }, says: 'RetentionPeriod would be 1209601' },
    {
      queue: { maxReceiveCount: 0 },
      says: 'MaxRetries would be 0 (from WorkQueue RedrivePolicy.maxReceiveCount), outside the allowed 1-100',
    },
    { queue: { maxReceiveCount: 101 }, says: 'MaxRetries would be 101' },
    {
      worker: { errorVisibilityTimeout: -1 },
      says: 'ErrorVisibilityTimeout would be -1 (from the worker environment ERROR_VISIBILITY_TIMEOUT)',
    },
    { worker: { errorVisibilityTimeout: 43_201 }, says: 'ErrorVisibilityTimeout would be 43201' },
    { worker: { maximumConcurrency: 0 }, says: 'maximumConcurrency 0 must be at least 1' },
  ])('fails clearly: $says', ({ queue = {}, worker = {}, says }) => {
    const run = () => buildSqsdOptions(withValues(queue, worker));
    expect(run).toThrow(EbBundleError);
    expect(run).toThrow(says);
  });
});
