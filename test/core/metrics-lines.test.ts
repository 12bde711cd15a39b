import { describe, expect, it } from 'vitest';
import { ValidationError } from '../../src/core/errors.js';
import type { WorkMessage } from '../../src/core/message.js';
import { VerdictTally } from '../../src/core/metrics.js';
import type { Verdict } from '../../src/core/process-delivery.js';

const message = {} as WorkMessage;

const ok = (task: string, durationMs: number): Verdict => ({
  action: 'ack',
  outcome: { status: 'ok', task, durationMs, message },
});
const failed = (task: string | undefined, durationMs: number): Verdict => ({
  action: 'reject',
  outcome: { status: 'dead-letter', task, durationMs, error: new ValidationError('email', 'bad') },
});

describe('VerdictTally.lines', () => {
  it('writes exactly JSON.stringify of each document, in the same order', () => {
    const tally = new VerdictTally();
    [
      ok('b "quoted" \\ task', 3),
      failed(undefined, 2),
      ok('a', 1.5),
      failed('b "quoted" \\ task', 4),
    ].forEach((verdict, position) => {
      tally.add(verdict, position);
    });
    const options = { service: 'svc "x"\n', timestamp: 1_764_500_000_123 };
    const lines = tally.lines(options);
    expect(lines).toEqual(tally.documents(options).map((document) => JSON.stringify(document)));
    expect(lines).toHaveLength(3);
  });

  it('writes a non-finite number as null, as JSON.stringify does', () => {
    const tally = new VerdictTally();
    tally.add(ok('t', Number.NaN), 0);
    const options = { service: 's', timestamp: Number.POSITIVE_INFINITY };
    const [line] = tally.lines(options);
    expect(line).toBe(JSON.stringify(tally.documents(options)[0]));
    expect(JSON.parse(line ?? '{}')).toMatchObject({ Duration: null, _aws: { Timestamp: null } });
  });
});
