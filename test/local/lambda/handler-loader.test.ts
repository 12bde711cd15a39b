import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import {
  captureEnvironment,
  importHandler,
  loadWithEnvironment,
  resolveHandlerPath,
} from '../../../src/local/lambda/handler-loader.js';

const root = mkdtempSync(join(tmpdir(), 'handlers-'));
// Reads its environment at import, like src/handlers/*.ts (createRuntime(process.env)).
writeFileSync(
  join(root, 'fn.mjs'),
  'const seen = { A: process.env.A, B: process.env.B };\nexport const handler = async () => seen;\n',
);

const restore = captureEnvironment();
afterEach(() => restore());

describe('handler loading under a function environment', () => {
  it('gives each function the environment it was imported with, without the previous one leaking', async () => {
    const baseline = { ...process.env };
    const first = await loadWithEnvironment({ A: 'first' }, baseline, () =>
      importHandler(root, 'fn.handler'),
    );
    const second = await loadWithEnvironment({ B: 'second' }, baseline, () =>
      importHandler(root, 'fn.handler'),
    );

    expect(await first(undefined as never, undefined as never)).toEqual({ A: 'first', B: undefined });
    expect(await second(undefined as never, undefined as never)).toEqual({ A: undefined, B: 'second' });
    expect(process.env.B).toBe('second');
    expect(process.env.A).toBeUndefined();
  });

  it('removes real-credential variables while the tier runs', async () => {
    process.env.AWS_SESSION_TOKEN = 'real-looking-token';
    await loadWithEnvironment({}, { ...process.env }, async () => undefined);
    expect(process.env.AWS_SESSION_TOKEN).toBeUndefined();
  });

  it('resolves a handler path to its module and export, and says what it tried', () => {
    expect(resolveHandlerPath(root, 'fn.handler')).toEqual({
      file: join(root, 'fn.mjs'),
      exportName: 'handler',
    });
    expect(() => resolveHandlerPath(root, 'missing.handler')).toThrow(
      `${join(root, 'missing')}{.ts,.mts,.js,.mjs,.cjs}`,
    );
    expect(() => resolveHandlerPath(root, 'handler')).toThrow('must look like path/to/module.exportName');
  });

  it('fails when the export is not a function', async () => {
    await expect(importHandler(root, 'fn.nothing')).rejects.toThrow('has no exported function "nothing"');
  });
});
