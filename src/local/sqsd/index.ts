/**
 * sqsd mode of the local worker tier: Elastic Beanstalk's worker daemon for any HTTP app, on any SQS
 * endpoint (fauxqs locally). Behaviour and the conformance checklist: docs/sqsd-behaviour.md.
 */

export type { SqsdCronEntry } from './cron-yaml.js';
export { CronYamlError, parseCronYaml } from './cron-yaml.js';
export type { CronLease } from './lease.js';
export { createCronLease } from './lease.js';
export type { SqsdOptions } from './options.js';
export { SQSD_OPTION_DEFAULTS, SqsdOptionError } from './options.js';
export { SCHEDULED_JOB_BODY } from './periodic-enqueuer.js';
export type { SqsdStats } from './sqsd-daemon.js';
export type { RunningSqsd } from './start-sqsd.js';
export { startSqsd } from './start-sqsd.js';
