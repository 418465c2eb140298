import { describe, expect, it } from 'vitest';
import {
  onlyResource,
  parsePolicy,
  resourcesOf,
  type SynthJson,
  synthConstruct,
  testAccount,
} from '../test-support/synth-json';
import { AwsContext } from './aws-context';
import { GithubOidc } from './github-oidc';

const STATE = {
  bucketArn: 'arn:aws:s3:::state-bucket',
  keyArn: 'arn:aws:kms:us-east-1:111111111111:key/state',
};
const RELEASE = {
  bucketArn: 'arn:aws:s3:::release-bucket',
  keyArn: 'arn:aws:kms:us-east-1:111111111111:key/release',
};

function roleNamed(json: SynthJson, name: string) {
  const entry = Object.entries(resourcesOf(json, 'aws_iam_role')).find(([, role]) => role.name === name);
  if (!entry) throw new Error(`no role ${name}`);
  const [id, role] = entry;
  const inline = Object.values(resourcesOf(json, 'aws_iam_role_policy')).find((policy) =>
    String(policy.role).includes(`aws_iam_role.${id}.`),
  );
  const managed = Object.values(resourcesOf(json, 'aws_iam_role_policy_attachment'))
    .filter((attachment) => String(attachment.role).includes(`aws_iam_role.${id}.`))
    .map((attachment) => String(attachment.policy_arn).split('/').at(-1));
  const trust = parsePolicy(role.assume_role_policy).Statement;
  return { trust, inline: inline ? parsePolicy(inline.policy).Statement : [], managed };
}

function subjects(trust: Array<Record<string, unknown>>): unknown {
  const [statement] = trust;
  const condition = statement?.Condition as Record<string, Record<string, unknown>> | undefined;
  return condition?.StringEquals?.['token.actions.githubusercontent.com:sub'];
}

describe('GithubOidc', () => {
  const account = { ...testAccount(), githubRepository: 'example-org/sigma-pli' };
  const json = synthConstruct((stack) => {
    const context = new AwsContext(stack, 'context', { region: 'us-east-1' });
    new GithubOidc(stack, 'github', {
      account,
      stages: [{ name: 'mvp' }, { name: 'growth' }, { name: 'production' }],
      context,
      state: STATE,
      release: RELEASE,
    });
  });
  const plan = roleNamed(json, 'sigma-pli-github-plan');
  const apply = roleNamed(json, 'sigma-pli-github-apply');
  const deploy = roleNamed(json, 'sigma-pli-github-deploy');

  it("registers GitHub's OIDC issuer with the STS audience", () => {
    expect(onlyResource(json, 'aws_iam_openid_connect_provider')).toMatchObject({
      url: 'https://token.actions.githubusercontent.com',
      client_id_list: ['sts.amazonaws.com'],
    });
  });

  it('lets the plan role be assumed from pull requests and main of this repository only', () => {
    expect(subjects(plan.trust)).toEqual([
      'repo:example-org/sigma-pli:pull_request',
      'repo:example-org/sigma-pli:ref:refs/heads/main',
    ]);
  });

  it('lets apply and deploy be assumed only by jobs bound to a stage environment', () => {
    const environments = ['mvp', 'growth', 'production'].map(
      (stage) => `repo:example-org/sigma-pli:environment:${stage}`,
    );
    expect(subjects(apply.trust)).toEqual(environments);
    expect(subjects(deploy.trust)).toEqual(environments);
  });

  it('requires the STS audience and exact subjects (no wildcards) in every trust policy', () => {
    for (const role of [plan, apply, deploy]) {
      const [statement] = role.trust;
      expect(statement?.Action).toBe('sts:AssumeRoleWithWebIdentity');
      const condition = statement?.Condition as Record<string, Record<string, unknown>>;
      expect(Object.keys(condition)).toEqual(['StringEquals']);
      expect(condition.StringEquals?.['token.actions.githubusercontent.com:aud']).toBe('sts.amazonaws.com');
      expect(JSON.stringify(subjects(role.trust))).not.toContain('*');
    }
  });

  it('keeps the plan role read-only: it reads and decrypts the state but cannot write it or its lock', () => {
    expect(plan.managed).toEqual(['ReadOnlyAccess']);
    const allowed = plan.inline
      .filter((statement) => statement.Effect === 'Allow')
      .flatMap((statement) => [statement.Action].flat());
    expect(allowed.sort()).toEqual([
      'kms:Decrypt',
      'kms:Decrypt',
      's3:GetObject',
      's3:ListBucket',
      'secretsmanager:GetRandomPassword',
      'secretsmanager:GetSecretValue',
    ]);
    expect(JSON.stringify(plan.inline)).not.toMatch(/Put|Delete|Create|Update/);
  });

  it('denies the plan role every object but the state, so pull requests cannot read platform data', () => {
    const deny = plan.inline.find((statement) => statement.Sid === 'NoDataObjectsButState');
    expect(deny).toMatchObject({
      Effect: 'Deny',
      Action: ['s3:GetObject', 's3:GetObjectVersion'],
      NotResource: `${STATE.bucketArn}/*`,
    });
  });

  it('lets the plan role read only the secret Terraform reads back, and decrypt only through Secrets Manager', () => {
    const bySid = Object.fromEntries(plan.inline.map((statement) => [statement.Sid, statement]));
    expect(String(bySid.ReadSecretsKeptInState?.Resource)).toMatch(
      /:secret:sigma-pli\/\*\/redis-auth-\?{6}$/,
    );
    expect(bySid.DecryptThoseSecrets?.Condition).toEqual({
      StringLike: { 'kms:ViaService': 'secretsmanager.*.amazonaws.com' },
    });
  });

  it('stops the apply role from weakening the bootstrap buckets and keys or editing the GitHub roles', () => {
    expect(apply.managed).toEqual(['AdministratorAccess']);
    const denies = Object.fromEntries(apply.inline.map((statement) => [statement.Sid, statement]));
    expect(denies.KeepBootstrapBucketsProtected).toMatchObject({
      Effect: 'Deny',
      Resource: [STATE.bucketArn, RELEASE.bucketArn],
    });
    expect(denies.KeepBootstrapKeys).toMatchObject({
      Effect: 'Deny',
      Resource: [STATE.keyArn, RELEASE.keyArn],
    });
    expect(denies.NoSelfEscalation).toMatchObject({ Effect: 'Deny', Action: 'iam:*' });
    expect(JSON.stringify(denies.NoSelfEscalation?.Resource)).toContain(':role/sigma-pli-github-*');
  });

  it('limits the deploy role to release objects, release parameters and instance refresh', () => {
    expect(deploy.managed).toEqual([]);
    const bySid = Object.fromEntries(deploy.inline.map((statement) => [statement.Sid, statement]));
    expect(bySid.ReadAndWriteReleases?.Resource).toBe(`${RELEASE.bucketArn}/releases/*`);
    expect(String(bySid.MoveReleaseParameters?.Resource)).toMatch(/:parameter\/sigma-pli\/\*\/release$/);
    expect(String(bySid.DriveInstanceRefresh?.Resource)).toMatch(/autoScalingGroupName\/sigma-pli-\*$/);
    const writes = deploy.inline
      .flatMap((statement) => [statement.Action].flat() as string[])
      .filter((action) => /^(s3|ssm|kms):/.test(action));
    expect(writes.sort()).toEqual([
      'kms:Decrypt',
      'kms:GenerateDataKey',
      's3:GetObject',
      's3:ListBucket',
      's3:PutObject',
      'ssm:GetParameter',
      'ssm:GetParameterHistory',
      'ssm:PutParameter',
    ]);
  });
});
