import { periodicTask } from './periodic.js';

/** `POST /scheduled` in the EB app: every 5 minutes and daily at 02:00 UTC. */
const scheduledTask = periodicTask('scheduled', 'running the periodic job');

export { scheduledTask };
