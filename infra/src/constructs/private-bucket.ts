import { S3Bucket } from '@cdktf/provider-aws/lib/s3-bucket';
import {
  S3BucketLifecycleConfiguration,
  type S3BucketLifecycleConfigurationRule,
} from '@cdktf/provider-aws/lib/s3-bucket-lifecycle-configuration';
import { S3BucketLoggingA } from '@cdktf/provider-aws/lib/s3-bucket-logging';
import { S3BucketOwnershipControls } from '@cdktf/provider-aws/lib/s3-bucket-ownership-controls';
import { S3BucketPolicy } from '@cdktf/provider-aws/lib/s3-bucket-policy';
import { S3BucketPublicAccessBlock } from '@cdktf/provider-aws/lib/s3-bucket-public-access-block';
import { S3BucketServerSideEncryptionConfigurationA } from '@cdktf/provider-aws/lib/s3-bucket-server-side-encryption-configuration';
import { S3BucketVersioningA } from '@cdktf/provider-aws/lib/s3-bucket-versioning';
import { Construct } from 'constructs';
import { type PolicyStatement, policyDocument } from '../policy';

export interface PrivateBucketProps {
  bucketName: string;
  /** Customer-managed key for SSE-KMS; `undefined` means SSE-S3, the only encryption an access-log target accepts. */
  kmsKeyArn?: string;
  /** Days a replaced or deleted object version is kept before S3 removes it. */
  noncurrentVersionExpireAfterDays: number;
  /** How many replaced versions are kept regardless of age (e.g. the last states to recover from). */
  keepNewestNoncurrentVersions?: number;
  /** Where S3 server access logs of this bucket go; absent only for the log bucket itself. */
  accessLogs?: { bucket: string; prefix: string };
  /** Statements added to the TLS-only bucket policy (e.g. the log delivery service). */
  extraPolicyStatements?: (bucketArn: string) => PolicyStatement[];
  /** Rules added to the version-expiry/abandoned-upload rule (archiving, expiry of current objects). */
  extraLifecycleRules?: S3BucketLifecycleConfigurationRule[];
  /**
   * `BucketOwnerPreferred` keeps ACLs usable, for the one writer that still delivers through an ACL grant
   * (CloudFront standard logs); every other bucket keeps the default, owner-enforced (ACLs disabled).
   */
  objectOwnership?: 'BucketOwnerEnforced' | 'BucketOwnerPreferred';
  /** Terraform refuses to plan a destroy of this bucket (state and release history must outlive refactors). */
  preventDestroy: boolean;
}

/**
 * An S3 bucket that is private by construction: all four public-access blocks, owner-enforced object ownership
 * (no ACLs), versioning, default encryption, a policy that denies every request not made over TLS, a lifecycle
 * that expires old versions and aborts abandoned multipart uploads, and server access logging.
 */
export class PrivateBucket extends Construct {
  readonly bucket: S3Bucket;
  /** Writers whose first delivery checks the bucket policy (CloudTrail, ALB logs) must depend on it. */
  readonly policy: S3BucketPolicy;
  readonly ownership: S3BucketOwnershipControls;

  constructor(scope: Construct, id: string, props: PrivateBucketProps) {
    super(scope, id);
    this.bucket = new S3Bucket(this, 'bucket', {
      bucket: props.bucketName,
      forceDestroy: false,
      lifecycle: { preventDestroy: props.preventDestroy },
    });
    const bucket = this.bucket.id;

    new S3BucketPublicAccessBlock(this, 'public-access-block', {
      bucket,
      blockPublicAcls: true,
      blockPublicPolicy: true,
      ignorePublicAcls: true,
      restrictPublicBuckets: true,
    });
    this.ownership = new S3BucketOwnershipControls(this, 'ownership', {
      bucket,
      rule: { objectOwnership: props.objectOwnership ?? 'BucketOwnerEnforced' },
    });
    new S3BucketVersioningA(this, 'versioning', {
      bucket,
      versioningConfiguration: { status: 'Enabled' },
    });
    new S3BucketServerSideEncryptionConfigurationA(this, 'encryption', {
      bucket,
      rule: [
        props.kmsKeyArn
          ? {
              applyServerSideEncryptionByDefault: {
                sseAlgorithm: 'aws:kms',
                kmsMasterKeyId: props.kmsKeyArn,
              },
              bucketKeyEnabled: true,
            }
          : { applyServerSideEncryptionByDefault: { sseAlgorithm: 'AES256' } },
      ],
    });
    this.policy = new S3BucketPolicy(this, 'policy', {
      bucket,
      policy: policyDocument([
        {
          Sid: 'DenyRequestsWithoutTls',
          Effect: 'Deny',
          Principal: '*',
          Action: 's3:*',
          Resource: [this.bucket.arn, `${this.bucket.arn}/*`],
          Condition: { Bool: { 'aws:SecureTransport': 'false' } },
        },
        ...(props.extraPolicyStatements?.(this.bucket.arn) ?? []),
      ]),
    });
    const rule: S3BucketLifecycleConfigurationRule = {
      id: 'expire-old-versions-and-abandoned-uploads',
      status: 'Enabled',
      filter: [{ prefix: '' }],
      noncurrentVersionExpiration: [
        {
          noncurrentDays: props.noncurrentVersionExpireAfterDays,
          newerNoncurrentVersions: props.keepNewestNoncurrentVersions,
        },
      ],
      abortIncompleteMultipartUpload: [{ daysAfterInitiation: 7 }],
    };
    new S3BucketLifecycleConfiguration(this, 'lifecycle', {
      bucket,
      rule: [rule, ...(props.extraLifecycleRules ?? [])],
    });
    if (props.accessLogs) {
      new S3BucketLoggingA(this, 'access-logs', {
        bucket,
        targetBucket: props.accessLogs.bucket,
        targetPrefix: props.accessLogs.prefix,
      });
    }
  }
}
