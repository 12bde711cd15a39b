/** What one load run against one server measured, whichever generator drove it. */
type LoadResult = {
  requests: number;
  /** Non-200 replies, connection errors and timeouts. */
  errors: number;
  elapsedMs: number;
  p50Ms: number;
  p99Ms: number;
};

/** The sqsd-shaped request every generator sends: the EB smoke-test message with sqsd 3.x headers. */
const SQSD_BODY = '{"type":"test","data":"Hello Worker!"}';
const SQSD_HEADERS: Readonly<Record<string, string>> = {
  'User-Agent': 'aws-sqsd/3.0.4',
  'Content-Type': 'application/json',
  'X-Aws-Sqsd-Msgid': 'bench-0',
  'X-Aws-Sqsd-Queue': 'awseb-e-bench-stack-AWSEBWorkerQueue-BENCH',
  'X-Aws-Sqsd-Receive-Count': '1',
  'X-Aws-Sqsd-First-Received-At': '2026-11-27T12:00:01Z',
  'X-Aws-Sqsd-Sent-At': '2026-11-27T12:00:00Z',
  'X-Aws-Sqsd-Sender-Id': 'AROA2XEFXCLXVWYXRGF4D:i-07f157f85fb97a241',
};

export type { LoadResult };
export { SQSD_BODY, SQSD_HEADERS };
