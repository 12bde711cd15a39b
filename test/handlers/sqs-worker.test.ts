import type { SQSBatchResponse, SQSEvent } from 'aws-lambda';
import { afterEach, beforeEach, describe, expect, it, type MockInstance, vi } from 'vitest';
import { handler } from '../../src/handlers/sqs-worker.js';
import { lambdaContextFactory } from '../helpers/factories.js';
import { awsFixture, repoEvent } from '../helpers/fixtures.js';
import { failedIds } from '../helpers/worker.js';

/**
 * The deployed entry point, exactly as Lambda imports it: middy + sqs-partial-batch-failure around the
 * app registry, with deps from process.env (no DLQ, no ErrorVisibilityTimeout here, so no SQS call).
 * Its logs and EMF lines go to console.log, which is captured.
 */
let stdout: MockInstance<typeof console.log>;
let lines: Array<Record<string, unknown>>;

beforeEach(() => {
  lines = [];
  stdout = vi.spyOn(console, 'log').mockImplementation((line: unknown) => {
    lines.push(JSON.parse(String(line)) as Record<string, unknown>);
  });
});

afterEach(() => {
  stdout.mockRestore();
});

const invoke = (event: SQSEvent) => handler(event, lambdaContextFactory()) as Promise<SQSBatchResponse>;

const ids = (event: SQSEvent, indexes: number[]) => indexes.map((index) => event.Records[index]?.messageId);

describe('sqs-worker handler with the repository events', () => {
  it('events/sqs-mixed-batch.json: the invalid email, unknown type and non-JSON records fail', async () => {
    const event = repoEvent<SQSEvent>('sqs-mixed-batch.json');

    const response = await invoke(event);

    expect(failedIds(response)).toEqual(ids(event, [2, 3, 4]));
  });

  it('events/sqs-mixed-batch.json: one error line per failure, and EMF metrics on stdout', async () => {
    const event = repoEvent<SQSEvent>('sqs-mixed-batch.json');

    await invoke(event);

    const failures = lines.filter((line) => line.level === 'error');
    expect(failures.map((line) => [line.messageId, line.errorName])).toEqual(
      expect.arrayContaining([
        [event.Records[2]?.messageId, 'ValidationError'],
        [event.Records[3]?.messageId, 'UnknownRouteError'],
        [event.Records[4]?.messageId, 'MalformedMessageError'],
      ]),
    );
    expect(failures).toHaveLength(3);
    const emf = lines.filter((line) => '_aws' in line);
    expect(emf.map((line) => line.Task).sort()).toEqual(['order_processing', 'unrouted', 'user_signup']);
  });

  it('events/sqs-fifo-two-groups.json: A-2 fails validation, A-3 is held back, group B completes', async () => {
    const event = repoEvent<SQSEvent>('sqs-fifo-two-groups.json');

    const response = await invoke(event);

    expect(failedIds(response)).toEqual(ids(event, [2, 4]));
    const processed = lines.filter((line) => line.message === 'order processed').map((line) => line.orderId);
    expect(processed).toEqual(expect.arrayContaining(['A-1', 'B-1', 'B-2']));
    expect(processed).not.toContain('A-3');
    expect(processed.indexOf('B-1')).toBeLessThan(processed.indexOf('B-2'));
  });

  it.each(['sqs-sns-wrapped.json', 'sqs-eb-test-message.json'])(
    'events/%s: everything succeeds',
    async (name) => {
      const response = await invoke(repoEvent<SQSEvent>(name));

      expect(response).toEqual({ batchItemFailures: [] });
    },
  );

  it('the Lambda docs standard sample ("Test message.") fails both records as malformed', async () => {
    const event = awsFixture<SQSEvent>('sqs-event-standard.json');

    const response = await invoke(event);

    expect(failedIds(response)).toEqual(ids(event, [0, 1]));
    expect(lines.filter((line) => line.errorName === 'MalformedMessageError')).toHaveLength(2);
  });
});

describe('sqs-worker handler: failure outside the per-record code', () => {
  it('when stdout throws while writing metrics, every record is reported and the invocation resolves', async () => {
    stdout.mockImplementation((line: unknown) => {
      if (String(line).includes('"_aws"')) throw new Error('EPIPE: stdout closed');
    });
    const event = repoEvent<SQSEvent>('sqs-eb-test-message.json');

    const response = await invoke(event);

    expect(failedIds(response)).toEqual(ids(event, [0]));
  });

  // Regression: a whole-batch failure (the middleware's onError path) is logged once, with its cause.
  it('a whole-batch failure is logged once with its cause', async () => {
    const stderr = vi.spyOn(console, 'error').mockImplementation(() => {});
    stdout.mockImplementation((line: unknown) => {
      if (String(line).includes('"_aws"')) throw new Error('EPIPE: stdout closed');
      lines.push(JSON.parse(String(line)) as Record<string, unknown>);
    });

    await invoke(repoEvent<SQSEvent>('sqs-eb-test-message.json'));

    const written = [...lines.map((line) => JSON.stringify(line)), ...stderr.mock.calls.map(String)];
    stderr.mockRestore();
    expect(written.filter((line) => line.includes('EPIPE'))).toHaveLength(1);
  });
});
