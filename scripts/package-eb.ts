/**
 * `npm run package:eb`: builds dist/eb-worker.zip, an Elastic Beanstalk worker source bundle (HTTP adapter,
 * Procfile, cron.yaml, sqsd option settings) derived from serverless.yml, so both deployments run one config.
 */
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { bundleAdapter } from './eb/bundle-adapter.js';
import { buildBundleFiles } from './eb/bundle-files.js';
import { EbBundleError } from './eb/eb-bundle-error.js';
import { printService } from './eb/print-service.js';
import { readWorkerService } from './eb/read-service.js';
import { writeZip } from './eb/write-zip.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const adapterEntry = join(root, 'src', 'http', 'server.ts');
const outPath = join(root, 'dist', 'eb-worker.zip');

async function main(): Promise<void> {
  const service = readWorkerService(printService(root));
  const files = buildBundleFiles(service, await bundleAdapter(adapterEntry));
  await writeZip(files, outPath);
  console.log(`Wrote ${relative(root, outPath)}:`);
  for (const { path, content } of files) console.log(`  ${path} (${content.length} bytes)`);
}

main().catch((error: unknown) => {
  // Expected failures get a one-line message; anything else keeps its stack for debugging.
  console.error(error instanceof EbBundleError ? `package:eb: ${error.message}` : error);
  process.exitCode = 1;
});
