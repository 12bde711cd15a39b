import { spawnSync } from 'node:child_process';
import { availableParallelism } from 'node:os';

/**
 * On a small machine the load generator and the server fight for the same cores, and the scheduler
 * moving them around made the adapter's rate swing by half from round to round. With `taskset` (Linux,
 * util-linux) the benchmark pins itself and its load generators (wrk is its child) to CPU 0 and every
 * server to the last CPU: each server gets one whole core to itself, the same core for every target,
 * and the generator never waits behind the server it loads. BENCH_PIN=0 turns it off.
 */
type CpuPinning =
  | { pinned: true; generatorCpu: number; serverCpu: number }
  | { pinned: false; reason: string };

function tasksetWorks(): boolean {
  return spawnSync('taskset', ['-c', '0', 'true'], { stdio: 'ignore' }).status === 0;
}

function planPinning(): CpuPinning {
  if (process.env.BENCH_PIN === '0') return { pinned: false, reason: 'BENCH_PIN=0' };
  const cpus = availableParallelism();
  if (cpus < 2) return { pinned: false, reason: `only ${cpus} CPU` };
  if (process.platform !== 'linux' || !tasksetWorks()) return { pinned: false, reason: 'no taskset' };
  return { pinned: true, generatorCpu: 0, serverCpu: cpus - 1 };
}

/** Pins this process (every thread, and the children it starts from now on) to the generator's CPU. */
function pinSelf(pinning: CpuPinning): void {
  if (!pinning.pinned) return;
  const result = spawnSync('taskset', ['-a', '-p', '-c', String(pinning.generatorCpu), String(process.pid)], {
    stdio: 'ignore',
  });
  if (result.status !== 0)
    throw new Error(`taskset could not pin the benchmark to CPU ${pinning.generatorCpu}`);
}

/** The command line that starts a server on the server's CPU. */
function onServerCpu(pinning: CpuPinning, command: string, args: readonly string[]): [string, string[]] {
  return pinning.pinned
    ? ['taskset', ['-c', String(pinning.serverCpu), command, ...args]]
    : [command, [...args]];
}

function describePinning(pinning: CpuPinning): string {
  return pinning.pinned
    ? `servers pinned to CPU ${pinning.serverCpu}, load generators to CPU ${pinning.generatorCpu} (taskset)`
    : `not pinned (${pinning.reason})`;
}

export type { CpuPinning };
export { describePinning, onServerCpu, pinSelf, planPinning };
