// Local osls plugin: gives the Target of every AWS::Scheduler::Schedule the retry policy and dead-letter
// queue from `custom.scheduleTargets`. osls compiles `schedule` events with neither, and Scheduler then
// drops a tick it cannot deliver with no record anywhere. Doing it here (instead of one CloudFormation
// override per generated logical id) covers schedules added later too. CommonJS: osls require()s it.
'use strict';

class ScheduleTargets {
  constructor(serverless) {
    this.serverless = serverless;
    this.hooks = { 'after:package:compileEvents': () => this.apply() };
  }

  apply() {
    const settings = this.serverless.service.custom?.scheduleTargets;
    const resources = this.serverless.service.provider.compiledCloudFormationTemplate.Resources;
    const schedules = Object.entries(resources).filter(([, r]) => r.Type === 'AWS::Scheduler::Schedule');
    if (schedules.length === 0) return;
    if (!settings?.retryPolicy || !settings?.deadLetterArn) {
      throw new this.serverless.classes.Error(
        'custom.scheduleTargets needs retryPolicy and deadLetterArn: without them a tick Scheduler cannot deliver is lost',
      );
    }
    for (const [, schedule] of schedules) {
      schedule.Properties.Target.RetryPolicy = { ...settings.retryPolicy };
      schedule.Properties.Target.DeadLetterConfig = { Arn: settings.deadLetterArn };
    }
  }
}

module.exports = ScheduleTargets;
