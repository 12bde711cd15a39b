import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { build, type Plugin } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const plugins = createRequire(import.meta.url)('../../scripts/esbuild-plugins.cjs') as Plugin[];

// An entry that sits where the plugin acts (a path under @middy/core) and uses each shimmed import the way
// middy's streaming mode does, so the shims are checked for behaviour, not just for being there.
const ENTRY = `
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { ReadableStream } from 'node:stream/web';
import { setTimeout } from 'node:timers';
export const run = async () => {
  const chunks = [];
  const { Writable } = process.getBuiltinModule('node:stream');
  await pipeline(Readable.from('streamed'), new Writable({ write(c, _e, done) { chunks.push(String(c)); done(); } }));
  const web = new (process.getBuiltinModule('node:stream/web').ReadableStream)();
  await new Promise((resolve) => setTimeout(resolve, 1));
  return { text: chunks.join(''), isWeb: web instanceof ReadableStream, isPlain: {} instanceof ReadableStream };
};`;

let dir: string;
let bundleText: string;
let run: () => Promise<{ text: string; isWeb: boolean; isPlain: boolean }>;

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'lazy-streams-'));
  const entry = path.join(dir, 'node_modules', '@middy', 'core', 'entry.mjs');
  await mkdir(path.dirname(entry), { recursive: true });
  await writeFile(entry, ENTRY);
  const outfile = path.join(dir, 'out.mjs');
  const result = await build({
    entryPoints: [entry],
    outfile,
    bundle: true,
    format: 'esm',
    platform: 'node',
    plugins,
    write: true,
    logLevel: 'silent',
  });
  expect(result.errors).toEqual([]);
  bundleText = (await import('node:fs')).readFileSync(outfile, 'utf8');
  ({ run } = await import(pathToFileURL(outfile).href));
});

afterAll(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe('esbuild plugin: @middy/core streaming imports load lazily', () => {
  it('leaves no static import of node:stream* or node:timers in the bundle', () => {
    expect(bundleText).not.toMatch(/from\s*["']node:(stream|timers)/);
  });

  it('keeps streaming working through the shims (Readable.from, pipeline, instanceof, setTimeout)', async () => {
    await expect(run()).resolves.toEqual({ text: 'streamed', isWeb: true, isPlain: false });
  });

  it('leaves the same imports alone outside @middy/core', async () => {
    const result = await build({
      stdin: { contents: "export { Readable } from 'node:stream';", loader: 'js', resolveDir: dir },
      bundle: true,
      format: 'esm',
      platform: 'node',
      plugins,
      write: false,
      logLevel: 'silent',
    });
    expect(result.outputFiles[0]?.text).toMatch(/from\s*"node:stream"/);
  });
});
