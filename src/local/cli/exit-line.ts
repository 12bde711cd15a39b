import { relative } from 'node:path';
import type { StopSummary } from '../tier/tier-types.js';

const count = (n: number) => n.toLocaleString('en-US');

/**
 * The CLI's last line: what is left on the queues and whether it survives, e.g.
 * `Stopped: 0 in flight; 1,290 queued and 3 in the DLQ kept in .worker-tier/`.
 */
function exitLine(summary: StopSummary, endpoint: string, cwd = process.cwd()): string {
  const left = `${count(summary.queued)} queued and ${count(summary.deadLettered)} in the DLQ`;
  const where = summary.external
    ? `left on ${endpoint}`
    : summary.dataDir === undefined
      ? 'discarded (--in-memory)'
      : `kept in ${relative(cwd, summary.dataDir) || '.'}/`;
  return `Stopped: ${count(summary.inFlight)} in flight; ${left} ${where}`;
}

export { exitLine };
