import { createDeadLetterSender } from '../aws/dead-letter.js';
import { lazySqs } from '../aws/sqs-client.js';
import { readWorkerConfig, type WorkerConfig } from '../config.js';
import { createLogger, type Logger } from '../core/logger.js';
import type { DeadLetterPort } from '../core/process-delivery.js';
import type { Registry } from '../core/registry.js';
import { registry as appRegistry } from '../tasks/index.js';

type RuntimeOptions = {
  /** Where log lines and EMF metric documents go, one JSON line each. @defaultValue console.log (stdout, which Lambda ships to CloudWatch) */
  sink?: (line: string) => void;
  /** The tasks to run. @defaultValue the app's registry (src/tasks/index.ts) */
  registry?: Registry;
};

import { sqsTimeouts } from './deadline.js';

/** Module-scope wiring shared by the Lambda entry points: config from env, logger, lazy SQS, DLQ port. */
type Runtime = {
  config: WorkerConfig;
  registry: Registry;
  log: Logger;
  emitMetrics: (line: string) => void;
  sqs: ReturnType<typeof lazySqs>;
  deadLetter?: DeadLetterPort;
};

/**
 * The one place the entry points (and the e2e tests and benchmarks, which pass their own sink and
 * registry) turn an environment into the worker's ports, so a test never wires a worker differently
 * from the deployed one.
 */
function createRuntime(
  env: Readonly<Record<string, string | undefined>>,
  options: RuntimeOptions = {},
): Runtime {
  const config = readWorkerConfig(env);
  const sink = options.sink ?? ((line: string) => console.log(line));
  const sqs = lazySqs({ endpoint: config.sqsEndpoint, ...sqsTimeouts(config.stopMarginMs) });
  const log = createLogger({ sink, level: config.logLevel });
  const deadLetter = config.deadLetterQueueUrl
    ? createDeadLetterSender({ queueUrl: config.deadLetterQueueUrl, sqs })
    : undefined;
  return { config, registry: options.registry ?? appRegistry, log, emitMetrics: sink, sqs, deadLetter };
}

export type { Runtime, RuntimeOptions };
export { createRuntime };
