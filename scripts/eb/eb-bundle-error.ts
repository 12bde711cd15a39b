import { LocalTierError } from '../../src/local/local-tier-error.js';

/**
 * Anything that stops `npm run package:eb` from producing a bundle that behaves like the Lambda deployment.
 * `name` is a string literal so it survives minification and reads the same in every stack trace.
 */
class EbBundleError extends LocalTierError {
  override readonly name = 'EbBundleError';
}

export { EbBundleError };
