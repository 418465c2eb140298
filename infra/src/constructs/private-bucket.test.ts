import { describe, expect, it } from 'vitest';
import { onlyResource, parsePolicy, resourcesOf, synthConstruct, tfRef } from '../test-support/synth-json';
import { PrivateBucket, type PrivateBucketProps } from './private-bucket';

const base: PrivateBucketProps = {
  bucketName: 'example-private-bucket',
  kmsKeyArn: 'arn:aws:kms:us-east-1:111111111111:key/00000000-0000-0000-0000-000000000000',
  noncurrentVersionExpireAfterDays: 45,
  keepNewestNoncurrentVersions: 5,
  accessLogs: { bucket: 'example-access-logs', prefix: 'example-private-bucket/' },
  preventDestroy: true,
};
const synth = (props: Partial<PrivateBucketProps> = {}) =>
  synthConstruct((stack) => new PrivateBucket(stack, 'bucket', { ...base, ...props }));

describe('PrivateBucket', () => {
  const json = synth();

  it('blocks every kind of public access and disables ACLs', () => {
    expect(onlyResource(json, 'aws_s3_bucket_public_access_block')).toMatchObject({
      block_public_acls: true,
      block_public_policy: true,
      ignore_public_acls: true,
      restrict_public_buckets: true,
    });
    expect(onlyResource(json, 'aws_s3_bucket_ownership_controls').rule).toEqual({
      object_ownership: 'BucketOwnerEnforced',
    });
  });

  it('is versioned and encrypted with the given KMS key and an S3 bucket key', () => {
    expect(onlyResource(json, 'aws_s3_bucket_versioning').versioning_configuration).toEqual({
      status: 'Enabled',
    });
    expect(onlyResource(json, 'aws_s3_bucket_server_side_encryption_configuration').rule).toEqual([
      {
        apply_server_side_encryption_by_default: {
          sse_algorithm: 'aws:kms',
          kms_master_key_id: base.kmsKeyArn,
        },
        bucket_key_enabled: true,
      },
    ]);
  });

  it('falls back to SSE-S3 without a key (what an access-log target requires)', () => {
    const plain = synth({ kmsKeyArn: undefined });
    expect(onlyResource(plain, 'aws_s3_bucket_server_side_encryption_configuration').rule).toEqual([
      { apply_server_side_encryption_by_default: { sse_algorithm: 'AES256' } },
    ]);
  });

  it('denies every request made without TLS, on the bucket and its objects', () => {
    const [statement] = parsePolicy(onlyResource(json, 'aws_s3_bucket_policy').policy).Statement;
    expect(statement).toMatchObject({
      Effect: 'Deny',
      Principal: '*',
      Action: 's3:*',
      Condition: { Bool: { 'aws:SecureTransport': 'false' } },
    });
    const [bucketId] = Object.keys(resourcesOf(json, 'aws_s3_bucket'));
    const bucketArn = tfRef(`aws_s3_bucket.${bucketId}.arn`);
    expect(statement?.Resource).toEqual([bucketArn, `${bucketArn}/*`]);
  });

  it('expires old versions, keeps the newest ones, and aborts abandoned uploads', () => {
    expect(onlyResource(json, 'aws_s3_bucket_lifecycle_configuration').rule).toEqual([
      expect.objectContaining({
        status: 'Enabled',
        noncurrent_version_expiration: [{ noncurrent_days: 45, newer_noncurrent_versions: 5 }],
        abort_incomplete_multipart_upload: [{ days_after_initiation: 7 }],
      }),
    ]);
  });

  it('logs access to the given bucket, and only when one is given', () => {
    expect(onlyResource(json, 'aws_s3_bucket_logging')).toMatchObject({
      target_bucket: 'example-access-logs',
      target_prefix: 'example-private-bucket/',
    });
    expect(resourcesOf(synth({ accessLogs: undefined }), 'aws_s3_bucket_logging')).toEqual({});
  });

  it('cannot be destroyed by Terraform or emptied by a destroy', () => {
    expect(onlyResource(json, 'aws_s3_bucket')).toMatchObject({
      bucket: 'example-private-bucket',
      force_destroy: false,
      lifecycle: { prevent_destroy: true },
    });
  });

  it('adds extra policy statements after the TLS rule', () => {
    const withExtra = synth({
      extraPolicyStatements: (arn) => [
        {
          Sid: 'Extra',
          Effect: 'Allow',
          Principal: { Service: 'logging.s3.amazonaws.com' },
          Action: 's3:PutObject',
          Resource: `${arn}/*`,
        },
      ],
    });
    const statements = parsePolicy(onlyResource(withExtra, 'aws_s3_bucket_policy').policy).Statement;
    expect(statements.map((statement) => statement.Sid)).toEqual(['DenyRequestsWithoutTls', 'Extra']);
  });
});
