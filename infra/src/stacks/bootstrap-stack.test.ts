import { Testing } from 'cdktf';
import { describe, expect, it } from 'vitest';
import { resourcesOf, type SynthJson, testAccount, tfRef } from '../test-support/synth-json';
import { accessLogBucketName, BootstrapStack } from './bootstrap-stack';

describe('BootstrapStack', () => {
  const account = testAccount();
  const stack = new BootstrapStack(Testing.app(), {
    account,
    stages: [{ name: 'mvp' }, { name: 'growth' }, { name: 'production' }],
  });
  const json = JSON.parse(Testing.synth(stack)) as SynthJson & {
    terraform: { backend: Record<string, Record<string, unknown>> };
  };

  it('is the sigma-pli-bootstrap stack, in the state region', () => {
    expect(stack.node.id).toBe('sigma-pli-bootstrap');
    expect(json.provider?.aws?.[0]).toMatchObject({ region: account.state.region });
  });

  it('keeps its own state locally, outside the synth output directory', () => {
    expect(json.terraform.backend).toEqual({ local: { path: '../../../sigma-pli-bootstrap.tfstate' } });
  });

  it('creates the state, release and access-log buckets, the first two logging to the third', () => {
    const buckets = Object.values(resourcesOf(json, 'aws_s3_bucket')).map((bucket) => bucket.bucket);
    expect(buckets.sort()).toEqual(
      [account.releaseBucket, account.state.bucket, `${account.state.bucket}-access-logs`].sort(),
    );
    const [accessLogsId] = Object.entries(resourcesOf(json, 'aws_s3_bucket')).find(
      ([, bucket]) => bucket.bucket === `${account.state.bucket}-access-logs`,
    ) ?? [''];
    const logging = Object.values(resourcesOf(json, 'aws_s3_bucket_logging'));
    expect(logging.map((entry) => entry.target_bucket)).toEqual([
      tfRef(`aws_s3_bucket.${accessLogsId}.bucket`),
      tfRef(`aws_s3_bucket.${accessLogsId}.bucket`),
    ]);
  });

  it('outputs the role ARNs under the names of the repository variables the workflows read', () => {
    expect(Object.keys(json.output ?? {}).sort()).toEqual([
      'AWS_APPLY_ROLE_ARN',
      'AWS_DEPLOY_ROLE_ARN',
      'AWS_PLAN_ROLE_ARN',
      'release_bucket',
      'state_bucket',
    ]);
  });

  it('rejects a state bucket name too long to derive the access-log bucket from, naming the field', () => {
    const long = { state: { bucket: 'x'.repeat(60), region: 'us-east-1' } };
    expect(() => accessLogBucketName(long)).toThrow(/account\.state\.bucket/);
  });
});
