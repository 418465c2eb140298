import { beforeAll, describe, expect, it } from 'vitest';
import { onlyResource, parsePolicy, type SynthJson, synthConstruct } from '../test-support/synth-json';
import { InstanceRole, type InstanceRoleProps } from './instance-role';

const PROPS: Omit<InstanceRoleProps, 'secretsKeyArn'> = {
  name: 'sigma-pli-test-instance',
  context: { partition: 'aws', region: 'us-east-1', accountId: '111122223333' },
  releaseBucket: 'sigma-pli-releases',
  releaseParameterArn: 'arn:aws:ssm:us-east-1:111122223333:parameter/sigma-pli/test/release',
  secretArns: ['arn:aws:secretsmanager:us-east-1:111122223333:secret:sigma-pli/test/database-AbCdEf'],
  logGroupNames: ['/sigma-pli/test/app', '/sigma-pli/test/nginx/access'],
  autoScalingGroupName: 'sigma-pli-test-app',
};
const SECRETS_KEY_ARN = 'arn:aws:kms:us-east-1:111122223333:key/secrets';

function synthRole(secretsKeyArn?: string): SynthJson {
  return synthConstruct((stack) => {
    new InstanceRole(stack, 'role', { ...PROPS, secretsKeyArn });
  });
}

describe('InstanceRole', () => {
  let json: SynthJson;
  let statements: Array<Record<string, unknown>>;
  const statement = (sid: string) => statements.find((candidate) => candidate.Sid === sid);
  beforeAll(() => {
    json = synthRole(SECRETS_KEY_ARN);
    statements = parsePolicy(onlyResource(json, 'aws_iam_role_policy').policy).Statement;
  });

  it('is assumed by EC2, reached through Session Manager (no SSH key anywhere)', () => {
    expect(parsePolicy(onlyResource(json, 'aws_iam_role').assume_role_policy).Statement).toEqual([
      { Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' },
    ]);
    expect(onlyResource(json, 'aws_iam_role_policy_attachment').policy_arn).toBe(
      'arn:aws:iam::aws:policy/AmazonSSMManagedInstanceCore',
    );
    expect(onlyResource(json, 'aws_iam_instance_profile').name).toBe('sigma-pli-test-instance');
  });

  it('reads the release pointer, the release prefix and the given secrets only', () => {
    expect(statement('ReadReleasePointer')).toMatchObject({
      Action: 'ssm:GetParameter',
      Resource: PROPS.releaseParameterArn,
    });
    expect(statement('ReadReleases')).toMatchObject({
      Action: 's3:GetObject',
      Resource: 'arn:aws:s3:::sigma-pli-releases/releases/*',
    });
    expect(statement('ReadStageSecrets')?.Resource).toEqual(PROPS.secretArns);
  });

  it('writes only to the named log groups and the agent namespace', () => {
    expect(statement('WriteStageLogs')?.Resource).toEqual([
      'arn:aws:logs:us-east-1:111122223333:log-group:/sigma-pli/test/app:*',
      'arn:aws:logs:us-east-1:111122223333:log-group:/sigma-pli/test/nginx/access:*',
    ]);
    expect(statement('PutAgentMetrics')?.Condition).toEqual({
      StringEquals: { 'cloudwatch:namespace': 'CWAgent' },
    });
  });

  it('completes lifecycle actions of its own group only', () => {
    expect(statement('CompleteLaunch')?.Resource).toBe(
      'arn:aws:autoscaling:us-east-1:111122223333:autoScalingGroup:*:autoScalingGroupName/sigma-pli-test-app',
    );
  });

  it('decrypts with the secrets key only through Secrets Manager, and not at all without a key', () => {
    expect(statement('DecryptSecretsThroughSecretsManager')).toMatchObject({
      Action: 'kms:Decrypt',
      Resource: SECRETS_KEY_ARN,
      Condition: { StringEquals: { 'kms:ViaService': 'secretsmanager.us-east-1.amazonaws.com' } },
    });
    const withoutKey = parsePolicy(onlyResource(synthRole(), 'aws_iam_role_policy').policy).Statement;
    expect(withoutKey.some((candidate) => String(candidate.Action).startsWith('kms:'))).toBe(false);
  });

  it('grants no wildcard action and no write to S3, SSM or Secrets Manager', () => {
    for (const granted of statements) {
      const actions = [granted.Action].flat() as string[];
      expect(actions.some((action) => action.includes('*'))).toBe(false);
      expect(
        actions.some((action) =>
          /^s3:(Put|Delete)|^ssm:Put|^secretsmanager:(Put|Update|Delete|Create)/.test(action),
        ),
      ).toBe(false);
    }
  });
});
