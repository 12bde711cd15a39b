import { periodicTask } from './periodic.js';

/** `POST /reports`: daily at 06:00 UTC. */
const reportsTask = periodicTask('reports', 'generating the daily reports');

export { reportsTask };
