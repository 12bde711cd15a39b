/**
 * The layout stays as docs/ describes it: no import cycles in src (type-only imports count) and no file
 * over 250 lines.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const SRC = resolve(import.meta.dirname, '../../src');

/** Past this a file does more than one thing; split it by what it exports. */
const MAX_LINES = 250;

/** Every .ts file under `dir`, as absolute paths. */
function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return entry.name.endsWith('.ts') ? [path] : [];
  });
}

// Static imports and re-exports (type-only ones too: they tie the files together just the same) and
// dynamic `import('./x.js')`.
const IMPORT =
  /(?:^|\n)\s*(?:import|export)\b[^'";]*?\bfrom\s*['"](\.[^'"]+)['"]|\bimport\(\s*['"](\.[^'"]+)['"]\s*\)/g;

/** Relative imports of one file, resolved to .ts paths (the sources import `./x.js`). */
function relativeImports(file: string, text: string): string[] {
  return [...text.matchAll(IMPORT)].map((match) => {
    const specifier = (match[1] ?? match[2]) as string;
    return resolve(dirname(file), specifier.replace(/\.js$/, '.ts'));
  });
}

/** One cycle per back edge found by a depth-first search, each as the list of files around it. */
function findCycles(graph: ReadonlyMap<string, readonly string[]>): string[][] {
  const state = new Map<string, 'open' | 'done'>();
  const stack: string[] = [];
  const cycles: string[][] = [];
  function visit(node: string): void {
    state.set(node, 'open');
    stack.push(node);
    for (const next of graph.get(node) ?? []) {
      if (state.get(next) === 'open') cycles.push([...stack.slice(stack.indexOf(next)), next]);
      else if (state.get(next) === undefined) visit(next);
    }
    stack.pop();
    state.set(node, 'done');
  }
  for (const node of graph.keys()) if (state.get(node) === undefined) visit(node);
  return cycles;
}

describe('findCycles', () => {
  it('finds a two-file and a three-file cycle, and nothing in a diamond', () => {
    const graph = new Map([
      ['a', ['b']],
      ['b', ['a']],
      ['c', ['d']],
      ['d', ['e']],
      ['e', ['c']],
      ['w', ['x', 'y']],
      ['x', ['z']],
      ['y', ['z']],
      ['z', []],
    ]);

    expect(findCycles(graph)).toEqual([
      ['a', 'b', 'a'],
      ['c', 'd', 'e', 'c'],
    ]);
  });

  it('reads type-only imports, re-exports and dynamic imports as edges', () => {
    const text = [
      "import type { A } from './a.js';",
      "import {\n  b,\n  type B,\n} from '../b.js';",
      "export { c } from './c.js';",
      "const d = await import('./d.js');",
      "import { readFileSync } from 'node:fs';",
    ].join('\n');

    expect(relativeImports('/src/x/y.ts', text)).toEqual([
      '/src/x/a.ts',
      '/src/b.ts',
      '/src/x/c.ts',
      '/src/x/d.ts',
    ]);
  });
});

describe('src', () => {
  it('has no import cycles', () => {
    const files = sourceFiles(SRC);
    const graph = new Map(files.map((file) => [file, relativeImports(file, readFileSync(file, 'utf8'))]));
    const cycles = findCycles(graph).map((cycle) => cycle.map((file) => relative(SRC, file)).join(' -> '));

    expect(files.length).toBeGreaterThan(50);
    expect(cycles).toEqual([]);
  });

  it(`has no file over ${MAX_LINES} lines`, () => {
    const long = sourceFiles(SRC)
      .map((file) => ({ file: relative(SRC, file), lines: readFileSync(file, 'utf8').split('\n').length }))
      .filter(({ lines }) => lines > MAX_LINES);

    expect(long).toEqual([]);
  });
});
