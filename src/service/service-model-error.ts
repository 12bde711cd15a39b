/**
 * The base of every error src/service throws: the service as printed cannot be read, resolved or mapped to
 * EB. Callers (the local tier, `npm run package:eb`) catch this one class to print a one-line message.
 */
class ServiceModelError extends Error {
  override readonly name: string = 'ServiceModelError';
}

export { ServiceModelError };
