import { describe, expect, it } from 'vitest';
import { onlyResource, resourcesOf, synthConstruct, testAccount, tfRef } from '../test-support/synth-json';
import { AwsContext } from './aws-context';
import { StateBucket } from './state-bucket';

describe('StateBucket', () => {
  const account = testAccount();
  const json = synthConstruct((stack) => {
    const context = new AwsContext(stack, 'context', { region: 'us-east-1' });
    new StateBucket(stack, 'state', { account, context, accessLogBucket: 'state-access-logs' });
  });
  const [keyId] = Object.keys(resourcesOf(json, 'aws_kms_key'));

  it('is the bucket the stage backends name, protected from destroy', () => {
    expect(onlyResource(json, 'aws_s3_bucket')).toMatchObject({
      bucket: account.state.bucket,
      lifecycle: { prevent_destroy: true },
    });
  });

  it('encrypts state with its own rotated customer-managed key', () => {
    expect(onlyResource(json, 'aws_kms_key')).toMatchObject({
      enable_key_rotation: true,
      lifecycle: { prevent_destroy: true },
    });
    expect(onlyResource(json, 'aws_kms_alias').name).toBe('alias/sigma-pli-terraform-state');
    expect(onlyResource(json, 'aws_s3_bucket_server_side_encryption_configuration').rule).toEqual([
      {
        apply_server_side_encryption_by_default: {
          sse_algorithm: 'aws:kms',
          kms_master_key_id: tfRef(`aws_kms_key.${keyId}.arn`),
        },
        bucket_key_enabled: true,
      },
    ]);
  });

  it('keeps the last 20 state versions forever and older ones for 90 days', () => {
    const [rule] = onlyResource(json, 'aws_s3_bucket_lifecycle_configuration').rule as Record<
      string,
      unknown
    >[];
    expect(rule?.noncurrent_version_expiration).toEqual([
      { noncurrent_days: 90, newer_noncurrent_versions: 20 },
    ]);
  });

  it('needs no lock table: the S3 lock file lives in the same bucket', () => {
    expect(resourcesOf(json, 'aws_dynamodb_table')).toEqual({});
  });

  it('logs every access to the access-log bucket under its own prefix', () => {
    expect(onlyResource(json, 'aws_s3_bucket_logging')).toMatchObject({
      target_bucket: 'state-access-logs',
      target_prefix: `${account.state.bucket}/`,
    });
  });
});
