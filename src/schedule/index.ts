// Pure schedule-expression conversion between EB cron.yaml crontab and EventBridge: no AWS SDK, no env.
export { crontabToEventBridge } from './crontab-to-eventbridge.js';
export { eventBridgeToCrontab } from './eventbridge-to-crontab.js';
export { rateToCrontab } from './rate-to-crontab.js';
export { ScheduleExpressionError } from './schedule-error.js';
