import { describe, expect, it } from 'vitest';
import { specErrors } from '../helpers/cfn-spec.js';

// A CloudFormation Fn::Sub template, not a JavaScript one.
const SUB = ['$', '{AWS::StackName}-q'].join('');

// The checker must be able to fail: each broken template below is caught, with its path.
describe('specErrors (the CloudFormation specification check)', () => {
  const queue = (properties: Record<string, unknown>) => ({
    Resources: { Q: { Type: 'AWS::SQS::Queue', Properties: properties } },
  });

  it('accepts valid properties and intrinsics in place of values', async () => {
    expect(await specErrors(queue({ VisibilityTimeout: 30, QueueName: { 'Fn::Sub': SUB } }))).toEqual([]);
  });

  it('rejects an unknown resource type, an unknown property and a wrong type', async () => {
    expect(await specErrors({ Resources: { X: { Type: 'AWS::SQS::Queeue' } } })).toEqual([
      'X: resource type AWS::SQS::Queeue does not exist',
    ]);
    expect(await specErrors(queue({ VisibilityTimeOut: 30 }))).toEqual([
      'Q (AWS::SQS::Queue).VisibilityTimeOut: unknown property',
    ]);
    expect(await specErrors(queue({ VisibilityTimeout: 'soon' }))).toEqual([
      'Q (AWS::SQS::Queue).VisibilityTimeout: expected an integer, got "soon"',
    ]);
  });

  it('checks nested property types and required properties', async () => {
    const schedule = (target: Record<string, unknown>) => ({
      Resources: {
        S: {
          Type: 'AWS::Scheduler::Schedule',
          Properties: {
            ScheduleExpression: 'rate(1 hour)',
            FlexibleTimeWindow: { Mode: 'OFF' },
            Target: target,
          },
        },
      },
    });
    expect(
      await specErrors(schedule({ Arn: 'a', RoleArn: 'r', RetryPolicy: { MaximumRetryAttempts: 'x' } })),
    ).toEqual([
      'S (AWS::Scheduler::Schedule).Target.RetryPolicy.MaximumRetryAttempts: expected a number, got "x"',
    ]);
    expect(await specErrors(schedule({ Arn: 'a' }))).toEqual([
      'S (AWS::Scheduler::Schedule).Target.RoleArn: required property missing',
    ]);
  });
});
