import { createRegistry } from '../core/registry.js';
import { backupTask } from './backup.js';
import { cleanupTask } from './cleanup.js';
import { orderProcessingTask } from './order-processing.js';
import { reportsTask } from './reports.js';
import { retryDemoTask } from './retry-demo.js';
import { s3TestEventTask } from './s3-test-event.js';
import { scheduledTask } from './scheduled.js';
import { testTask } from './test.js';
import { userSignupTask } from './user-signup.js';

/** Every task this worker runs, keyed by the route that selects it. Add a task: one file, one line here. */
const tasks = {
  test: testTask,
  user_signup: userSignupTask,
  order_processing: orderProcessingTask,
  scheduled: scheduledTask,
  cleanup: cleanupTask,
  reports: reportsTask,
  backup: backupTask,
  's3:TestEvent': s3TestEventTask,
  retry_demo: retryDemoTask,
};

const registry = createRegistry(tasks);

export { registry, tasks };
