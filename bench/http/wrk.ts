import { execFile, spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { type LoadResult, SQSD_BODY, SQSD_HEADERS } from './load-result.js';

/**
 * `wrk` (a C load generator; Debian: `apt-get install wrk`) drives a loopback server much harder than a
 * Node generator can on the same cores, so the bare server is not held back by the generator. One thread,
 * as many connections as sqsd's HttpConnections, each request the sqsd-shaped POST.
 */

/** wrk's version line, or undefined when wrk is not on PATH. */
function wrkVersion(): string | undefined {
  const probe = spawnSync('wrk', ['--version'], { encoding: 'utf8' });
  if (probe.error !== undefined) return undefined;
  const line = `${probe.stdout}${probe.stderr}`.split('\n').find((text) => text.startsWith('wrk'));
  return line?.replace(/ Copyright.*/, '').trim() ?? 'wrk';
}

/** Writes the Lua script that makes every wrk request the sqsd POST; returns its path. */
function writeWrkScript(file: string): string {
  const headers = Object.entries(SQSD_HEADERS)
    .map(([name, value]) => `wrk.headers[${JSON.stringify(name)}] = ${JSON.stringify(value)}`)
    .join('\n');
  writeFileSync(file, `wrk.method = "POST"\nwrk.body = ${JSON.stringify(SQSD_BODY)}\n${headers}\n`);
  return file;
}

const UNIT_MS: Record<string, number> = { us: 0.001, ms: 1, s: 1000, m: 60_000 };

/** `1.23ms` → 1.23 */
function toMs(text: string | undefined): number {
  const match = /^([\d.]+)(us|ms|s|m)$/.exec(text ?? '');
  return match ? Number(match[1]) * (UNIT_MS[match[2] as string] ?? Number.NaN) : Number.NaN;
}

/** Reads requests, elapsed time, errors and latency percentiles from wrk's `--latency` report. */
function parseWrk(output: string): LoadResult {
  const total = /(\d+) requests in ([\d.]+)(us|ms|s|m)/.exec(output);
  const non2xx = Number(/Non-2xx or 3xx responses: (\d+)/.exec(output)?.[1] ?? 0);
  const socket = /Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)/.exec(output);
  // A read error is how wrk counts a server closing a connection after its reply (gunicorn's sync
  // workers do that for every request); it is not a failed request.
  const socketErrors = socket ? Number(socket[1]) + Number(socket[3]) + Number(socket[4]) : 0;
  const percentile = (p: string) => toMs(new RegExp(`^\\s+${p}%\\s+(\\S+)`, 'm').exec(output)?.[1]);
  if (!total) throw new Error(`could not read wrk's report:\n${output}`);
  return {
    requests: Number(total[1]),
    errors: non2xx + socketErrors,
    elapsedMs: toMs(`${total[2]}${total[3]}`),
    p50Ms: percentile('50'),
    p99Ms: percentile('99'),
  };
}

function loadWithWrk(
  port: number,
  options: { durationMs: number; connections: number; script: string },
): Promise<LoadResult> {
  const seconds = Math.max(1, Math.round(options.durationMs / 1000));
  const args = ['-t1', `-c${options.connections}`, `-d${seconds}s`, '--latency', '-s', options.script];
  return new Promise((resolve, reject) => {
    execFile('wrk', [...args, `http://127.0.0.1:${port}/`], (error, stdout) => {
      if (error) reject(new Error(`wrk failed: ${error.message}`));
      else {
        try {
          resolve(parseWrk(stdout));
        } catch (parseError) {
          reject(parseError);
        }
      }
    });
  });
}

export { loadWithWrk, parseWrk, writeWrkScript, wrkVersion };
