import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Logger } from '../core/logger.js';
import type { DeadLetterPort, UnknownTaskPolicy } from '../core/process-delivery.js';
import type { QueueSender, Registry } from '../core/registry.js';

type HttpAppDeps = {
  registry: Registry;
  log: Logger;
  /** Writes one EMF document (a JSON line), as the Lambda worker does. */
  emitMetrics: (line: string) => void;
  /**
   * Sum the EMF counts of this long and write one document per task when it ends (and at stop), instead
   * of one per request. `0` writes one per request. @defaultValue 0
   */
  metricsIntervalMs?: number;
  /** Metrics `Service` dimension. */
  service: string;
  /** Permanent failures are copied here and answered 200. Unset: answered 4xx, left for redrive. */
  deadLetter?: DeadLetterPort;
  /** UNKNOWN_TASK_POLICY=delete answers 200 for an unknown task, as the EB app did. @defaultValue 'dead-letter' */
  unknownTaskPolicy?: UnknownTaskPolicy;
  send?: QueueSender;
  /** sqsd's HttpPath: where queue messages are POSTed. @defaultValue '/' */
  httpPath: string;
  /** The cron.yaml urls of the service's schedules; POSTs to any other path but `httpPath` get 404. */
  periodicPaths: readonly string[];
  /**
   * Answer 500 (retry), close the connection (dropping any body still arriving) and abort the task after
   * this long; keep it below sqsd's InactivityTimeout.
   */
  requestTimeoutMs: number;
  /** Larger bodies are answered 413. */
  bodyLimitBytes: number;
  now?: () => Date;
  newId?: () => string;
};

type HttpApp = {
  /** The `node:http` request listener. */
  handle: (request: IncomingMessage, response: ServerResponse) => void;
  /** From now on new POSTs get 503 (sqsd retries them elsewhere) and every reply closes its connection. */
  startDraining: () => void;
  /** Writes the metrics still being summed; later verdicts get one document each. Call once drained. */
  stop: () => void;
};

export type { HttpApp, HttpAppDeps };
