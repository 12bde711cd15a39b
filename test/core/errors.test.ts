import { describe, expect, it } from 'vitest';
import {
  isPermanent,
  MalformedMessageError,
  RetryableError,
  SkippedAfterGroupFailureError,
  TaskFailedError,
  toWorkerError,
  UnknownRouteError,
  ValidationError,
  WorkerError,
} from '../../src/core/errors.js';

const context = { messageId: 'm-1', task: 'cleanup', queue: 'work-queue' };

describe('error classes', () => {
  it.each([
    { make: () => new WorkerError('x'), name: 'WorkerError', permanent: false },
    { make: () => new MalformedMessageError('x'), name: 'MalformedMessageError', permanent: true },
    { make: () => new UnknownRouteError('x'), name: 'UnknownRouteError', permanent: true },
    { make: () => new ValidationError('email', 'x'), name: 'ValidationError', permanent: true },
    { make: () => new RetryableError('x'), name: 'RetryableError', permanent: false },
    { make: () => new TaskFailedError('x'), name: 'TaskFailedError', permanent: false },
    {
      make: () => new SkippedAfterGroupFailureError('x'),
      name: 'SkippedAfterGroupFailureError',
      permanent: false,
    },
  ])('$name: permanent=$permanent', ({ make, name, permanent }) => {
    const error = make();

    expect(error.name).toBe(name);
    expect(error.permanent).toBe(permanent);
    expect(isPermanent(error)).toBe(permanent);
    expect(error).toBeInstanceOf(WorkerError);
    expect(error).toBeInstanceOf(Error);
  });

  it('keeps the literal name when the class is renamed, as a minifier does', () => {
    // esbuild --minify turns `class ValidationError` into `class t`; the log must still say ValidationError.
    const renamed = { t: class extends ValidationError {} }.t;
    const error = new renamed('items[0].sku', 'expected a non-empty string');

    expect(renamed.name).toBe('t');
    expect(error.name).toBe('ValidationError');
    expect(String(error)).toBe('ValidationError: items[0].sku: expected a non-empty string');
  });

  it('ValidationError names the field in both `field` and the message', () => {
    const error = new ValidationError('items[1].quantity', 'must be at least 1, got 0');

    expect(error.field).toBe('items[1].quantity');
    expect(error.message).toBe('items[1].quantity: must be at least 1, got 0');
  });

  it('isPermanent is false for anything that is not a WorkerError', () => {
    expect(isPermanent(new Error('x'))).toBe(false);
    expect(isPermanent({ permanent: true })).toBe(false);
    expect(isPermanent(undefined)).toBe(false);
  });
});

describe('withContext', () => {
  it('fills what the thrower could not know and keeps what it set', () => {
    const error = new ValidationError('email', 'not a valid address', { task: 'user_signup' });

    const returned = error.withContext(context);

    expect(returned).toBe(error);
    expect(error).toMatchObject({ messageId: 'm-1', task: 'user_signup', queue: 'work-queue' });
  });
});

describe('toWorkerError', () => {
  it('returns a WorkerError itself, with context filled in', () => {
    const error = new RetryableError('lock held');

    const converted = toWorkerError(error, context);

    expect(converted).toBe(error);
    expect(converted).toMatchObject(context);
  });

  it('wraps a plain Error as a retryable TaskFailedError keeping it as cause', () => {
    const cause = new TypeError('fetch failed');

    const converted = toWorkerError(cause, context);

    expect(converted).toBeInstanceOf(TaskFailedError);
    expect(converted).toMatchObject({ message: 'fetch failed', permanent: false, cause, ...context });
  });

  it.each([
    { thrown: 'boom', message: 'non-Error thrown: boom' },
    { thrown: undefined, message: 'non-Error thrown: undefined' },
    { thrown: null, message: 'non-Error thrown: null' },
    { thrown: 42, message: 'non-Error thrown: 42' },
    { thrown: { code: 'E' }, message: 'non-Error thrown: [object Object]' },
    { thrown: new Error(''), message: 'task failed without a message' },
  ])('wraps $thrown as TaskFailedError "$message"', ({ thrown, message }) => {
    const converted = toWorkerError(thrown, context);

    expect(converted.name).toBe('TaskFailedError');
    expect(converted.message).toBe(message);
    expect(converted.cause).toBe(thrown);
    expect(converted.messageId).toBe('m-1');
  });
});
