import { RetryableError } from '../../src/core/errors.js';

/**
 * Values a task can throw that break naive error handling: `String(value)` throws, a getter throws, every
 * Proxy trap throws, or the value is not an object at all. Each entry is a factory so every test gets a
 * fresh value (a revoked Proxy cannot be revived).
 */

const boom = () => {
  throw new Error('hostile getter');
};

/** A Proxy whose every trap throws: `instanceof`, property reads, `typeof` checks on members all fail. */
function proxyThrowingOnEveryTrap(): object {
  const trap = () => boom();
  return new Proxy(
    {},
    {
      get: trap,
      set: trap,
      has: trap,
      deleteProperty: trap,
      ownKeys: trap,
      getOwnPropertyDescriptor: trap,
      defineProperty: trap,
      getPrototypeOf: trap,
      setPrototypeOf: trap,
      isExtensible: trap,
      preventExtensions: trap,
      apply: trap,
      construct: trap,
    },
  );
}

function revokedProxy(): object {
  const { proxy, revoke } = Proxy.revocable(new Error('revoked'), {});
  revoke();
  return proxy;
}

function errorWithThrowingGetter(property: 'message' | 'name' | 'stack' | 'cause'): Error {
  const error = new Error('original');
  Object.defineProperty(error, property, { get: boom, configurable: true });
  return error;
}

/** An Error subclass whose prototype chain itself throws when read through `name`. */
class HostileError extends Error {
  override get message(): string {
    return boom();
  }
  override get name(): string {
    return boom();
  }
}

/** A WorkerError (so it would skip the wrapping path) whose message throws when read. */
function hostileWorkerError(): RetryableError {
  return Object.defineProperty(new RetryableError('x'), 'message', { get: boom, configurable: true });
}

const hostileThrowables: ReadonlyArray<{ case: string; make: () => unknown }> = [
  { case: 'Object.create(null)', make: () => Object.create(null) },
  {
    case: 'an object whose toString throws',
    make: () => ({
      toString: boom,
    }),
  },
  { case: 'an object whose Symbol.toPrimitive throws', make: () => ({ [Symbol.toPrimitive]: boom }) },
  { case: 'an Error whose message getter throws', make: () => errorWithThrowingGetter('message') },
  { case: 'an Error whose name getter throws', make: () => errorWithThrowingGetter('name') },
  { case: 'an Error whose stack getter throws', make: () => errorWithThrowingGetter('stack') },
  { case: 'an Error whose cause getter throws', make: () => errorWithThrowingGetter('cause') },
  { case: 'an Error subclass whose message and name getters throw', make: () => new HostileError() },
  {
    case: 'an Error whose message is an object that cannot become a string',
    make: () => Object.assign(new Error('x'), { message: Object.create(null) }),
  },
  {
    case: 'an Error whose cause is a throwing Proxy',
    make: () => new Error('outer', { cause: proxyThrowingOnEveryTrap() }),
  },
  { case: 'a WorkerError subclass whose message getter throws', make: hostileWorkerError },
  { case: 'a Proxy that throws on every trap', make: proxyThrowingOnEveryTrap },
  { case: 'a revoked Proxy', make: revokedProxy },
  { case: 'a symbol', make: () => Symbol('thrown') },
  { case: 'a BigInt', make: () => 10n ** 30n },
  { case: 'undefined', make: () => undefined },
  { case: 'null', make: () => null },
  { case: 'a function whose toString throws', make: () => Object.assign(() => 1, { toString: boom }) },
  { case: 'a 1 MiB string', make: () => 'x'.repeat(1024 * 1024) },
];

export { hostileThrowables, proxyThrowingOnEveryTrap };
