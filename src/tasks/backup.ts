import { periodicTask } from './periodic.js';

/** `POST /backup`: Sundays at 01:00 UTC. */
const backupTask = periodicTask('backup', 'running the weekly backup');

export { backupTask };
