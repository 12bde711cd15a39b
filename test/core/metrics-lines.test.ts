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

  it('lists tasks in record order, whatever order their messages finished in', () => {
    const tally = new VerdictTally();
    // Concurrent messages settle out of order: record 3 (task a) first, then record 0 (task b), record 1 (a).
    tally.add(ok('a', 1), 3);
    tally.add(ok('b', 1), 0);
    tally.add(failed('a', 1), 1);
    tally.add(ok('c', 1), 2);
    const tasks = tally.documents({ service: 's', timestamp: 0 }).map((document) => document.Task);
    expect(tasks).toEqual(['b', 'a', 'c']);
  });
});
