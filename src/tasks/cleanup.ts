import { periodicTask } from './periodic.js';

/** `POST /cleanup`: hourly. */
const cleanupTask = periodicTask('cleanup', 'removing expired temporary data');

export { cleanupTask };
