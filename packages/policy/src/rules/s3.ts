import { policyStatements, type TfResource } from '@sigma-pli/terraform-json';
import type { RuleContext } from '../types';
import { block, blocks, companions, isTrue, resourceRule } from './helpers';

const BUCKET = ['aws_s3_bucket'];
const PUBLIC_ACCESS_FLAGS = [
  'block_public_acls',
  'block_public_policy',
  'ignore_public_acls',
  'restrict_public_buckets',
];

/** Fails unless some companion of `type` (pointing at the bucket through `bucket`) satisfies `ok`. */
const withCompanion =
  (type: string, ok: (companion: TfResource, context: RuleContext) => string | undefined) =>
  (bucket: TfResource, context: RuleContext): string | undefined => {
    const found = companions(context, bucket, type, 'bucket');
    if (found.length === 0) return `no ${type} references this bucket`;
    const problems = found.map((companion) => ok(companion, context));
    return problems.some((problem) => problem === undefined) ? undefined : problems.join('; ');
  };

/** A bucket that receives other buckets' server access logs (it cannot log to itself without a loop). */
const isAccessLogTarget = (bucket: TfResource, context: RuleContext): boolean =>
  context.document.referencing(bucket, 'aws_s3_bucket_logging', 'target_bucket').length > 0;

export const S3_RULES = [
  resourceRule({
    id: 's3-public-access-block',
    title: 'S3 bucket blocks all public access',
    severity: 'critical',
    checkov: ['CKV2_AWS_6', 'CKV_AWS_53', 'CKV_AWS_54', 'CKV_AWS_55', 'CKV_AWS_56'],
    trivy: ['AVD-AWS-0086', 'AVD-AWS-0087', 'AVD-AWS-0091', 'AVD-AWS-0093', 'AVD-AWS-0094'],
    fsbp: ['S3.8'],
    fix: 'Add aws_s3_bucket_public_access_block { bucket = bucket.id } with all four flags true.',
    resourceTypes: BUCKET,
    check: withCompanion('aws_s3_bucket_public_access_block', (block) => {
      const off = PUBLIC_ACCESS_FLAGS.filter((flag) => !isTrue(block.config[flag]));
      return off.length === 0 ? undefined : `${off.join(', ')} not true`;
    }),
  }),
  resourceRule({
    id: 's3-encryption',
    title: 'S3 bucket has default encryption with KMS',
    severity: 'high',
    checkov: ['CKV_AWS_145', 'CKV_AWS_19'],
    trivy: ['AVD-AWS-0088', 'AVD-AWS-0132'],
    fsbp: ['S3.4', 'S3.17'],
    fix: 'Add aws_s3_bucket_server_side_encryption_configuration with sse_algorithm "aws:kms", the key and bucket_key_enabled.',
    resourceTypes: BUCKET,
    check: withCompanion('aws_s3_bucket_server_side_encryption_configuration', (configuration) => {
      const rules = blocks(configuration.config.rule);
      const kms = rules.some((rule) =>
        String(block(rule, 'apply_server_side_encryption_by_default').sse_algorithm).startsWith('aws:kms'),
      );
      return kms ? undefined : 'sse_algorithm is not aws:kms';
    }),
  }),
  resourceRule({
    id: 's3-versioning',
    title: 'S3 bucket versioning is enabled',
    severity: 'medium',
    checkov: ['CKV_AWS_21'],
    trivy: ['AVD-AWS-0090'],
    fsbp: ['S3.14'],
    fix: 'Add aws_s3_bucket_versioning { versioning_configuration { status = "Enabled" } }.',
    resourceTypes: BUCKET,
    check: withCompanion('aws_s3_bucket_versioning', (versioning) =>
      block(versioning.config, 'versioning_configuration').status === 'Enabled'
        ? undefined
        : 'status is not Enabled',
    ),
  }),
  resourceRule({
    id: 's3-tls-only',
    title: 'S3 bucket policy denies requests without TLS',
    severity: 'high',
    checkov: ['CKV_AWS_379'],
    trivy: [],
    fsbp: ['S3.5'],
    fix: 'Add a bucket policy statement: Deny s3:* when Bool aws:SecureTransport = false.',
    resourceTypes: BUCKET,
    check: withCompanion('aws_s3_bucket_policy', (policy, context) =>
      policyStatements(context.document, policy.config.policy).some(
        (statement) =>
          statement.effect === 'Deny' &&
          statement.conditions.some(
            (condition) =>
              condition.variable === 'aws:SecureTransport' &&
              condition.test === 'Bool' &&
              condition.values.includes('false'),
          ),
      )
        ? undefined
        : 'no Deny statement on aws:SecureTransport = false',
    ),
  }),
  resourceRule({
    id: 's3-ownership-controls',
    title: 'S3 bucket disables ACLs (BucketOwnerEnforced)',
    severity: 'medium',
    checkov: ['CKV2_AWS_65'],
    trivy: [],
    fsbp: ['S3.12'],
    fix: 'Add aws_s3_bucket_ownership_controls { rule { object_ownership = "BucketOwnerEnforced" } }.',
    resourceTypes: BUCKET,
    check: withCompanion('aws_s3_bucket_ownership_controls', (controls) =>
      block(controls.config, 'rule').object_ownership === 'BucketOwnerEnforced'
        ? undefined
        : 'object_ownership is not BucketOwnerEnforced',
    ),
  }),
  resourceRule({
    id: 's3-access-logging',
    title: 'S3 bucket logs server access to the logs bucket',
    severity: 'medium',
    checkov: ['CKV_AWS_18'],
    trivy: ['AVD-AWS-0089'],
    fsbp: ['S3.9'],
    fix: 'Add aws_s3_bucket_logging { bucket = bucket.id, target_bucket = logs.id } (the logs bucket itself is exempt).',
    resourceTypes: BUCKET,
    applies: (bucket, context) => !isAccessLogTarget(bucket, context),
    check: (bucket, context) =>
      companions(context, bucket, 'aws_s3_bucket_logging', 'bucket').length > 0
        ? undefined
        : 'no aws_s3_bucket_logging for this bucket',
  }),
  resourceRule({
    id: 's3-lifecycle',
    title: 'S3 bucket has a lifecycle that aborts incomplete multipart uploads',
    severity: 'low',
    checkov: ['CKV2_AWS_61', 'CKV_AWS_300'],
    trivy: [],
    fsbp: ['S3.13'],
    fix: 'Add aws_s3_bucket_lifecycle_configuration with an enabled rule { abort_incomplete_multipart_upload { days_after_initiation = 7 } }.',
    resourceTypes: BUCKET,
    check: withCompanion('aws_s3_bucket_lifecycle_configuration', (lifecycle) =>
      blocks(lifecycle.config.rule).some(
        (rule) => rule.status === 'Enabled' && blocks(rule.abort_incomplete_multipart_upload).length > 0,
      )
        ? undefined
        : 'no enabled rule aborts incomplete multipart uploads',
    ),
  }),
];
