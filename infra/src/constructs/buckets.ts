import { DataAwsCanonicalUserId } from '@cdktf/provider-aws/lib/data-aws-canonical-user-id';
import { DataAwsCloudfrontLogDeliveryCanonicalUserId } from '@cdktf/provider-aws/lib/data-aws-cloudfront-log-delivery-canonical-user-id';
import { DataAwsElbServiceAccount } from '@cdktf/provider-aws/lib/data-aws-elb-service-account';
import type { KmsKey } from '@cdktf/provider-aws/lib/kms-key';
import type { S3Bucket } from '@cdktf/provider-aws/lib/s3-bucket';
import { S3BucketAcl } from '@cdktf/provider-aws/lib/s3-bucket-acl';
import type { S3BucketLifecycleConfigurationRule } from '@cdktf/provider-aws/lib/s3-bucket-lifecycle-configuration';
import type { S3BucketPolicy } from '@cdktf/provider-aws/lib/s3-bucket-policy';
import type { AccountSettings, StageDefinition } from '@sigma-pli/config';
import { Lazy } from 'cdktf';
import { Construct } from 'constructs';
import { resourceName } from '../naming';
import type { PolicyStatement } from '../policy';
import type { AwsContext } from './aws-context';
import { PrivateBucket } from './private-bucket';

/** Key prefixes inside the logs bucket, one per writer, so each writer's permission names only its own prefix. */
export const LOG_PREFIXES = {
  alb: 'alb',
  s3Access: 's3-access',
  cloudFront: 'cloudfront',
  cloudTrail: 'cloudtrail',
  canary: 'synthetics',
  config: 'config',
} as const;

/** Prefix of the main bucket that holds the public static assets CloudFront serves. */
export const STATIC_ASSETS_PREFIX = 'static';

export interface BucketsProps {
  account: AccountSettings;
  stage: StageDefinition;
  context: AwsContext;
  /** Encrypts the main and backup buckets. */
  key: KmsKey;
}

interface SecureBucketOptions {
  purpose: string;
  /** A KMS key, or `undefined` for SSE-S3 (the only encryption ALB and S3 access-log delivery accept). */
  key?: KmsKey;
  /** Rules added to the abort-multipart and noncurrent-expiry rules every bucket has. */
  lifecycle: S3BucketLifecycleConfigurationRule[];
  /** Statements added to the TLS-only statement of the bucket policy, given the bucket's ARN. */
  statements: (bucketArn: string) => PolicyStatement[];
  /** Where server access logs go; the logs bucket does not log to itself. */
  accessLogsTo?: S3Bucket;
  /** CloudFront standard logs are written through an ACL grant, so a bucket receiving them must keep ACLs. */
  acceptsAclDelivery?: boolean;
}

/**
 * The stage's three S3 buckets, each private, encrypted, versioned, TLS-only, with lifecycle rules and (except the
 * logs bucket) server access logs to the logs bucket:
 * - `main`: uploads, documents and static assets (served by CloudFront where the stage has it);
 * - `backup`: database dumps, code and config backups, moving to Glacier Instant Retrieval, then Deep Archive;
 * - `logs`: ALB, S3 access, CloudFront, CloudTrail and canary logs, expiring per the stage.
 * Release tarballs are not here: they live in the account-level release bucket.
 */
export class Buckets extends Construct {
  readonly main: S3Bucket;
  readonly backup: S3Bucket;
  readonly logs: S3Bucket;
  /** The logs bucket's policy: writers (CloudTrail, the ALB) must depend on it, or their first delivery fails. */
  readonly logsPolicy: S3BucketPolicy;
  /** The ACL grant CloudFront standard logging checks when a distribution is created (stages with CloudFront). */
  readonly logsAcl?: S3BucketAcl;

  private readonly props: BucketsProps;
  private staticAssetsDistributionArn?: string;

  constructor(scope: Construct, id: string, props: BucketsProps) {
    super(scope, id);
    this.props = props;
    const storage = props.stage.storage;
    const cloudFrontLogs = storage.cloudfront;

    const logs = this.secureBucket({
      purpose: 'logs',
      lifecycle: [
        {
          id: 'expire-logs',
          status: 'Enabled',
          filter: [{ prefix: '' }],
          expiration: [{ days: storage.logsExpireAfterDays }],
        },
      ],
      statements: (bucketArn) => this.logDeliveryStatements(bucketArn),
      acceptsAclDelivery: cloudFrontLogs,
    });
    this.logs = logs.bucket;
    this.logsPolicy = logs.policy;

    this.main = this.secureBucket({
      purpose: 'main',
      key: props.key,
      lifecycle: [],
      statements: (bucketArn) => (storage.cloudfront ? [this.cloudFrontReadStatement(bucketArn)] : []),
      accessLogsTo: this.logs,
    }).bucket;

    this.backup = this.secureBucket({
      purpose: 'backup',
      key: props.key,
      lifecycle: [
        {
          id: 'archive-then-expire',
          status: 'Enabled',
          filter: [{ prefix: '' }],
          transition: [
            { days: storage.backupToGlacierIrAfterDays, storageClass: 'GLACIER_IR' },
            { days: storage.backupToDeepArchiveAfterDays, storageClass: 'DEEP_ARCHIVE' },
          ],
          expiration: [{ days: storage.backupExpireAfterDays }],
        },
      ],
      statements: () => [],
      accessLogsTo: this.logs,
    }).bucket;

    if (cloudFrontLogs) {
      // Legacy CloudFront standard logging writes with the awslogsdelivery account's ACL grant.
      const owner = new DataAwsCanonicalUserId(this, 'owner');
      const cloudFront = new DataAwsCloudfrontLogDeliveryCanonicalUserId(this, 'cloudfront-log-delivery');
      this.logsAcl = new S3BucketAcl(this, 'logs-acl', {
        bucket: this.logs.id,
        accessControlPolicy: {
          owner: { id: owner.id },
          grant: [
            { grantee: { id: owner.id, type: 'CanonicalUser' }, permission: 'FULL_CONTROL' },
            { grantee: { id: cloudFront.id, type: 'CanonicalUser' }, permission: 'FULL_CONTROL' },
          ],
        },
        dependsOn: [logs.ownership],
      });
    }
  }

  /** Names the distribution that may read the static assets (the stage's Cdn); required when it has CloudFront. */
  serveStaticAssetsThrough(distributionArn: string): void {
    this.staticAssetsDistributionArn = distributionArn;
  }

  private cloudFrontReadStatement(bucketArn: string): PolicyStatement {
    const distributionArn = Lazy.stringValue({
      produce: () => {
        if (!this.staticAssetsDistributionArn) {
          throw new Error(
            `storage.cloudfront of stage ${this.props.stage.name} is on but no distribution serves the main bucket`,
          );
        }
        return this.staticAssetsDistributionArn;
      },
    });
    return {
      Sid: 'CloudFrontReadsStaticAssets',
      Effect: 'Allow',
      Principal: { Service: 'cloudfront.amazonaws.com' },
      Action: 's3:GetObject',
      Resource: `${bucketArn}/${STATIC_ASSETS_PREFIX}/*`,
      Condition: { StringEquals: { 'AWS:SourceArn': distributionArn } },
    };
  }

  private secureBucket(options: SecureBucketOptions): PrivateBucket {
    const { account, stage, context } = this.props;
    const { purpose } = options;
    return new PrivateBucket(this, purpose, {
      bucketName: `${resourceName(account, stage, purpose)}-${context.accountId}`,
      kmsKeyArn: options.key?.arn,
      noncurrentVersionExpireAfterDays: stage.storage.noncurrentVersionExpireAfterDays,
      accessLogs: options.accessLogsTo && {
        bucket: options.accessLogsTo.id,
        prefix: `${LOG_PREFIXES.s3Access}/${purpose}/`,
      },
      extraPolicyStatements: options.statements,
      extraLifecycleRules: options.lifecycle,
      objectOwnership: options.acceptsAclDelivery ? 'BucketOwnerPreferred' : 'BucketOwnerEnforced',
      // Uploads, backups and audit logs must survive a refactor that would otherwise replace the bucket.
      preventDestroy: true,
    });
  }

  /** Who may write into the logs bucket, each service only under its own prefix and for this account. */
  private logDeliveryStatements(bucketArn: string): PolicyStatement[] {
    const { context, stage } = this.props;
    const accountLogs = (prefix: string) => `${bucketArn}/${prefix}/AWSLogs/${context.accountId}/*`;
    const fromThisAccount = { StringEquals: { 'aws:SourceAccount': context.accountId } };
    // Regions opened before August 2022 deliver ALB logs as the regional ELB account; newer ones as the service.
    const elbAccount = new DataAwsElbServiceAccount(this, 'elb-account', {});
    return [
      {
        Sid: 'AlbAccessLogsLegacyRegions',
        Effect: 'Allow',
        Principal: { AWS: elbAccount.arn },
        Action: 's3:PutObject',
        Resource: accountLogs(LOG_PREFIXES.alb),
      },
      {
        Sid: 'AlbAccessLogs',
        Effect: 'Allow',
        Principal: { Service: 'logdelivery.elasticloadbalancing.amazonaws.com' },
        Action: 's3:PutObject',
        Resource: accountLogs(LOG_PREFIXES.alb),
      },
      {
        Sid: 'S3ServerAccessLogs',
        Effect: 'Allow',
        Principal: { Service: 'logging.s3.amazonaws.com' },
        Action: 's3:PutObject',
        Resource: `${bucketArn}/${LOG_PREFIXES.s3Access}/*`,
        Condition: fromThisAccount,
      },
      {
        Sid: 'CloudTrailChecksAcl',
        Effect: 'Allow',
        Principal: { Service: 'cloudtrail.amazonaws.com' },
        Action: 's3:GetBucketAcl',
        Resource: bucketArn,
        Condition: fromThisAccount,
      },
      {
        Sid: 'CloudTrailWrites',
        Effect: 'Allow',
        Principal: { Service: 'cloudtrail.amazonaws.com' },
        Action: 's3:PutObject',
        Resource: accountLogs(LOG_PREFIXES.cloudTrail),
        Condition: {
          StringEquals: {
            's3:x-amz-acl': 'bucket-owner-full-control',
            'aws:SourceAccount': context.accountId,
          },
        },
      },
      ...(stage.audit.awsConfig ? this.configDeliveryStatements(bucketArn) : []),
    ];
  }

  /** AWS Config's delivery channel checks the bucket, then writes snapshots and history under its prefix. */
  private configDeliveryStatements(bucketArn: string): PolicyStatement[] {
    const { context } = this.props;
    const principal = { Service: 'config.amazonaws.com' };
    const fromThisAccount = { StringEquals: { 'AWS:SourceAccount': context.accountId } };
    return [
      {
        Sid: 'ConfigChecksBucket',
        Effect: 'Allow',
        Principal: principal,
        Action: ['s3:GetBucketAcl', 's3:ListBucket'],
        Resource: bucketArn,
        Condition: fromThisAccount,
      },
      {
        Sid: 'ConfigWrites',
        Effect: 'Allow',
        Principal: principal,
        Action: 's3:PutObject',
        Resource: `${bucketArn}/${LOG_PREFIXES.config}/AWSLogs/${context.accountId}/Config/*`,
        Condition: {
          StringEquals: {
            's3:x-amz-acl': 'bucket-owner-full-control',
            'AWS:SourceAccount': context.accountId,
          },
        },
      },
    ];
  }
}
