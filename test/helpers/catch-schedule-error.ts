import { ScheduleExpressionError } from '../../src/schedule/index.js';

/** Runs `run` and returns the ScheduleExpressionError it throws, so a test can check message and field together. */
function catchScheduleError(run: () => unknown): ScheduleExpressionError {
  try {
    run();
  } catch (error) {
    if (error instanceof ScheduleExpressionError) return error;
    throw error;
  }
  throw new Error('expected a ScheduleExpressionError, nothing was thrown');
}

export { catchScheduleError };
