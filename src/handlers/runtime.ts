import { createDeadLetterSender } from '../aws/dead-letter.js';
import { lazySqs } from '../aws/sqs-client.js';
import { readWorkerConfig, type WorkerConfig } from '../config.js';
import { createLogger, type Logger } from '../core/logger.js';
import type { DeadLetterPort } from '../core/process-delivery.js';

/** Module-scope wiring shared by the Lambda entry points: config from env, logger, lazy SQS, DLQ port. */
type Runtime = {
  config: WorkerConfig;
  log: Logger;
  sqs: ReturnType<typeof lazySqs>;
  deadLetter?: DeadLetterPort;
};

const createRuntime = (env: Readonly<Record<string, string | undefined>>): Runtime => {
  const config = readWorkerConfig(env);
  const sqs = lazySqs({ endpoint: config.sqsEndpoint });
  const log = createLogger({ sink: (line) => console.log(line), level: config.logLevel });
  const deadLetter = config.deadLetterQueueUrl
    ? createDeadLetterSender({ queueUrl: config.deadLetterQueueUrl, sqs })
    : undefined;
  return { config, log, sqs, deadLetter };
};

export type { Runtime };
export { createRuntime };
