import { describeOverrides, type EffectiveOption } from './collect-options.js';
import type { ReportEntry } from './import-report.js';

const WHY_SQSD: Readonly<Record<string, string>> = {
  WorkerQueueURL:
    "serverless.yml creates its own WorkQueue; to drain this queue instead, point the worker's sqs event at its ARN",
  HttpPath:
    'Lambda hands SQS records to the handler directly; only the HTTP adapter (npm run package:eb) has a path',
  MimeType:
    'Lambda passes the body as is: JSON bodies route by their type, others by a `type` message attribute',
};

const WHY_NAMESPACE: Readonly<Record<string, string>> = {
  'aws:autoscaling:trigger':
    'a scaling trigger: Lambda scales with the queue by itself, up to maximumConcurrency',
  'aws:autoscaling:asg': 'instance fleet setting: Lambda has no instances to keep warm or bound',
  'aws:elasticbeanstalk:application:environment':
    'environment variable (value not shown): add it to provider.environment if the tasks read it',
};

/** A report entry for an option that does not become a queue or function setting. */
function reportOtherOption(option: EffectiveOption): ReportEntry {
  const sqsdReason = option.namespace === 'aws:elasticbeanstalk:sqsd' ? WHY_SQSD[option.option] : undefined;
  const isEnvironment = option.namespace === 'aws:elasticbeanstalk:application:environment';
  const why =
    sqsdReason ?? WHY_NAMESPACE[option.namespace] ?? 'an EB environment setting with no Lambda counterpart';
  const overrides = describeOverrides(option);
  return {
    status: 'not carried over',
    setting: `${option.namespace} ${option.option}`,
    // Environment values can be secrets: the report names them but never shows them.
    value: isEnvironment ? '(hidden)' : displayValue(option.value),
    source: option.source,
    why: overrides === undefined ? why : `${why}; ${overrides}`,
  };
}

function displayValue(value: unknown): string {
  return typeof value === 'string' ? value : JSON.stringify(value ?? null);
}

export { reportOtherOption };
