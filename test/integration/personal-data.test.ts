/**
 * Personal data planted in messages (an email address, a national id number) must not come out in log
 * lines at info and above, in DLQ attributes, or in HTTP replies: error messages say what is wrong
 * without quoting the value, tasks log identifiers, and payloads are logged only at debug, cut to 1 KB
 * per field.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDeadLetterSender } from '../../src/aws/dead-letter.js';
import { captureLogger } from '../helpers/capture-logger.js';
import { sqsEventFactory, sqsRecordFactory, stringAttribute } from '../helpers/factories.js';
import { type Harness, send, startHarness } from '../helpers/http-harness.js';
import { asWorkerHandler, fakeSqs, workerDeps } from '../helpers/worker.js';

const EMAIL = 'grace.hopper.private@example.org';
/** A Swiss AHV number; its digits alone are checked too, since a number field loses the dots. */
const NATIONAL_ID = '756.9217.0769.85';
const NATIONAL_ID_DIGITS = '7569217076985';
const PLANTED = [EMAIL, NATIONAL_ID, NATIONAL_ID_DIGITS, 'grace.hopper'];

const bodies = {
  validSignup: JSON.stringify({ type: 'user_signup', userId: 'u-1', email: EMAIL }),
  invalidSignup: JSON.stringify({ type: 'user_signup', userId: 'u-2', email: `${NATIONAL_ID} ${EMAIL}` }),
  longSignup: JSON.stringify({ type: 'user_signup', userId: 'u-3', email: `${EMAIL}${'x'.repeat(300)}` }),
  testSmall: JSON.stringify({ type: 'test', data: EMAIL, id: NATIONAL_ID }),
  // 60 KB, the national id at the end: the audit's body that was logged verbatim.
  testLarge: JSON.stringify({ type: 'test', note: 'n'.repeat(60 * 1024), id: NATIONAL_ID }),
  notJson: `${EMAIL} ${NATIONAL_ID}`,
  brokenJson: `{"type": "user_signup", "email": ${EMAIL}, "id": "${NATIONAL_ID}"}`,
  badQuantity: JSON.stringify({
    type: 'order_processing',
    orderId: 'o-1',
    items: [{ sku: 'A', quantity: Number(`${NATIONAL_ID_DIGITS}.5`), unitPrice: 1 }],
  }),
  badPrice: JSON.stringify({
    type: 'order_processing',
    orderId: 'o-2',
    items: [{ sku: 'A', quantity: 1, unitPrice: -Number(NATIONAL_ID_DIGITS) }],
  }),
};

function leaks(text: string): string[] {
  return PLANTED.filter((planted) => text.includes(planted));
}

describe('personal data: the Lambda worker', () => {
  async function runBatch(level: 'info' | 'debug') {
    const sqs = fakeSqs(async () => ({ MessageId: 'copy' }));
    const capture = captureLogger(level);
    const { deps } = workerDeps({
      log: capture.log,
      sqs: sqs.provider,
      deadLetter: createDeadLetterSender({
        queueUrl: 'https://sqs.us-east-2.amazonaws.com/1/dlq',
        sqs: sqs.provider,
      }),
    });
    const records = Object.values(bodies).map((body) => sqsRecordFactory(body));
    // A route given by attribute, for a plain-text body that is personal data.
    records.push(sqsRecordFactory(EMAIL, { messageAttributes: { type: stringAttribute('user_signup') } }));
    await asWorkerHandler(deps)(sqsEventFactory(records));
    return { lines: capture.lines, sent: sqs.sent };
  }

  it('no log line at info level or above holds the planted values', async () => {
    const { lines } = await runBatch('info');

    expect(lines.length).toBeGreaterThan(0);
    expect(lines.flatMap((line) => leaks(JSON.stringify(line)))).toEqual([]);
  });

  it('no DLQ attribute holds them (the body is the original message, kept as it was)', async () => {
    const { sent } = await runBatch('info');

    const copies = sent.filter((command) => command.name === 'SendMessageCommand');
    expect(copies.length).toBe(7);
    expect(copies.flatMap((copy) => leaks(JSON.stringify(copy.input.MessageAttributes)))).toEqual([]);
  });

  it('at debug, payloads are logged cut to 1 KB per field: the 60 KB body is not written out', async () => {
    const { lines } = await runBatch('debug');

    const payloads = lines.filter((line) => line.message === 'test message payload');
    expect(payloads).toHaveLength(2);
    for (const line of lines) {
      for (const value of Object.values(line)) expect(JSON.stringify(value).length).toBeLessThan(1200);
    }
    const large = payloads.find((line) => String(line.payload).includes('nnnn'));
    expect(leaks(JSON.stringify(large))).toEqual([]);
  });
});

describe('personal data: the HTTP adapter', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(async () => {
    await h.server.close();
  });

  it('no reply body and no log line at info or above holds the planted values', async () => {
    const replies = [];
    for (const body of Object.values(bodies)) {
      replies.push(await send(h.server.url, { body, headers: { 'content-type': 'application/json' } }));
    }

    expect(replies.map((reply) => reply.status)).toContain(422);
    expect(replies.flatMap((reply) => leaks(reply.text))).toEqual([]);
    const logged = h.logs.filter((line) => line.level !== 'debug');
    expect(logged.flatMap((line) => leaks(JSON.stringify(line)))).toEqual([]);
  });
});
