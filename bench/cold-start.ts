import { spawnSync } from 'node:child_process';
import {
  cpSync,
  existsSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import yazl from 'yazl';
import { bundle } from './lib/build.js';
import { runNode } from './lib/child.js';
import { sqsEvent } from './lib/events.js';
import { cacheDir, ROOT } from './lib/paths.js';
import { median } from './lib/stats.js';

/**
 * Cold start: each handler is bundled exactly as serverless-esbuild bundles the worker, then a fresh
 * `node` imports it. Runs are interleaved (worker, empty, Powertools, then rotated) so drift on a shared
 * machine hits all three alike.
 */

type Probe = { bootMs: number; importMs: number; invokeMs?: number };
type VariantName = 'worker' | 'empty' | 'powertools';
type Timings = { wallMs: number[]; importMs: number[]; invokeMs: number[] };
type VariantReport = {
  name: VariantName;
  label: string;
  minifiedBytes: number;
  zippedBytes: number;
  importOnly: { wallMs: number; importMs: number };
  withInvoke: { wallMs: number; importMs: number; invokeMs: number };
  runs: number;
};
type ColdStartReport = {
  variants: VariantReport[];
  workerInputs: Array<{ path: string; bytes: number }>;
  sqsLazy: {
    staticSdkImports: number;
    dynamicSqsImports: number;
    sqsClientMentions: string[];
    sdkInputsBundled: number;
    loadedAtImportAndHappyInvoke: string[];
    loadedWhenDeadLettering: string[];
    deadLetterResponse: string;
  };
  serverlessPackage?: { ok: true; workerZipBytes: number; entries: string[] } | { ok: false; error: string };
};

const VARIANTS: Array<{ name: VariantName; label: string; entry: string }> = [
  {
    name: 'worker',
    label: 'ours: src/handlers/sqs-worker.ts',
    entry: join(ROOT, 'src/handlers/sqs-worker.ts'),
  },
  { name: 'empty', label: 'empty handler', entry: join(ROOT, 'bench/entries/empty-handler.ts') },
  {
    name: 'powertools',
    label: 'Powertools batch + logger + metrics',
    entry: join(ROOT, 'bench/entries/powertools-handler.ts'),
  },
];

const RUNNER = join(ROOT, 'bench/cold/runner.mjs');
const RECORD_LOADS = join(ROOT, 'bench/cold/record-loads.mjs');

/** Deflated zip size, as `serverless package` stores the bundle (one file, fixed mtime). */
const zippedSize = (name: string, data: Buffer): Promise<number> =>
  new Promise((resolve, reject) => {
    const zip = new yazl.ZipFile();
    zip.addBuffer(data, name, { mtime: new Date(1980, 0, 1), mode: 0o644 });
    zip.end();
    let size = 0;
    zip.outputStream
      .on('data', (chunk: Buffer) => {
        size += chunk.length;
      })
      .on('end', () => resolve(size))
      .on('error', reject);
  });

const lines = (file: string): string[] =>
  existsSync(file) ? readFileSync(file, 'utf8').split('\n').filter(Boolean) : [];

/** Proves the SQS SDK stays out of init: statically (bundle text, metafile) and at run time (a resolve hook). */
const checkLazySqs = (
  workerFile: string,
  inputs: string[],
  dir: string,
  events: { happy: string; bad: string },
) => {
  const code = readFileSync(workerFile, 'utf8');
  const happyLog = join(dir, 'loads-happy.log');
  const dlqLog = join(dir, 'loads-dlq.log');
  rmSync(happyLog, { force: true });
  rmSync(dlqLog, { force: true });
  runNode(['--import', RECORD_LOADS, RUNNER, workerFile, events.happy], {
    env: { BENCH_LOAD_LOG: happyLog, HOME: dir },
  });
  // Positive control: a permanent failure with a DLQ configured must load the SDK. The endpoint is a
  // closed local port, so the send fails at once and the message is reported failed (left for redrive).
  const dlq = runNode(['--import', RECORD_LOADS, RUNNER, workerFile, events.bad], {
    env: {
      BENCH_LOAD_LOG: dlqLog,
      HOME: dir,
      DEAD_LETTER_QUEUE_URL: 'http://127.0.0.1:9/123456789012/bench-dlq',
      AWS_ENDPOINT_URL_SQS: 'http://127.0.0.1:9',
      AWS_ACCESS_KEY_ID: 'bench-not-a-key',
      AWS_SECRET_ACCESS_KEY: 'bench-not-a-secret',
      AWS_MAX_ATTEMPTS: '1',
      AWS_CONFIG_FILE: '/nonexistent/aws-config',
      AWS_SHARED_CREDENTIALS_FILE: '/nonexistent/aws-credentials',
      AWS_EC2_METADATA_DISABLED: 'true',
    },
  });
  const sdk = (log: string) => lines(log).filter((line) => line.includes('@aws-sdk'));
  return {
    staticSdkImports: (code.match(/(?:from|import)\s*["']@aws-sdk\//g) ?? []).length,
    dynamicSqsImports: (code.match(/import\(\s*["']@aws-sdk\/client-sqs["']\s*\)/g) ?? []).length,
    sqsClientMentions: code.match(/.{0,24}SQSClient.{0,24}/g) ?? [],
    sdkInputsBundled: inputs.filter((input) => input.includes('@aws-sdk')).length,
    loadedAtImportAndHappyInvoke: sdk(happyLog),
    loadedWhenDeadLettering: sdk(dlqLog).map((line) => line.split('\t')[0] ?? line),
    deadLetterResponse: dlq.stdout.match(/^RESPONSE (.*)$/m)?.[1] ?? '(none)',
  };
};

/** Left out of the scratch copy: version control, installed and generated files, local tier state. */
const SCRATCH_EXCLUDED = new Set([
  '.git',
  'node_modules',
  '.serverless',
  '.esbuild',
  '.esbuild-local',
  'dist',
  'coverage',
  'reports',
  '.fauxqs',
  '.worker-tier',
]);

/** The real `serverless package`, in a scratch copy of the service so the repository's .serverless is untouched. */
const serverlessPackage = (): ColdStartReport['serverlessPackage'] => {
  if (!existsSync(join(ROOT, 'serverless.yml')) || process.env.BENCH_SLS === '0') return undefined;
  const dir = mkdtempSync(join(tmpdir(), 'worker-bench-sls-'));
  try {
    // Everything the service may load (serverless.yml names local plugins under plugins/ and esbuild
    // plugins under scripts/, and those require further files): the whole tree but what is generated or
    // large, so a file serverless.yml starts to load later cannot break this step again.
    for (const item of readdirSync(ROOT)) {
      if (SCRATCH_EXCLUDED.has(item) || item.startsWith('.stryker-tmp')) continue;
      cpSync(join(ROOT, item), join(dir, item), { recursive: true });
    }
    symlinkSync(join(ROOT, 'node_modules'), join(dir, 'node_modules'));
    const env: NodeJS.ProcessEnv = {};
    for (const [key, value] of Object.entries(process.env)) if (!key.startsWith('AWS_')) env[key] = value;
    const result = spawnSync('npx', ['--no-install', 'serverless', 'package', '--stage', 'dev'], {
      cwd: dir,
      env: {
        ...env,
        AWS_CONFIG_FILE: '/nonexistent/aws-config',
        AWS_SHARED_CREDENTIALS_FILE: '/nonexistent/aws-credentials',
        AWS_EC2_METADATA_DISABLED: 'true',
      },
      encoding: 'utf8',
      timeout: 180_000,
    });
    const zip = join(dir, '.serverless', 'worker.zip');
    if (result.status !== 0 || !existsSync(zip)) {
      return { ok: false, error: `${result.stdout}\n${result.stderr}`.trim().slice(-800) };
    }
    const listing = spawnSync('unzip', ['-Z1', zip], { encoding: 'utf8' });
    return {
      ok: true,
      workerZipBytes: statSync(zip).size,
      entries: listing.status === 0 ? listing.stdout.split('\n').filter(Boolean) : ['(unzip unavailable)'],
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
};

const runColdStart = async (options: { runs: number }): Promise<ColdStartReport> => {
  const dir = cacheDir('cold');
  const built = new Map<VariantName, { file: string; inputs: string[] }>();
  const workerInputs: Array<{ path: string; bytes: number }> = [];
  for (const variant of VARIANTS) {
    const file = join(dir, `${variant.name}.mjs`);
    const metafile = await bundle(variant.entry, file);
    const output = Object.values(metafile.outputs)[0];
    const inputs = Object.keys(output?.inputs ?? {});
    built.set(variant.name, { file, inputs });
    if (variant.name === 'worker') {
      for (const [path, { bytesInOutput }] of Object.entries(output?.inputs ?? {})) {
        workerInputs.push({ path, bytes: bytesInOutput });
      }
    }
  }
  const happy = join(dir, 'event-test.json');
  const bad = join(dir, 'event-malformed.json');
  writeFileSync(
    happy,
    JSON.stringify(
      sqsEvent(Array.from({ length: 10 }, () => ({ body: '{"type":"test","data":"Hello Worker!"}' }))),
    ),
  );
  writeFileSync(bad, JSON.stringify(sqsEvent([{ body: 'this is not json' }])));

  const timings = new Map<VariantName, { importOnly: Timings; withInvoke: Timings }>(
    VARIANTS.map((variant) => [
      variant.name,
      {
        importOnly: { wallMs: [], importMs: [], invokeMs: [] },
        withInvoke: { wallMs: [], importMs: [], invokeMs: [] },
      },
    ]),
  );
  for (let run = 0; run < options.runs; run++) {
    const order = VARIANTS.map((_, index) => VARIANTS[(index + run) % VARIANTS.length]);
    const modes =
      run % 2 === 0 ? (['importOnly', 'withInvoke'] as const) : (['withInvoke', 'importOnly'] as const);
    for (const mode of modes) {
      for (const variant of order) {
        if (!variant) continue;
        const file = built.get(variant.name)?.file ?? '';
        const args = mode === 'importOnly' ? [RUNNER, file] : [RUNNER, file, happy];
        const { result, wallMs, stdout } = runNode<Probe>(args, { env: { LOG_LEVEL: 'info' } });
        if (mode === 'withInvoke' && !stdout.includes('RESPONSE {"batchItemFailures":[]}')) {
          throw new Error(`${variant.name}: first invocation reported failures: ${stdout.slice(-400)}`);
        }
        const bucket = timings.get(variant.name)?.[mode];
        bucket?.wallMs.push(wallMs);
        bucket?.importMs.push(result.importMs);
        if (result.invokeMs !== undefined) bucket?.invokeMs.push(result.invokeMs);
      }
    }
  }

  const variants: VariantReport[] = [];
  for (const variant of VARIANTS) {
    const file = built.get(variant.name)?.file ?? '';
    const data = readFileSync(file);
    const measured = timings.get(variant.name);
    variants.push({
      name: variant.name,
      label: variant.label,
      minifiedBytes: data.length,
      zippedBytes: await zippedSize(`handler.mjs`, data),
      importOnly: {
        wallMs: median(measured?.importOnly.wallMs ?? []),
        importMs: median(measured?.importOnly.importMs ?? []),
      },
      withInvoke: {
        wallMs: median(measured?.withInvoke.wallMs ?? []),
        importMs: median(measured?.withInvoke.importMs ?? []),
        invokeMs: median(measured?.withInvoke.invokeMs ?? []),
      },
      runs: options.runs,
    });
  }
  const worker = built.get('worker');
  return {
    variants,
    workerInputs: workerInputs.sort((a, b) => b.bytes - a.bytes),
    sqsLazy: checkLazySqs(worker?.file ?? '', worker?.inputs ?? [], dir, { happy, bad }),
    serverlessPackage: serverlessPackage(),
  };
};

export type { ColdStartReport, VariantReport };
export { runColdStart };
