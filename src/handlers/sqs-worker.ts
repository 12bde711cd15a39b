import { createRuntime } from './runtime.js';
import { createWorkerHandler } from './worker-handler.js';

/** SQS worker Lambda: module-scope wiring from the environment, then the shared middy chain. */
const { config, ...ports } = createRuntime(process.env);

const handler = createWorkerHandler({ ...config, ...ports });

export { handler };
