import { describe, expect, it } from 'vitest';
import { RetryableError, TaskFailedError, toWorkerError, WorkerError } from '../../src/core/errors.js';
import { createLogger } from '../../src/core/logger.js';
import { hostileThrowables } from '../helpers/hostile-throwables.js';

const context = { messageId: 'm-1', task: 'hostile', queue: 'work-queue' };

describe('toWorkerError: any thrown value', () => {
  it.each(hostileThrowables)('$case becomes a WorkerError with context, without throwing', ({ make }) => {
    const error = toWorkerError(make(), context);

    expect(error).toBeInstanceOf(WorkerError);
    expect(typeof error.name).toBe('string');
    expect(typeof error.message).toBe('string');
    expect(error.message.length).toBeGreaterThan(0);
    expect(error.message.length).toBeLessThanOrEqual(1024);
    expect(typeof error.permanent).toBe('boolean');
    expect([error.messageId, error.task, error.queue]).toEqual(['m-1', 'hostile', 'work-queue']);
  });

  it.each(hostileThrowables)('$case can be logged, with its cause, without throwing', ({ make }) => {
    const lines: string[] = [];
    const log = createLogger({ sink: (line) => lines.push(line) });

    log.error('message failed', { error: toWorkerError(make(), context), thrown: make() });

    expect(lines).toHaveLength(1);
    expect(JSON.parse(lines[0] ?? '')).toMatchObject({ level: 'error', message: 'message failed' });
  });

  it('describes what it could read: a symbol, a BigInt, a plain object', () => {
    expect(toWorkerError(Symbol('boom'), context).message).toBe('non-Error thrown: Symbol(boom)');
    expect(toWorkerError(12n, context).message).toBe('non-Error thrown: 12');
    expect(toWorkerError(Object.create(null), context).message).toBe('non-Error thrown: [object]');
    expect(toWorkerError({ toString: () => 'custom' }, context).message).toBe('non-Error thrown: custom');
  });

  it('keeps an ordinary Error as the cause of a TaskFailedError, and a WorkerError as is', () => {
    const plain = new Error('downstream timed out');
    const retry = new RetryableError('lock held');

    const wrapped = toWorkerError(plain, context);

    expect(wrapped).toBeInstanceOf(TaskFailedError);
    expect(wrapped.message).toBe('downstream timed out');
    expect(wrapped.cause).toBe(plain);
    expect(toWorkerError(retry, context)).toBe(retry);
  });

  it.each([
    { case: 'a name that is not a string', field: 'name', value: 7 },
    { case: 'a message that is not a string', field: 'message', value: ['lock', 'held'] },
    { case: "a 'permanent' that is not a boolean", field: 'permanent', value: 'yes' },
  ])('a WorkerError with $case is replaced, keeping it as the cause', ({ field, value }) => {
    const odd = new RetryableError('lock held');
    Object.defineProperty(odd, field, { value });

    const error = toWorkerError(odd, context);

    expect(error).toBeInstanceOf(TaskFailedError);
    expect(error.cause).toBe(odd);
    expect(error.permanent).toBe(false);
  });

  it('an Error whose name is not a string and whose message cannot be read is called Error', () => {
    const thrown = new Error('x');
    Object.defineProperty(thrown, 'name', { value: 7 });
    Object.defineProperty(thrown, 'message', {
      get: () => {
        throw new Error('hostile getter');
      },
    });

    expect(toWorkerError(thrown, context).message).toBe('Error thrown with a message that cannot be read');
  });

  it('a WorkerError whose own fields throw is replaced, keeping it as the cause', () => {
    const hostile = hostileThrowables.find((entry) => entry.case.startsWith('a WorkerError subclass'));
    const thrown = hostile?.make();

    const error = toWorkerError(thrown, context);

    expect(error).not.toBe(thrown);
    expect(error).toBeInstanceOf(TaskFailedError);
    expect(error.message).toBe('RetryableError thrown with a message that cannot be read');
  });
});
