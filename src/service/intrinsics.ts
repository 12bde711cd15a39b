/**
 * Resolves the CloudFormation intrinsics that `serverless print` leaves in place, against the queues the
 * local tier created. Only the service's OWN queues and the pseudo parameters are known locally; anything
 * else (other resource types, imports, SSM) fails with the path of the value, instead of running the
 * handler with a broken setting.
 */
import { ServiceModelError } from './service-model-error.js';

/** A created queue as intrinsics see it. */
type ResolvableQueue = { url: string; arn: string; name: string };

type IntrinsicContext = {
  /** Created queues by CloudFormation logical id. */
  queues: ReadonlyMap<string, ResolvableQueue>;
  region: string;
  accountId: string;
  /** `<service>-<stage>`, as the framework names the stack. */
  stackName: string;
};

/** A value cannot be resolved locally; the message names its path in the printed service. */
class UnresolvableIntrinsicError extends ServiceModelError {
  override readonly name = 'UnresolvableIntrinsicError';
}

/** Marks `Ref: AWS::NoValue`: the property is dropped, as CloudFormation does. */
const NO_VALUE: unique symbol = Symbol('AWS::NoValue');

function pseudo(name: string, context: IntrinsicContext): string | typeof NO_VALUE | undefined {
  switch (name) {
    case 'AWS::Region':
      return context.region;
    case 'AWS::AccountId':
      return context.accountId;
    case 'AWS::StackName':
      return context.stackName;
    case 'AWS::Partition':
      return 'aws';
    case 'AWS::URLSuffix':
      return 'amazonaws.com';
    case 'AWS::NoValue':
      return NO_VALUE;
    default:
      return undefined;
  }
}

function ref(name: string, context: IntrinsicContext, where: string): string | typeof NO_VALUE {
  const value = pseudo(name, context) ?? context.queues.get(name)?.url;
  if (value === undefined) {
    throw new UnresolvableIntrinsicError(
      `${where}: Ref ${name} is not one of the service's AWS::SQS::Queue resources or a pseudo parameter, so it cannot be resolved locally`,
    );
  }
  return value;
}

function getAtt(target: unknown, context: IntrinsicContext, where: string): string {
  const [logicalId, attribute] = Array.isArray(target)
    ? [String(target[0]), String(target[1])]
    : String(target).split('.', 2);
  const queue = context.queues.get(logicalId ?? '');
  const value =
    queue === undefined
      ? undefined
      : attribute === 'Arn'
        ? queue.arn
        : attribute === 'QueueName'
          ? queue.name
          : attribute === 'QueueUrl'
            ? queue.url
            : undefined;
  if (value === undefined) {
    throw new UnresolvableIntrinsicError(
      `${where}: Fn::GetAtt ${logicalId}.${attribute} cannot be resolved locally (only Arn, QueueName and QueueUrl of the service's own queues)`,
    );
  }
  return value;
}

function sub(raw: unknown, context: IntrinsicContext, where: string): string {
  const [template, variables] = Array.isArray(raw) ? [raw[0], raw[1] ?? {}] : [raw, {}];
  if (typeof template !== 'string') throw new UnresolvableIntrinsicError(`${where}: Fn::Sub needs a string`);
  const vars = resolveIntrinsics(variables, context, `${where}.Fn::Sub`) as Record<string, unknown>;
  return template.replace(/\$\{([^}!][^}]*)\}/g, (_, name: string) => {
    if (Object.hasOwn(vars, name)) return String(vars[name]);
    if (name.includes('.')) return getAtt(name, context, where);
    const value = ref(name, context, where);
    return value === NO_VALUE ? '' : value;
  });
}

/**
 * A copy of `value` with `Ref`, `Fn::GetAtt`, `Fn::Join`, `Fn::Sub` and `Fn::Select` resolved.
 * @param where - path used in errors, e.g. `functions.worker.environment.DEAD_LETTER_QUEUE_URL`.
 */
function resolveIntrinsics(value: unknown, context: IntrinsicContext, where: string): unknown {
  if (Array.isArray(value)) {
    return value
      .map((item, index) => resolveIntrinsics(item, context, `${where}[${index}]`))
      .filter((item) => item !== NO_VALUE);
  }
  if (typeof value !== 'object' || value === null) return value;
  const entries = Object.entries(value);
  const [first] = entries;
  if (entries.length === 1 && first !== undefined && (first[0] === 'Ref' || first[0].startsWith('Fn::'))) {
    const [fn, argument] = first;
    switch (fn) {
      case 'Ref':
        return ref(String(argument), context, where);
      case 'Fn::GetAtt':
        return getAtt(argument, context, where);
      case 'Fn::Sub':
        return sub(argument, context, where);
      case 'Fn::Join': {
        const [delimiter, list] = resolveIntrinsics(argument, context, `${where}.Fn::Join`) as [
          string,
          unknown[],
        ];
        return list.join(delimiter);
      }
      case 'Fn::Select': {
        const [index, list] = resolveIntrinsics(argument, context, `${where}.Fn::Select`) as [
          number,
          unknown[],
        ];
        return list[Number(index)];
      }
      default:
        throw new UnresolvableIntrinsicError(`${where}: ${fn} is not supported by the local tier`);
    }
  }
  const out: Record<string, unknown> = {};
  for (const [key, item] of entries) {
    const resolved = resolveIntrinsics(item, context, `${where}.${key}`);
    if (resolved !== NO_VALUE) out[key] = resolved;
  }
  return out;
}

/** Resolves an environment map to the strings Lambda would set (numbers and booleans as text). */
function resolveEnvironment(
  environment: Readonly<Record<string, unknown>>,
  context: IntrinsicContext,
  where: string,
): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, raw] of Object.entries(environment)) {
    const value = resolveIntrinsics(raw, context, `${where}.${name}`);
    if (value === NO_VALUE || value === undefined || value === null) continue;
    if (typeof value === 'object') {
      throw new UnresolvableIntrinsicError(`${where}.${name} resolves to an object, not a string`);
    }
    out[name] = String(value);
  }
  return out;
}

export type { IntrinsicContext, ResolvableQueue };
export { resolveEnvironment, resolveIntrinsics, UnresolvableIntrinsicError };
