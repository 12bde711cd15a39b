/**
 * Parity: every message must meet the same fate through the Lambda worker and through the EB adapter.
 * Each record goes once through `createBatchProcessor` (what the middy handler runs) as a one-record
 * batch, and once through the HTTP adapter, POSTed as sqsd would (headers from the record, periodic
 * tasks to their path with an empty body). Compared: the outcome class, and the EMF metrics both emit.
 *
 * Outcome classes: `ok` (deleted, processed), `dead-letter` (deleted, copied to the DLQ), `reject`
 * (permanent failure left for the redrive policy: Lambda batch item failure / HTTP 4xx), `retry`
 * (Lambda batch item failure / HTTP 5xx). FIFO group ordering is a batch property with no sqsd
 * equivalent, so FIFO fixture records are compared one by one, like every other record.
 */
import type { SQSRecord } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SqsProvider } from '../../src/aws/sqs-client.js';
import { isPermanent } from '../../src/core/errors.js';
import { createLogger } from '../../src/core/logger.js';
import type { DeadLetterPort } from '../../src/core/process-delivery.js';
import { createBatchProcessor } from '../../src/handlers/worker-batch.js';
import { type Harness, send, startHarness } from '../helpers/http-harness.js';
import { fixtureRecords, sampleRecords } from '../helpers/parity-samples.js';
import { testRegistry } from '../helpers/registries.js';
import { sqsdPostFromRecord } from '../helpers/sqsd-request.js';

type OutcomeClass = 'ok' | 'dead-letter' | 'reject' | 'retry';

const cases: Array<{ name: string; record: SQSRecord }> = [
  ...fixtureRecords(new URL('../../events/', import.meta.url)),
  ...sampleRecords().map((record) => ({ name: record.messageId, record })),
];

/** No SDK call is expected: no ErrorVisibilityTimeout is set and the DLQ is a spy. */
const noSqs: SqsProvider = () => Promise.reject(new Error('parity test: SQS must not be called'));

/** EMF documents without the fields that legitimately differ (clock, duration). */
const comparable = (documents: Array<Record<string, unknown>>) =>
  documents.map(({ _aws, Duration, ...rest }) => rest);

const lambdaSide = (withDeadLetter: boolean) => {
  const deadLettered: string[] = [];
  const metrics: Array<Record<string, unknown>> = [];
  const deadLetter: DeadLetterPort = async (delivery) => {
    deadLettered.push(delivery.messageId);
  };
  const processBatch = createBatchProcessor({
    registry: testRegistry().registry,
    log: createLogger({ sink: () => {} }),
    emitMetrics: (line) => metrics.push(JSON.parse(line)),
    sqs: noSqs,
    deadLetter: withDeadLetter ? deadLetter : undefined,
    concurrency: 1,
    stopMarginMs: 0,
    service: 'parity',
  });
  return async (record: SQSRecord) => {
    const before = metrics.length;
    const [result] = await processBatch({ Records: [record] });
    let outcome: OutcomeClass;
    if (result?.status === 'fulfilled')
      outcome = deadLettered.includes(record.messageId) ? 'dead-letter' : 'ok';
    else outcome = isPermanent(result?.reason) ? 'reject' : 'retry';
    return { outcome, metrics: comparable(metrics.slice(before)) };
  };
};

const httpSide = (h: Harness) => async (record: SQSRecord) => {
  const before = h.metrics.length;
  const post = sqsdPostFromRecord(record);
  const reply = await send(h.server.url, post);
  let outcome: OutcomeClass;
  if (reply.status === 200) {
    outcome = h.deadLettered.some((entry) => entry.messageId === record.messageId) ? 'dead-letter' : 'ok';
  } else if (reply.status >= 400 && reply.status < 500) outcome = 'reject';
  else if (reply.status >= 500) outcome = 'retry';
  else throw new Error(`unexpected status ${reply.status} for ${record.messageId}`);
  return { outcome, status: reply.status, metrics: comparable(h.metrics.slice(before)) };
};

const table: string[] = [];

afterAll(() => {
  console.log(['', 'Parity table (Lambda createBatchProcessor vs HTTP adapter):', ...table].join('\n'));
});

describe.each([
  ['without a DLQ', false],
  ['with a DLQ', true],
])('Lambda and HTTP agree on every message, %s', (label, withDeadLetter) => {
  let h: Harness;
  const rows: string[][] = [];
  const lambda = lambdaSide(withDeadLetter);

  beforeAll(async () => {
    // The cron.yaml urls of the periodic samples, /audit included: a schedule whose task nobody registered.
    h = await startHarness({
      withDeadLetter,
      service: 'parity',
      periodicPaths: ['/cleanup', '/reports', '/audit'],
    });
  });

  afterAll(async () => {
    await h.server.close();
    const width = Math.max(...rows.map((row) => row[0]?.length ?? 0));
    table.push(`-- ${label}`, `${'message'.padEnd(width)}  lambda       http`);
    for (const [name, viaLambda, viaHttp] of rows) {
      table.push(`${(name ?? '').padEnd(width)}  ${(viaLambda ?? '').padEnd(11)}  ${viaHttp}`);
    }
  });

  it.each(cases)('$name', async ({ name, record }) => {
    const viaLambda = await lambda(record);
    const viaHttp = await httpSide(h)(record);
    rows.push([name, viaLambda.outcome, `${viaHttp.outcome} (${viaHttp.status})`]);
    expect(viaHttp.outcome).toBe(viaLambda.outcome);
    expect(viaHttp.metrics).toEqual(viaLambda.metrics);
    if (!withDeadLetter) expect(viaLambda.outcome).not.toBe('dead-letter');
  });
});

describe('the parity cases cover every outcome class', () => {
  it('has ok, retry and permanent failures among the cases', async () => {
    const lambda = lambdaSide(false);
    const outcomes = new Set<OutcomeClass>();
    for (const { record } of cases) outcomes.add((await lambda(record)).outcome);
    expect([...outcomes].sort()).toEqual(['ok', 'reject', 'retry']);
  });
});
