import { registry } from '../tasks/index.js';
import { createRuntime } from './runtime.js';
import { createWorkerHandler } from './worker-handler.js';

/** SQS worker Lambda: module-scope wiring from the environment, then the shared middy chain. */
const { config, log, sqs, deadLetter } = createRuntime(process.env);

const handler = createWorkerHandler({
  ...config,
  registry,
  log,
  sqs,
  deadLetter,
  emitMetrics: (line) => console.log(line),
});

export { handler };
