import { describe, expect, it } from 'vitest';
import { readWorkerConfig } from '../../src/config.js';
import { createRuntime } from '../../src/handlers/runtime.js';

describe('readWorkerConfig', () => {
  it('defaults: no DLQ, no ErrorVisibilityTimeout, 10 at once, 2 s margin, info, worker-tier', () => {
    expect(readWorkerConfig({})).toEqual({
      deadLetterQueueUrl: undefined,
      errorVisibilityTimeout: undefined,
      concurrency: 10,
      stopMarginMs: 2000,
      sqsEndpoint: undefined,
      logLevel: 'info',
      service: 'worker-tier',
      unknownTaskPolicy: 'dead-letter',
    });
  });

  it('reads every variable', () => {
    const config = readWorkerConfig({
      DEAD_LETTER_QUEUE_URL: 'https://sqs.us-east-1.amazonaws.com/123456789012/dlq',
      ERROR_VISIBILITY_TIMEOUT: '0',
      WORKER_CONCURRENCY: '4',
      STOP_MARGIN_MS: '500',
      AWS_ENDPOINT_URL_SQS: 'http://127.0.0.1:4566',
      AWS_ENDPOINT_URL: 'http://ignored:1',
      LOG_LEVEL: 'DEBUG',
      SERVICE_NAME: 'orders',
      UNKNOWN_TASK_POLICY: 'delete',
    });

    expect(config).toEqual({
      deadLetterQueueUrl: 'https://sqs.us-east-1.amazonaws.com/123456789012/dlq',
      errorVisibilityTimeout: 0,
      concurrency: 4,
      stopMarginMs: 500,
      sqsEndpoint: 'http://127.0.0.1:4566',
      logLevel: 'debug',
      service: 'orders',
      unknownTaskPolicy: 'delete',
    });
  });

  it('falls back to AWS_ENDPOINT_URL, and treats empty strings as unset', () => {
    expect(
      readWorkerConfig({ AWS_ENDPOINT_URL: 'http://127.0.0.1:9324', DEAD_LETTER_QUEUE_URL: '' }),
    ).toMatchObject({
      sqsEndpoint: 'http://127.0.0.1:9324',
      deadLetterQueueUrl: undefined,
    });
  });

  it.each([
    {
      env: { ERROR_VISIBILITY_TIMEOUT: '43201' },
      says: 'ERROR_VISIBILITY_TIMEOUT must be an integer from 0 to 43200, got "43201"',
    },
    { env: { ERROR_VISIBILITY_TIMEOUT: '-1' }, says: 'ERROR_VISIBILITY_TIMEOUT must be an integer' },
    {
      env: { WORKER_CONCURRENCY: '0' },
      says: 'WORKER_CONCURRENCY must be an integer from 1 to 10000, got "0"',
    },
    { env: { WORKER_CONCURRENCY: 'ten' }, says: 'WORKER_CONCURRENCY must be an integer' },
    { env: { STOP_MARGIN_MS: '1.5' }, says: 'STOP_MARGIN_MS must be an integer' },
    { env: { LOG_LEVEL: 'verbose' }, says: 'LOG_LEVEL must be debug, info, warn or error, got verbose' },
    {
      env: { UNKNOWN_TASK_POLICY: 'drop' },
      says: 'UNKNOWN_TASK_POLICY must be dead-letter or delete, got "drop"',
    },
  ])('fails at cold start naming the variable: $says', ({ env, says }) => {
    expect(() => readWorkerConfig(env)).toThrow(says);
  });
});

describe('createRuntime', () => {
  it('wires a DLQ port only when DEAD_LETTER_QUEUE_URL is set', () => {
    expect(createRuntime({}).deadLetter).toBeUndefined();
    expect(
      typeof createRuntime({ DEAD_LETTER_QUEUE_URL: 'https://sqs.us-east-1.amazonaws.com/1/dlq' }).deadLetter,
    ).toBe('function');
  });

  it('rejects a bad environment before any invocation', () => {
    expect(() => createRuntime({ WORKER_CONCURRENCY: '0' })).toThrow('WORKER_CONCURRENCY');
  });
});
