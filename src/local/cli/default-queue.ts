import { queueNameFromArn } from '../../core/queue-arn.js';
import { resolveIntrinsics } from '../../service/intrinsics.js';
import type { LocalService } from '../../service/service-model.js';
import { LocalTierError } from '../local-tier-error.js';

/**
 * Name of the queue the service's first enabled sqs event reads: the work queue `npm run send` targets
 * by default. With `fifo`, the first FIFO one instead (`--group` without `--queue`), so
 * `npm run send -- … --group g1` reaches orders.fifo. Resolved against placeholder ARNs built from the
 * queue names, so no queue has to exist.
 */
function defaultQueueName(service: LocalService, options: { fifo?: boolean } = {}): string {
  const accountId = '000000000000';
  const arnOf = (name: string) => `arn:aws:sqs:${service.region}:${accountId}:${name}`;
  const context = {
    queues: new Map(
      service.queues.map((q) => [q.logicalId, { name: q.name, arn: arnOf(q.name), url: q.name }]),
    ),
    region: service.region,
    accountId,
    stackName: `${service.service}-${service.stage}`,
  };
  for (const fn of service.functions) {
    for (const event of fn.sqs) {
      if (!event.enabled) continue;
      const arn = String(resolveIntrinsics(event.arn, context, `functions.${fn.key} sqs arn`));
      const name = queueNameFromArn(arn);
      if (name && name.endsWith('.fifo') === Boolean(options.fifo)) return name;
    }
  }
  const kind = options.fifo ? 'sqs event on a FIFO queue' : 'sqs event on a standard queue';
  throw new LocalTierError(`service ${service.service} has no ${kind}; pass --queue <name|url>`);
}

export { defaultQueueName };
