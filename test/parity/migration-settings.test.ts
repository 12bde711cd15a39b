/**
 * Parity for the EB-migration behaviours (README "Migration differences"): UNKNOWN_TASK_POLICY and `data`
 * envelopes must give the same fate through the Lambda worker (createBatchProcessor, what the middy
 * handler runs) and through the HTTP adapter (POSTed as sqsd would). The local tier runs the same Lambda
 * handler; test/e2e/retry-demo.test.ts covers it there.
 */
import type { SQSRecord } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SqsProvider } from '../../src/aws/sqs-client.js';
import { createLogger } from '../../src/core/logger.js';
import type { DeadLetterPort, UnknownTaskPolicy } from '../../src/core/process-delivery.js';
import { createBatchProcessor } from '../../src/handlers/worker-batch.js';
import { sqsRecordFactory } from '../helpers/factories.js';
import { type Harness, send, startHarness } from '../helpers/http-harness.js';
import { testRegistry } from '../helpers/registries.js';
import { sqsdPostFromRecord } from '../helpers/sqsd-request.js';

type Fate = 'ok' | 'dead-letter' | 'deleted' | 'retry' | 'reject';

const noSqs: SqsProvider = () => Promise.reject(new Error('parity test: SQS must not be called'));

function lambdaSide(unknownTaskPolicy: UnknownTaskPolicy | undefined) {
  const deadLettered: string[] = [];
  const logs: Array<Record<string, unknown>> = [];
  const deadLetter: DeadLetterPort = async (delivery) => {
    deadLettered.push(delivery.messageId);
  };
  const processBatch = createBatchProcessor({
    registry: testRegistry().registry,
    log: createLogger({ sink: (line) => logs.push(JSON.parse(line)) }),
    emitMetrics: () => undefined,
    sqs: noSqs,
    deadLetter,
    unknownTaskPolicy,
    concurrency: 1,
    stopMarginMs: 0,
    service: 'parity',
  });
  return async (record: SQSRecord): Promise<Fate> => {
    const [result] = await processBatch({ Records: [record] });
    if (result?.status !== 'fulfilled') return 'retry';
    if (deadLettered.includes(record.messageId)) return 'dead-letter';
    const deleted = logs.some((line) => line.messageId === record.messageId && line.level === 'warn');
    return deleted ? 'deleted' : 'ok';
  };
}

async function httpSide(h: Harness, record: SQSRecord): Promise<{ fate: Fate; status: number }> {
  const reply = await send(h.server.url, sqsdPostFromRecord(record));
  if (reply.status !== 200) return { fate: reply.status >= 500 ? 'retry' : 'reject', status: reply.status };
  if (h.deadLettered.some((entry) => entry.messageId === record.messageId)) {
    return { fate: 'dead-letter', status: 200 };
  }
  return { fate: reply.json().status === 'deleted' ? 'deleted' : 'ok', status: 200 };
}

const bodies = {
  unknownType: JSON.stringify({ type: 'no_such_task', data: { id: 1 } }),
  notJson: 'this is not JSON',
  noType: JSON.stringify({ Message: 'hello' }),
  dataEnvelope: JSON.stringify({ type: 'user_signup', data: { userId: 'u-1', email: 'a@example.com' } }),
  flat: JSON.stringify({ type: 'user_signup', userId: 'u-1', email: 'a@example.com' }),
  smokeTest: JSON.stringify({ type: 'test', data: 'Hello Worker!' }),
  conflict: JSON.stringify({ type: 'user_signup', userId: 'u-1', data: { userId: 'u-2', email: 'a@b.co' } }),
};

describe.each([
  {
    policy: undefined,
    expected: {
      unknownType: 'dead-letter',
      notJson: 'dead-letter',
      noType: 'dead-letter',
      dataEnvelope: 'ok',
      flat: 'ok',
      smokeTest: 'ok',
      conflict: 'dead-letter',
    },
  },
  {
    policy: 'delete' as const,
    expected: {
      unknownType: 'deleted',
      notJson: 'dead-letter',
      noType: 'dead-letter',
      dataEnvelope: 'ok',
      flat: 'ok',
      smokeTest: 'ok',
      conflict: 'dead-letter',
    },
  },
])('UNKNOWN_TASK_POLICY=$policy: Lambda and HTTP agree', ({ policy, expected }) => {
  let h: Harness;
  const lambda = lambdaSide(policy);

  beforeAll(async () => {
    h = await startHarness({ withDeadLetter: true, unknownTaskPolicy: policy, service: 'parity' });
  });
  afterAll(() => h.server.close());

  it.each(Object.keys(bodies) as Array<keyof typeof bodies>)('%s', async (name) => {
    const record = sqsRecordFactory(bodies[name]);

    const viaLambda = await lambda(record);
    const viaHttp = await httpSide(h, record);

    expect(viaLambda).toBe(expected[name]);
    expect(viaHttp.fate).toBe(viaLambda);
  });

  it('logs a deleted unknown task at warn with its messageId and route, never the body', async () => {
    const record = sqsRecordFactory(JSON.stringify({ type: 'legacy_task', email: 'ada@example.com' }));
    await httpSide(h, record);
    const line = h.logs.find((entry) => entry.messageId === record.messageId && entry.level !== 'debug');

    if (policy === 'delete') {
      expect(line).toMatchObject({ level: 'warn', route: 'legacy_task', errorName: 'UnknownRouteError' });
      expect(line?.message).toContain('UNKNOWN_TASK_POLICY=delete');
    } else {
      expect(line).toMatchObject({ level: 'error', message: 'message dead-lettered', route: 'legacy_task' });
    }
    expect(JSON.stringify(line)).not.toContain('ada@example.com');
  });
});
