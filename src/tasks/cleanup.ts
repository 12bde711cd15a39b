import { periodicTask } from './periodic.js';

/** `POST /cleanup`: hourly. */
export const cleanupTask = periodicTask('cleanup', 'removing expired temporary data');
