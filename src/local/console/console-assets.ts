import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

type Asset = { content: Buffer; type: string };

const STATIC_DIR = fileURLToPath(new URL('./static/', import.meta.url));
// uPlot's prebuilt browser files, straight from node_modules: no build step, nothing fetched at run time.
const UPLOT_DIR = dirname(createRequire(import.meta.url).resolve('uplot'));

/** The only files the console serves: a fixed list, so no request path reaches the file system. */
const ASSETS: Record<string, { file: string; type: string }> = {
  '/console.js': { file: join(STATIC_DIR, 'console.js'), type: 'text/javascript; charset=utf-8' },
  '/page-kit.js': { file: join(STATIC_DIR, 'page-kit.js'), type: 'text/javascript; charset=utf-8' },
  '/dlq-panel.js': { file: join(STATIC_DIR, 'dlq-panel.js'), type: 'text/javascript; charset=utf-8' },
  '/schedules-panel.js': {
    file: join(STATIC_DIR, 'schedules-panel.js'),
    type: 'text/javascript; charset=utf-8',
  },
  '/console.css': { file: join(STATIC_DIR, 'console.css'), type: 'text/css; charset=utf-8' },
  '/uplot.js': { file: join(UPLOT_DIR, 'uPlot.iife.min.js'), type: 'text/javascript; charset=utf-8' },
  '/uplot.css': { file: join(UPLOT_DIR, 'uPlot.min.css'), type: 'text/css; charset=utf-8' },
};

const cache = new Map<string, Buffer>();

async function load(file: string): Promise<Buffer> {
  let content = cache.get(file);
  if (content === undefined) {
    content = await readFile(file);
    cache.set(file, content);
  }
  return content;
}

async function consoleAsset(path: string): Promise<Asset | undefined> {
  const asset = ASSETS[path];
  return asset === undefined ? undefined : { content: await load(asset.file), type: asset.type };
}

/** The page, with this start's token in a meta tag for the page's POSTs (hex: nothing to escape). */
async function consolePage(token: string): Promise<string> {
  return (await load(join(STATIC_DIR, 'index.html'))).toString('utf8').replace('{{TOKEN}}', token);
}

export { consoleAsset, consolePage };
