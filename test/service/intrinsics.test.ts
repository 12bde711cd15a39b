import { describe, expect, it } from 'vitest';
import {
  type IntrinsicContext,
  resolveEnvironment,
  resolveIntrinsics,
  UnresolvableIntrinsicError,
} from '../../src/service/intrinsics.js';

const context: IntrinsicContext = {
  queues: new Map([
    [
      'Work',
      { url: 'http://q/000000000000/work', arn: 'arn:aws:sqs:us-east-1:000000000000:work', name: 'work' },
    ],
  ]),
  region: 'us-east-1',
  accountId: '000000000000',
  stackName: 'svc-dev',
};

// Fn::Sub templates are CloudFormation's ${Name} syntax, not JS template literals.
const SUB_REFS = ['$', '{AWS::AccountId}/$', '{Work.QueueName}/$', '{Work}'].join('');
const SUB_VARS = ['$', '{X}-$', '{AWS::Partition}'].join('');

describe('resolveIntrinsics', () => {
  it.each([
    [{ Ref: 'Work' }, 'http://q/000000000000/work'],
    [{ 'Fn::GetAtt': ['Work', 'Arn'] }, 'arn:aws:sqs:us-east-1:000000000000:work'],
    [{ 'Fn::GetAtt': 'Work.QueueName' }, 'work'],
    [{ 'Fn::GetAtt': ['Work', 'QueueUrl'] }, 'http://q/000000000000/work'],
    [{ Ref: 'AWS::Region' }, 'us-east-1'],
    [
      { 'Fn::Join': ['-', [{ Ref: 'AWS::StackName' }, { 'Fn::GetAtt': ['Work', 'QueueName'] }]] },
      'svc-dev-work',
    ],
    [{ 'Fn::Sub': SUB_REFS }, '000000000000/work/http://q/000000000000/work'],
    [{ 'Fn::Sub': [SUB_VARS, { X: { Ref: 'AWS::URLSuffix' } }] }, 'amazonaws.com-aws'],
    [{ 'Fn::Select': [1, ['a', { Ref: 'AWS::Region' }]] }, 'us-east-1'],
  ])('resolves %j', (value, expected) => {
    expect(resolveIntrinsics(value, context, 'x')).toBe(expected);
  });

  it('drops AWS::NoValue and resolves nested objects', () => {
    expect(resolveIntrinsics({ a: { Ref: 'AWS::NoValue' }, b: [{ Ref: 'Work' }] }, context, 'x')).toEqual({
      b: ['http://q/000000000000/work'],
    });
  });

  it.each([
    [{ Ref: 'Bucket' }, 'env.B: Ref Bucket is not one of the service'],
    [{ 'Fn::GetAtt': ['Work', 'Foo'] }, 'env.B: Fn::GetAtt Work.Foo cannot be resolved locally'],
    [{ 'Fn::ImportValue': 'x' }, 'env.B: Fn::ImportValue is not supported by the local tier'],
  ])('refuses %j with the path of the value', (value, message) => {
    expect(() => resolveIntrinsics(value, context, 'env.B')).toThrow(UnresolvableIntrinsicError);
    expect(() => resolveIntrinsics(value, context, 'env.B')).toThrow(message);
  });
});

describe('resolveEnvironment', () => {
  it('gives Lambda-style strings and leaves out NoValue', () => {
    expect(
      resolveEnvironment(
        { N: 25, B: true, Q: { Ref: 'Work' }, GONE: { Ref: 'AWS::NoValue' } },
        context,
        'env',
      ),
    ).toEqual({ N: '25', B: 'true', Q: 'http://q/000000000000/work' });
  });
});
