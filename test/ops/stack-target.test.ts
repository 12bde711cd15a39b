/**
 * The deployed-stack path with the AWS SDK clients mocked at the boundary (aws-sdk-client-mock): stack
 * lookup with paging, and what each command sends to SQS and Lambda.
 */
import {
  CloudFormationClient,
  DescribeStacksCommand,
  ListStackResourcesCommand,
  type StackResourceSummary,
} from '@aws-sdk/client-cloudformation';
import { InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';
import {
  ChangeMessageVisibilityBatchCommand,
  DeleteMessageCommand,
  ReceiveMessageCommand,
  SendMessageCommand,
  SQSClient,
} from '@aws-sdk/client-sqs';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { dlqAttributes } from '../../src/aws/dead-letter.js';
import { ValidationError } from '../../src/core/errors.js';
import { type OpsIo, runOpsCommand } from '../../src/ops/ops-commands.js';
import { stackTarget } from '../../src/ops/stack-target.js';
import { readLocalService } from '../../src/service/service-model.js';
import { deliveryFactory, stringAttribute } from '../helpers/factories.js';
import { printedService } from '../helpers/service-fixture.js';

const cfn = mockClient(CloudFormationClient);
const sqs = mockClient(SQSClient);
const lambda = mockClient(LambdaClient);

const STACK = 'worker-tier-dev';
const ACCOUNT = '123456789012';
const BASE = `https://sqs.eu-west-1.amazonaws.com/${ACCOUNT}`;
const WORK_URL = `${BASE}/worker-tier-dev-work`;
const DLQ_URL = `${BASE}/worker-tier-dev-dlq`;
const service = readLocalService(printedService());

const summary = (logicalId: string, type: string, physicalId: string): StackResourceSummary => ({
  LogicalResourceId: logicalId,
  ResourceType: type,
  PhysicalResourceId: physicalId,
  ResourceStatus: 'CREATE_COMPLETE',
  LastUpdatedTimestamp: new Date(0),
});

/** Two pages, with the functions only on the second, as a stack of more than 100 resources returns them. */
function mockStack(outputs: { OutputKey: string; OutputValue: string }[] = []) {
  cfn.on(DescribeStacksCommand, { StackName: STACK }).resolves({
    Stacks: [
      {
        StackName: STACK,
        StackId: `arn:aws:cloudformation:eu-west-1:${ACCOUNT}:stack/${STACK}/abc`,
        CreationTime: new Date(0),
        StackStatus: 'UPDATE_COMPLETE',
        Outputs: outputs,
      },
    ],
  });
  cfn.on(ListStackResourcesCommand, { StackName: STACK, NextToken: undefined }).resolves({
    StackResourceSummaries: [
      summary('WorkQueue', 'AWS::SQS::Queue', WORK_URL),
      summary('DeadLetterQueue', 'AWS::SQS::Queue', DLQ_URL),
    ],
    NextToken: 'page-2',
  });
  cfn.on(ListStackResourcesCommand, { StackName: STACK, NextToken: 'page-2' }).resolves({
    StackResourceSummaries: [
      summary('WorkerLambdaFunction', 'AWS::Lambda::Function', 'worker-tier-dev-worker'),
      summary('ScheduledLambdaFunction', 'AWS::Lambda::Function', 'worker-tier-dev-scheduled'),
    ],
  });
}

function recordingIo(options: { interactive?: boolean; answer?: string } = {}): OpsIo & { lines: string[] } {
  const lines: string[] = [];
  return {
    lines,
    print: (line) => lines.push(line),
    interactive: options.interactive ?? false,
    ask: async () => options.answer ?? '',
    now: () => new Date(1_796_040_000_000),
  };
}

beforeEach(() => {
  cfn.reset();
  sqs.reset();
  lambda.reset();
});
afterEach(() => {
  cfn.reset();
});

describe('stack lookup', () => {
  it('reads queue URLs and function names from resources across pages', async () => {
    mockStack();
    const target = await stackTarget(service, STACK, { region: 'eu-west-1' });
    expect(target).toMatchObject({
      mode: 'deployed',
      accountId: ACCOUNT,
      workQueueUrl: WORK_URL,
      deadLetterQueueUrl: DLQ_URL,
      workerFunction: 'worker-tier-dev-worker',
      scheduledFunction: 'worker-tier-dev-scheduled',
    });
    expect(cfn.commandCalls(ListStackResourcesCommand).map((c) => c.args[0].input.NextToken)).toEqual([
      undefined,
      'page-2',
    ]);
    await expect(target.queueUrl('worker-tier-dev-work')).resolves.toBe(WORK_URL);
    await expect(target.queueUrl('elsewhere')).rejects.toThrow(
      'queue elsewhere is not in stack worker-tier-dev',
    );
    target.destroy();
  });

  it('prefers the stack outputs for the queue URLs', async () => {
    mockStack([
      { OutputKey: 'DeadLetterQueueUrl', OutputValue: `${BASE}/from-output-dlq` },
      { OutputKey: 'ScheduleGroupName', OutputValue: 'worker-tier-dev' },
    ]);
    const target = await stackTarget(service, STACK, {});
    expect(target.deadLetterQueueUrl).toBe(`${BASE}/from-output-dlq`);
    expect(target.scheduleGroup).toBe('worker-tier-dev');
    target.destroy();
  });

  it('says which stack is missing', async () => {
    cfn
      .on(DescribeStacksCommand)
      .rejects(
        Object.assign(new Error(`Stack with id ${STACK} does not exist`), { name: 'ValidationError' }),
      );
    await expect(stackTarget(service, STACK, { region: 'eu-west-1' })).rejects.toThrow(
      'stack worker-tier-dev does not exist (deployed? right --stage/--region/--aws-profile?)',
    );
  });

  it('fails when a function the service defines is not in the stack', async () => {
    mockStack();
    cfn
      .on(ListStackResourcesCommand, { StackName: STACK, NextToken: 'page-2' })
      .resolves({ StackResourceSummaries: [] });
    await expect(stackTarget(service, STACK, {})).rejects.toThrow(
      /^stack worker-tier-dev has no AWS::Lambda::Function (Worker|Scheduled)LambdaFunction/,
    );
  });
});

const workerCopy = (id: string) => ({
  MessageId: id,
  ReceiptHandle: `rh-${id}`,
  Body: '{"type":"user_signup"}',
  Attributes: { SentTimestamp: '1796039000000', MessageGroupId: undefined },
  MessageAttributes: dlqAttributes(
    deliveryFactory({ queue: 'worker-tier-dev-work', messageAttributes: { trace: stringAttribute('t') } }),
    new ValidationError('email', 'bad', { task: 'user_signup' }),
  ),
});
const runRecord = {
  MessageId: 'run-1',
  ReceiptHandle: 'rh-run-1',
  Body: JSON.stringify({
    version: '1.0',
    requestContext: {
      requestId: 'req-1',
      functionArn: `arn:aws:lambda:eu-west-1:${ACCOUNT}:function:worker-tier-dev-scheduled:$LATEST`,
      condition: 'RetriesExhausted',
      approximateInvokeCount: 3,
    },
    requestPayload: { task: 'cleanup', scheduledTime: '2026-11-30T12:00:00Z' },
    responsePayload: { errorType: 'Error', errorMessage: 'boom' },
  }),
  Attributes: { SentTimestamp: '1796039000000' },
};

function mockDlq(messages: object[]) {
  sqs
    .on(ReceiveMessageCommand, { QueueUrl: DLQ_URL })
    .resolvesOnce({ Messages: messages })
    .resolves({ Messages: [] });
  sqs.on(ChangeMessageVisibilityBatchCommand).resolves({ Successful: [], Failed: [] });
}

const request = (command: 'failed' | 'failed:retry' | 'run', io: OpsIo, options = {}) => ({
  command,
  service,
  stackName: STACK,
  io,
  options: { region: 'eu-west-1', ...options },
});

describe('commands against the deployed stack', () => {
  it('failed: lists without consuming (everything is made visible again, nothing deleted)', async () => {
    mockStack();
    mockDlq([workerCopy('w-1'), runRecord]);
    const io = recordingIo();
    await runOpsCommand(request('failed', io));
    expect(io.lines.join('\n')).toContain(
      '2 message(s): 1 worker message, 1 scheduled run (Lambda on-failure record)',
    );
    expect(sqs.commandCalls(DeleteMessageCommand)).toHaveLength(0);
    const released = sqs
      .commandCalls(ChangeMessageVisibilityBatchCommand)
      .flatMap((c) => c.args[0].input.Entries ?? []);
    expect(released.map((e) => [e.ReceiptHandle, e.VisibilityTimeout])).toEqual([
      ['rh-w-1', 0],
      ['rh-run-1', 0],
    ]);
  });

  it('failed:retry: sends the worker message back and re-runs the scheduled run, deleting each only after', async () => {
    mockStack();
    mockDlq([workerCopy('w-1'), runRecord]);
    sqs.on(SendMessageCommand).resolves({ MessageId: 'new-1' });
    sqs.on(DeleteMessageCommand).resolves({});
    lambda.on(InvokeCommand).resolves({ StatusCode: 202 });
    const io = recordingIo();
    await runOpsCommand(request('failed:retry', io, { yes: true }));
    const [send] = sqs.commandCalls(SendMessageCommand);
    expect(send?.args[0].input).toMatchObject({
      QueueUrl: WORK_URL,
      MessageBody: '{"type":"user_signup"}',
      MessageAttributes: { trace: { DataType: 'String', StringValue: 't' } },
    });
    expect(Object.keys(send?.args[0].input.MessageAttributes ?? {})).toEqual(['trace']);
    const [invoke] = lambda.commandCalls(InvokeCommand);
    expect(invoke?.args[0].input).toMatchObject({
      FunctionName: `arn:aws:lambda:eu-west-1:${ACCOUNT}:function:worker-tier-dev-scheduled`,
      InvocationType: 'Event',
    });
    expect(JSON.parse(new TextDecoder().decode(invoke?.args[0].input.Payload as Uint8Array))).toEqual({
      task: 'cleanup',
      scheduledTime: '2026-11-30T12:00:00Z',
    });
    expect(sqs.commandCalls(DeleteMessageCommand).map((c) => c.args[0].input.ReceiptHandle)).toEqual([
      'rh-w-1',
      'rh-run-1',
    ]);
    expect(io.lines.at(-1)).toBe('Moved 2 of 2 message(s).');
  });

  it('failed:retry: a send that fails deletes nothing and leaves the message visible', async () => {
    mockStack();
    mockDlq([workerCopy('w-1')]);
    sqs.on(SendMessageCommand).rejects(new Error('AccessDenied'));
    const io = recordingIo();
    await expect(runOpsCommand(request('failed:retry', io, { yes: true }))).rejects.toThrow(
      '1 message(s) could not be moved',
    );
    expect(sqs.commandCalls(DeleteMessageCommand)).toHaveLength(0);
    const released = sqs
      .commandCalls(ChangeMessageVisibilityBatchCommand)
      .flatMap((c) => c.args[0].input.Entries ?? []);
    expect(released.map((e) => e.ReceiptHandle)).toEqual(['rh-w-1']);
    expect(io.lines.join('\n')).toContain('failed  ');
    expect(io.lines.join('\n')).toContain('left in the DLQ: AccessDenied');
  });

  it('failed:retry: without a terminal and without --yes it refuses and moves nothing', async () => {
    mockStack();
    mockDlq([workerCopy('w-1')]);
    await expect(runOpsCommand(request('failed:retry', recordingIo({ interactive: false })))).rejects.toThrow(
      'refusing without --yes, since there is no terminal to confirm on',
    );
    expect(sqs.commandCalls(SendMessageCommand)).toHaveLength(0);
    expect(sqs.commandCalls(DeleteMessageCommand)).toHaveLength(0);
  });

  it('failed:retry: a "no" at the prompt moves nothing; --id selects by original id', async () => {
    mockStack();
    mockDlq([workerCopy('w-1'), runRecord]);
    const io = recordingIo({ interactive: true, answer: 'n' });
    await runOpsCommand(request('failed:retry', io));
    expect(io.lines).toEqual(['Nothing moved.']);
    expect(sqs.commandCalls(SendMessageCommand)).toHaveLength(0);

    sqs.reset();
    mockDlq([workerCopy('w-1'), runRecord]);
    sqs.on(DeleteMessageCommand).resolves({});
    lambda.on(InvokeCommand).resolves({ StatusCode: 202 });
    const yes = recordingIo({ interactive: true, answer: 'yes' });
    await runOpsCommand(request('failed:retry', yes, { ids: ['req-1'] }));
    expect(sqs.commandCalls(SendMessageCommand)).toHaveLength(0);
    expect(lambda.commandCalls(InvokeCommand)).toHaveLength(1);
    expect(yes.lines.at(-1)).toBe('Moved 1 of 1 message(s).');
  });

  it('run: invokes the scheduled function asynchronously with the schedule payload', async () => {
    mockStack([{ OutputKey: 'ScheduleGroupName', OutputValue: 'worker-tier-dev' }]);
    lambda.on(InvokeCommand).resolves({ StatusCode: 202 });
    const io = recordingIo();
    await runOpsCommand(request('run', io, { task: 'scheduled' }));
    const [invoke] = lambda.commandCalls(InvokeCommand);
    expect(invoke?.args[0].input).toMatchObject({
      FunctionName: 'worker-tier-dev-scheduled',
      InvocationType: 'Event',
    });
    expect(JSON.parse(new TextDecoder().decode(invoke?.args[0].input.Payload as Uint8Array))).toEqual({
      task: 'scheduled',
      scheduledTime: '2026-11-30T12:00:00Z',
    });
  });
});
