import { afterEach, describe, expect, it } from 'vitest';
import { createTerminalOutput } from '../../../src/local/cli/terminal-output.js';

const EMF = '{"_aws":{"Timestamp":1,"CloudWatchMetrics":[]},"Service":"s","Task":"test","Processed":1}';
const LOG = '{"level":"info","time":"2026-01-01T00:00:00.000Z","message":"test message received"}';

const original = process.stdout.write;
afterEach(() => {
  process.stdout.write = original;
});

/** Runs `write` against a terminal output built over a fake stdout; returns what reached it. */
function captured(options: { quiet?: boolean; metrics?: boolean }, write: () => void): string {
  let seen = '';
  process.stdout.write = ((chunk: unknown, ...rest: unknown[]) => {
    seen += String(chunk);
    (rest.find((arg) => typeof arg === 'function') as (() => void) | undefined)?.();
    return true;
  }) as typeof process.stdout.write;
  const output = createTerminalOutput({ ...options, tty: false });
  try {
    write();
  } finally {
    output.close();
  }
  return seen;
}

describe('createTerminalOutput: metrics switch', () => {
  it('shows handler logs and EMF lines by default', () => {
    expect(captured({}, () => process.stdout.write(`${LOG}\n${EMF}\n`))).toBe(`${LOG}\n${EMF}\n`);
  });

  it('with metrics off, drops EMF lines and keeps logs, also when both arrive in one chunk', () => {
    const seen = captured({ metrics: false }, () => {
      process.stdout.write(`${LOG}\n${EMF}\n`);
      process.stdout.write(`${EMF}\n`);
      process.stdout.write(`${LOG}\n`);
    });

    expect(seen).toBe(`${LOG}\n${LOG}\n`);
  });

  it('with --quiet, drops logs and metrics alike', () => {
    expect(captured({ quiet: true }, () => process.stdout.write(`${LOG}\n${EMF}\n`))).toBe('');
  });
});
