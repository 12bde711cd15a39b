// esbuild plugins for serverless-esbuild (custom.esbuild.plugins). CommonJS because the plugin loads this
// file with require().
//
// @middy/core imports node:stream, node:stream/promises and node:stream/web at the top of its module, for
// its response-streaming mode only (and node:timers for a setTimeout that equals the global one). Loading those built-ins is most of the worker's init time (about 3-4 ms
// of ~5.5 ms on Node 20, measured with a fresh `node` importing the bundle). This worker never streams, so
// for @middy/core alone these imports become shims that load the real module on first use: streaming
// would still work, it would just pay the load then.

const SHIMS = {
  'node:stream': `
    const real = () => process.getBuiltinModule('node:stream');
    export const Readable = { from: (...args) => real().Readable.from(...args) };`,
  'node:stream/promises': `
    export const pipeline = (...args) => process.getBuiltinModule('node:stream/promises').pipeline(...args);`,
  // Global setTimeout is the same function as node:timers' one; importing the module costs ~0.7 ms.
  'node:timers': `
    export const setTimeout = (...args) => globalThis.setTimeout(...args);`,
  'node:stream/web': `
    export const ReadableStream = class {
      static [Symbol.hasInstance](value) {
        return value instanceof process.getBuiltinModule('node:stream/web').ReadableStream;
      }
    };`,
};

const lazyMiddyStreams = {
  name: 'lazy-middy-streams',
  setup(build) {
    build.onResolve({ filter: /^node:(stream(\/promises|\/web)?|timers)$/ }, (args) =>
      /[\\/]@middy[\\/]core[\\/]/.test(args.importer)
        ? { path: args.path, namespace: 'lazy-middy-streams' }
        : undefined,
    );
    build.onLoad({ filter: /.*/, namespace: 'lazy-middy-streams' }, (args) => ({
      contents: SHIMS[args.path],
      loader: 'js',
    }));
  },
};

module.exports = [lazyMiddyStreams];
