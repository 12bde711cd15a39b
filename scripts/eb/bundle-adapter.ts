import { existsSync } from 'node:fs';
import { build } from 'esbuild';
import { EbBundleError } from './eb-bundle-error.js';

/**
 * Bundles the HTTP adapter into one ESM file for the EB Node.js platform: node20, minified, with
 * @aws-sdk/client-sqs inside so the bundle needs no `npm install` on the instance.
 */
async function bundleAdapter(entry: string): Promise<Uint8Array> {
  if (!existsSync(entry)) {
    throw new EbBundleError(
      `HTTP adapter entry ${entry} does not exist; the EB bundle needs it as server.mjs`,
    );
  }
  const result = await build({
    entryPoints: [entry],
    outfile: 'server.mjs',
    write: false,
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'esm',
    minify: true,
    legalComments: 'none',
    // Prefer the SDK's ESM builds; CommonJS pieces that call require() get a real one from the banner.
    mainFields: ['module', 'main'],
    banner: { js: "import{createRequire as __cr}from'node:module';const require=__cr(import.meta.url);" },
    logLevel: 'silent',
  });
  const [output] = result.outputFiles;
  if (output === undefined) throw new EbBundleError(`esbuild produced no output for ${entry}`);
  return output.contents;
}

export { bundleAdapter };
