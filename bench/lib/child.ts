import { spawnSync } from 'node:child_process';

/**
 * Bench programs print one `RESULT <json>` line; everything else on stdout (a handler's own logs) is
 * ignored. Each runs in a fresh process so one bench's heap and JIT state cannot leak into another's.
 */
const RESULT_PREFIX = 'RESULT ';

const emitResult = (value: unknown): void => {
  process.stdout.write(`\n${RESULT_PREFIX}${JSON.stringify(value)}\n`);
};

const parseResult = <T>(stdout: string): T | undefined => {
  const line = stdout
    .split('\n')
    .reverse()
    .find((candidate) => candidate.startsWith(RESULT_PREFIX));
  return line === undefined ? undefined : (JSON.parse(line.slice(RESULT_PREFIX.length)) as T);
};

/** A minimal, fixed environment: the orchestrator's env (npm, tsx) must not leak into the measurements. */
const cleanEnv = (extra: Record<string, string> = {}): NodeJS.ProcessEnv => ({
  PATH: process.env.PATH ?? '/usr/bin:/bin',
  HOME: process.env.HOME ?? '/tmp',
  AWS_REGION: 'us-east-1',
  ...extra,
});

const runNode = <T>(
  args: readonly string[],
  options: { env?: Record<string, string>; timeoutMs?: number } = {},
): { result: T; wallMs: number; stdout: string } => {
  const started = process.hrtime.bigint();
  const child = spawnSync(process.execPath, args, {
    env: cleanEnv(options.env),
    encoding: 'utf8',
    maxBuffer: 256 * 1024 * 1024,
    timeout: options.timeoutMs ?? 600_000,
  });
  const wallMs = Number(process.hrtime.bigint() - started) / 1e6;
  if (child.status !== 0) {
    throw new Error(`node ${args.join(' ')} exited ${child.status ?? child.signal}: ${child.stderr}`);
  }
  const result = parseResult<T>(child.stdout);
  if (result === undefined) throw new Error(`node ${args.join(' ')} printed no result: ${child.stderr}`);
  return { result, wallMs, stdout: child.stdout };
};

export { cleanEnv, emitResult, parseResult, RESULT_PREFIX, runNode };
