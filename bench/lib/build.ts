import { createRequire } from 'node:module';
import { type BuildOptions, build, type Metafile, type Plugin } from 'esbuild';

/** The same esbuild plugins serverless.yml gives serverless-esbuild (custom.esbuild.plugins). */
const servicePlugins = createRequire(import.meta.url)('../../scripts/esbuild-plugins.cjs') as Plugin[];

/**
 * What serverless.yml asks serverless-esbuild for (docs/lambda-behaviour.md#cold-start): bundle, ESM, minify,
 * target node22, platform node, `@aws-sdk/*` external (nodejs22.x ships SDK v3), tree shaking, the service's
 * plugins. serverless-esbuild also adds its default `exclude: ['aws-sdk']` to `external`.
 */
const LAMBDA_BUILD: BuildOptions = {
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node22',
  minify: true,
  treeShaking: true,
  external: ['@aws-sdk/*', 'aws-sdk'],
  plugins: servicePlugins,
};

/**
 * Bench programs are bundled too, rather than run under tsx: tsx compiles with `keepNames`, which wraps
 * every function in a `__name()` call and made our TypeScript (but not the prebuilt libraries) up to 40×
 * slower at creating closures. Bundled, every contender runs as the Lambda would run it. The target is
 * the local Node (20); the banner gives bundled CommonJS dependencies a `require`.
 */
const BENCH_BUILD: BuildOptions = {
  ...LAMBDA_BUILD,
  target: 'node20',
  banner: {
    js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);",
  },
};

const bundle = async (
  entry: string,
  outfile: string,
  options: BuildOptions = LAMBDA_BUILD,
): Promise<Metafile> => {
  const result = await build({
    ...options,
    entryPoints: [entry],
    outfile,
    metafile: true,
    logLevel: 'warning',
  });
  return result.metafile;
};

export { BENCH_BUILD, bundle, LAMBDA_BUILD };
