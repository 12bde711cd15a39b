import { printService as print, ServicePrintError } from '../../src/service/print-service.js';
import { EbBundleError } from './eb-bundle-error.js';

/**
 * `serverless print --format json` for the bundle (the shared runner lives in src/service, the local tier
 * uses it too). Its failures become EbBundleError so `package:eb` reports them in one line.
 */
function printService(root: string): unknown {
  try {
    return print(root);
  } catch (error) {
    if (error instanceof ServicePrintError) throw new EbBundleError(error.message, { cause: error.cause });
    throw error;
  }
}

export { printService };
