/**
 * Records when each message starts and ends, to check FIFO order afterwards: within a group, messages
 * must start in sequence order and never overlap (the next starts only after the previous ended).
 */

type TraceEvent = { phase: 'start' | 'end'; group: string; seq: number };

type Trace = { events: TraceEvent[]; inFlight: number; maxInFlight: number };

const newTrace = (): Trace => ({ events: [], inFlight: 0, maxInFlight: 0 });

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

type BenchPayload = { seq: number; group?: string };

/** The I/O-bound task: awaits `ms` (a stand-in for a downstream call), traced; fails on `failSeq`. */
const tracedSleep =
  (trace: Trace, ms: number, failSeq?: number) =>
  async (payload: unknown): Promise<void> => {
    const { seq, group } = payload as BenchPayload;
    const key = group ?? `#${seq}`;
    trace.events.push({ phase: 'start', group: key, seq });
    trace.inFlight++;
    trace.maxInFlight = Math.max(trace.maxInFlight, trace.inFlight);
    try {
      await sleep(ms);
      if (seq === failSeq) throw new Error(`bench: message ${seq} fails on purpose`);
    } finally {
      trace.inFlight--;
      trace.events.push({ phase: 'end', group: key, seq });
    }
  };

/**
 * Problems with the trace, given each group's expected sequence (in send order). `mustRun` lists the
 * seqs that must have run exactly once; the others (skipped after a failure) must not have started.
 */
const orderProblems = (
  trace: Trace,
  groups: ReadonlyMap<string, readonly number[]>,
  mustRun: ReadonlySet<number>,
): string[] => {
  const problems: string[] = [];
  for (const [group, expected] of groups) {
    const events = trace.events.filter((event) => event.group === group);
    const starts = events.filter((event) => event.phase === 'start').map((event) => event.seq);
    const wanted = expected.filter((seq) => mustRun.has(seq));
    if (starts.join(',') !== wanted.join(',')) {
      problems.push(`group ${group}: started [${starts}] but expected [${wanted}]`);
    }
    let open = 0;
    for (const event of events) {
      open += event.phase === 'start' ? 1 : -1;
      if (open > 1) problems.push(`group ${group}: two messages in flight at once (seq ${event.seq})`);
    }
  }
  return problems;
};

export type { Trace };
export { newTrace, orderProblems, sleep, tracedSleep };
