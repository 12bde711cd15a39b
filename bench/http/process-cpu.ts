import { readdirSync, readFileSync } from 'node:fs';

/**
 * CPU time (user + system, seconds) of a process and every process under it, read from Linux's /proc:
 * gunicorn's workers are the master's children, and a server pinned through `taskset` is the same
 * process (taskset execs it). Undefined where /proc is not there. Used to show whether a server used its
 * whole core during a load run: a server near 100% is what limits the rate, not the load generator.
 */

const TICKS_PER_SECOND = 100;

/** Fields after the command name (which may hold spaces and parentheses): state is [0], ppid [1]. */
function statFields(pid: number): string[] | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  } catch {
    return undefined;
  }
}

function treeCpuSeconds(root: number): number | undefined {
  let pids: number[];
  try {
    pids = readdirSync('/proc')
      .filter((name) => /^\d+$/.test(name))
      .map(Number);
  } catch {
    return undefined;
  }
  const parent = new Map<number, number>();
  const ticks = new Map<number, number>();
  for (const pid of pids) {
    const fields = statFields(pid);
    if (fields === undefined) continue;
    parent.set(pid, Number(fields[1]));
    // utime and stime are fields 14 and 15 of the stat line, [11] and [12] after the command name.
    ticks.set(pid, Number(fields[11]) + Number(fields[12]));
  }
  if (!ticks.has(root)) return undefined;
  let total = 0;
  for (const [pid, used] of ticks) {
    for (let at: number | undefined = pid; at !== undefined && at > 1; at = parent.get(at)) {
      if (at === root) {
        total += used;
        break;
      }
    }
  }
  return total / TICKS_PER_SECOND;
}

export { treeCpuSeconds };
