import { SQSD_OPTION_TABLE, type SqsdNumericOption } from '../sqsd-option-table.js';
import { collectOptions, describeOverrides, integerOption } from './collect-options.js';
import { ImportEbError } from './import-eb-error.js';
import type { ReportEntry } from './import-report.js';
import type { OptionSetting } from './read-config-file.js';
import { reportOtherOption } from './report-other-option.js';
import { isNumericSqsdOption, isSqsdOption, SQSD_NAMESPACE } from './sqsd-option-names.js';

import { workerTimeouts } from './worker-timeouts.js';

/** The queue and function settings serverless.yml gets from the EB worker options. */
type WorkerSettings = {
  readonly queue: {
    readonly visibilityTimeout: number;
    readonly messageRetentionPeriod: number;
    readonly maxReceiveCount: number;
  };
  readonly worker: {
    /** Seconds, the worker function's `timeout`. */
    readonly timeout: number;
    readonly maximumConcurrency: number;
    readonly errorVisibilityTimeout: number;
  };
  /** Seconds, the scheduled function's `timeout`. */
  readonly scheduledTimeout: number;
};

const ASG = 'aws:autoscaling:asg';
// Lambda's ScalingConfig.MaximumConcurrency range.
const LAMBDA_CONCURRENCY = { min: 2, max: 1000 };

/**
 * Maps the sqsd and Auto Scaling options onto serverless.yml settings. `settings` are in the order EB applies
 * them; `maximumBatchingWindow` is the worker sqs event's, which the worker timeout must leave room for.
 */
function mapWorkerSettings(
  settings: readonly OptionSetting[],
  maximumBatchingWindow: number,
): { settings: WorkerSettings; report: ReportEntry[] } {
  const options = collectOptions(settings);
  const report: ReportEntry[] = [];
  for (const option of options.values()) {
    if (option.namespace === SQSD_NAMESPACE) {
      if (!isSqsdOption(option.option)) {
        throw new ImportEbError(
          option.source,
          `${SQSD_NAMESPACE} has no option "${option.option}" (EB rejects it)`,
        );
      }
      // Numeric options are reported below, with what they became.
      if (isNumericSqsdOption(option.option)) continue;
    }
    if (option.namespace === ASG && option.option === 'MaxSize') continue;
    report.push(reportOtherOption(option));
  }
  const read = (name: SqsdNumericOption) => {
    const option = options.get(`${SQSD_NAMESPACE} ${name}`);
    const spec = SQSD_OPTION_TABLE[name];
    const value = option === undefined ? spec.default : integerOption(option, spec.min, spec.max);
    const entry = (status: ReportEntry['status'], target: string | undefined, why?: string): ReportEntry => ({
      status,
      setting: `${SQSD_NAMESPACE} ${name}`,
      value: String(value),
      source: option?.source,
      target,
      why: joinReasons(why, option === undefined ? undefined : describeOverrides(option)),
    });
    return { value, option, entry };
  };
  const visibility = read('VisibilityTimeout');
  const retention = read('RetentionPeriod');
  const retries = read('MaxRetries');
  const errorVisibility = read('ErrorVisibilityTimeout');
  const connections = read('HttpConnections');
  const inactivity = read('InactivityTimeout');
  const connect = read('ConnectTimeout');
  const maxSize = options.get(`${ASG} MaxSize`);
  const existingQueue = options.has(`${SQSD_NAMESPACE} WorkerQueueURL`);
  const instances = maxSize === undefined ? undefined : integerOption(maxSize, 1, 10_000);

  report.push(
    visibility.entry('mapped', `WorkQueue VisibilityTimeout: ${visibility.value}`),
    retention.entry('mapped', `WorkQueue MessageRetentionPeriod: ${retention.value}`),
    retries.entry(
      existingQueue ? 'approximated' : 'mapped',
      `WorkQueue RedrivePolicy.maxReceiveCount: ${retries.value}`,
      joinReasons(
        existingQueue
          ? "EB ignores MaxRetries for an existing WorkerQueueURL: that queue's own redrive policy decided; check it and use its maxReceiveCount"
          : undefined,
        retries.value < 5
          ? 'below 5: a throttled Lambda poller can use up receives, AWS recommends at least 5'
          : undefined,
      ),
    ),
    errorVisibility.entry('mapped', `worker ERROR_VISIBILITY_TIMEOUT: '${errorVisibility.value}'`),
  );
  if (connect.option !== undefined) {
    report.push(
      connect.entry(
        'not carried over',
        undefined,
        'Lambda invokes the handler directly; there is no connection to time out',
      ),
    );
  }

  const raw = connections.value * (instances ?? 1);
  const maximumConcurrency = Math.min(Math.max(raw, LAMBDA_CONCURRENCY.min), LAMBDA_CONCURRENCY.max);
  const fleet =
    instances === undefined
      ? 'MaxSize is not set in .ebextensions, so one instance is assumed (raise it if the environment scaled out)'
      : `HttpConnections ${connections.value} × MaxSize ${instances} instances = ${raw}`;
  const clamp =
    raw === maximumConcurrency
      ? ''
      : `, clamped to Lambda's ${LAMBDA_CONCURRENCY.min}-${LAMBDA_CONCURRENCY.max}`;
  report.push(
    connections.entry(
      'approximated',
      `worker sqs maximumConcurrency: ${maximumConcurrency}`,
      `sqsd capped concurrent POSTs per instance, Lambda caps concurrent invocations per queue; ${fleet}${clamp}. ` +
        'Each invocation runs a batch (batchSize) of messages at once, so lower batchSize if the downstream cannot take more',
    ),
  );
  if (maxSize !== undefined && instances !== undefined) {
    report.push({
      status: 'approximated',
      setting: `${ASG} MaxSize`,
      value: String(instances),
      source: maxSize.source,
      target: `worker sqs maximumConcurrency: ${maximumConcurrency}`,
      why: joinReasons(
        'folded into maximumConcurrency (HttpConnections × MaxSize)',
        describeOverrides(maxSize),
      ),
    });
  }

  const timeouts = workerTimeouts(
    inactivity.value,
    visibility.value,
    maximumBatchingWindow,
    visibility.option?.source,
  );
  report.push(
    inactivity.entry(
      'approximated',
      `worker timeout: ${timeouts.worker}, scheduled timeout: ${timeouts.scheduled}`,
      timeouts.why,
    ),
  );

  return {
    settings: {
      queue: {
        visibilityTimeout: visibility.value,
        messageRetentionPeriod: retention.value,
        maxReceiveCount: retries.value,
      },
      worker: { timeout: timeouts.worker, maximumConcurrency, errorVisibilityTimeout: errorVisibility.value },
      scheduledTimeout: timeouts.scheduled,
    },
    report,
  };
}

/** Reasons joined with "; ", or undefined when there are none. */
function joinReasons(...reasons: (string | undefined)[]): string | undefined {
  const present = reasons.filter((reason) => reason !== undefined && reason !== '');
  return present.length === 0 ? undefined : present.join('; ');
}

export type { WorkerSettings };
export { mapWorkerSettings };
