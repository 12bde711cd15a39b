/**
 * `npm run package:eb`: builds dist/eb-worker.zip, an Elastic Beanstalk worker source bundle (HTTP adapter,
 * Procfile, cron.yaml, sqsd option settings) derived from serverless.yml, so both deployments run one config.
 * The service is read and the settings derived by src/service, as for the local sqsd mode.
 */
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { deriveEbWorkerSettings } from '../src/service/eb-worker-settings.js';
import { printService } from '../src/service/print-service.js';
import { readLocalService, ServiceModelError } from '../src/service/service-model.js';
import { bundleAdapter } from './eb/bundle-adapter.js';
import { buildBundleFiles } from './eb/bundle-files.js';
import { EbBundleError } from './eb/eb-bundle-error.js';
import { writeZip } from './eb/write-zip.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const adapterEntry = join(root, 'src', 'http', 'server.ts');
const outPath = join(root, 'dist', 'eb-worker.zip');

async function main(): Promise<void> {
  const settings = deriveEbWorkerSettings(readLocalService(printService(root)));
  const files = buildBundleFiles(settings, await bundleAdapter(adapterEntry));
  await writeZip(files, outPath);
  console.log(`Wrote ${relative(root, outPath)}:`);
  for (const { path, content } of files) console.log(`  ${path} (${content.length} bytes)`);
}

/** Failures that name what to fix in serverless.yml or the repo; a stack trace would only hide the message. */
function isExpected(error: unknown): error is Error {
  // ServiceModelError is the base of everything src/service throws, `serverless print` failures included.
  return error instanceof EbBundleError || error instanceof ServiceModelError;
}

main().catch((error: unknown) => {
  // Expected failures get a one-line message; anything else keeps its stack for debugging.
  console.error(isExpected(error) ? `package:eb: ${error.message}` : error);
  process.exitCode = 1;
});
