import { KmsKey } from '@cdktf/provider-aws/lib/kms-key';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  onlyResource,
  parsePolicy,
  resourcesOf,
  type SynthJson,
  stageNamed,
  synthConstruct,
  testAccount,
  tfRef,
} from '../test-support/synth-json';
import { AwsContext } from './aws-context';
import { Buckets } from './buckets';

function synthBuckets(
  stageName: string,
  serveStaticAssets = stageNamed(stageName).storage.cloudfront,
): SynthJson {
  return synthConstruct((stack) => {
    const context = new AwsContext(stack, 'context', { region: 'us-east-1' });
    const key = new KmsKey(stack, 'key', {});
    const buckets = new Buckets(stack, 'buckets', {
      account: testAccount(),
      stage: stageNamed(stageName),
      context,
      key,
    });
    if (serveStaticAssets)
      buckets.serveStaticAssetsThrough('arn:aws:cloudfront::111111111111:distribution/EXAMPLE');
  });
}

/** The logical id of the S3 bucket whose name contains `-<purpose>-`. */
function bucketId(json: SynthJson, purpose: string): string {
  const entry = Object.entries(resourcesOf(json, 'aws_s3_bucket')).find(([, bucket]) =>
    String(bucket.bucket).includes(`-${purpose}-$`),
  );
  if (!entry) throw new Error(`no bucket ${purpose}`);
  return entry[0];
}

/** The companion of `type` attached to the bucket with logical id `id`. */
function companionsOf(json: SynthJson, type: string, id: string) {
  return Object.values(resourcesOf(json, type)).filter(
    (resource) => resource.bucket === tfRef(`aws_s3_bucket.${id}.id`),
  );
}

describe('Buckets', () => {
  let mvp: SynthJson;
  let production: SynthJson;
  beforeAll(() => {
    mvp = synthBuckets('mvp');
    production = synthBuckets('production');
  });

  const ids = (json: SynthJson) => Object.keys(resourcesOf(json, 'aws_s3_bucket'));

  it('creates main, backup and logs buckets named after the stage and account', () => {
    const names = Object.values(resourcesOf(mvp, 'aws_s3_bucket')).map((bucket) => bucket.bucket);
    expect(names).toHaveLength(3);
    for (const purpose of ['main', 'backup', 'logs']) {
      expect(names).toContainEqual(
        expect.stringMatching(new RegExp(`^sigma-pli-mvp-${purpose}-\\$\\{data\\.aws_caller_identity`)),
      );
    }
  });

  it('gives every bucket all four public access blocks, versioning and a lifecycle that aborts stale uploads', () => {
    for (const id of ids(mvp)) {
      const [block] = companionsOf(mvp, 'aws_s3_bucket_public_access_block', id);
      expect(block).toMatchObject({
        block_public_acls: true,
        block_public_policy: true,
        ignore_public_acls: true,
        restrict_public_buckets: true,
      });
      expect(companionsOf(mvp, 'aws_s3_bucket_versioning', id)[0]).toMatchObject({
        versioning_configuration: { status: 'Enabled' },
      });
      const [lifecycle] = companionsOf(mvp, 'aws_s3_bucket_lifecycle_configuration', id);
      expect(JSON.stringify(lifecycle)).toContain(
        '"abort_incomplete_multipart_upload":[{"days_after_initiation":7}]',
      );
      expect(JSON.stringify(lifecycle)).toContain('"noncurrent_version_expiration":[{"noncurrent_days":30}]');
    }
  });

  it('denies every request without TLS in each bucket policy', () => {
    for (const id of ids(mvp)) {
      const [policy] = companionsOf(mvp, 'aws_s3_bucket_policy', id);
      const [deny] = parsePolicy(policy?.policy).Statement;
      expect(deny).toMatchObject({
        Effect: 'Deny',
        Principal: '*',
        Action: 's3:*',
        Condition: { Bool: { 'aws:SecureTransport': 'false' } },
      });
    }
  });

  it('encrypts main and backup with the KMS key and a bucket key, the logs bucket with SSE-S3', () => {
    for (const purpose of ['main', 'backup']) {
      const [encryption] = companionsOf(
        mvp,
        'aws_s3_bucket_server_side_encryption_configuration',
        bucketId(mvp, purpose),
      );
      expect(encryption?.rule).toEqual([
        {
          apply_server_side_encryption_by_default: {
            sse_algorithm: 'aws:kms',
            kms_master_key_id: tfRef('aws_kms_key.key.arn'),
          },
          bucket_key_enabled: true,
        },
      ]);
    }
    const [logs] = companionsOf(
      mvp,
      'aws_s3_bucket_server_side_encryption_configuration',
      bucketId(mvp, 'logs'),
    );
    expect(logs?.rule).toEqual([{ apply_server_side_encryption_by_default: { sse_algorithm: 'AES256' } }]);
  });

  it('sends server access logs of main and backup to the logs bucket, and none of the logs bucket', () => {
    const logsId = bucketId(mvp, 'logs');
    const logging = Object.values(resourcesOf(mvp, 'aws_s3_bucket_logging'));
    expect(logging).toHaveLength(2);
    for (const entry of logging) {
      expect(entry.target_bucket).toBe(tfRef(`aws_s3_bucket.${logsId}.id`));
      expect(entry.bucket).not.toBe(tfRef(`aws_s3_bucket.${logsId}.id`));
    }
  });

  it('moves backups to Glacier IR then Deep Archive and expires them, and expires logs, per the stage', () => {
    const backup = JSON.stringify(
      companionsOf(production, 'aws_s3_bucket_lifecycle_configuration', bucketId(production, 'backup')),
    );
    expect(backup).toContain(
      '{"days":30,"storage_class":"GLACIER_IR"},{"days":180,"storage_class":"DEEP_ARCHIVE"}',
    );
    expect(backup).toContain('"expiration":[{"days":2555}]');
    const logs = JSON.stringify(
      companionsOf(production, 'aws_s3_bucket_lifecycle_configuration', bucketId(production, 'logs')),
    );
    expect(logs).toContain('"expiration":[{"days":365}]');
  });

  it('lets ALB, S3 access logging and CloudTrail write into the logs bucket, each under its prefix', () => {
    const [policy] = companionsOf(mvp, 'aws_s3_bucket_policy', bucketId(mvp, 'logs'));
    const statements = parsePolicy(policy?.policy).Statement;
    const sids = statements.map((statement) => statement.Sid);
    expect(sids).toEqual([
      'DenyRequestsWithoutTls',
      'AlbAccessLogsLegacyRegions',
      'AlbAccessLogs',
      'S3ServerAccessLogs',
      'CloudTrailChecksAcl',
      'CloudTrailWrites',
    ]);
    const alb = statements.find((statement) => statement.Sid === 'AlbAccessLogs');
    expect(alb?.Resource).toMatch(/\/alb\/AWSLogs\/\$\{data\.aws_caller_identity\.[\w]+\.account_id\}\/\*$/);
    expect(statements[1]?.Principal).toEqual({
      AWS: expect.stringContaining('data.aws_elb_service_account'),
    });
  });

  it('keeps ACLs disabled everywhere unless the stage logs CloudFront, which needs the log-delivery grant', () => {
    expect(resourcesOf(mvp, 'aws_s3_bucket_acl')).toEqual({});
    for (const controls of Object.values(resourcesOf(mvp, 'aws_s3_bucket_ownership_controls'))) {
      expect(controls.rule).toEqual({ object_ownership: 'BucketOwnerEnforced' });
    }
    const [logsOwnership] = companionsOf(
      production,
      'aws_s3_bucket_ownership_controls',
      bucketId(production, 'logs'),
    );
    expect(logsOwnership?.rule).toEqual({ object_ownership: 'BucketOwnerPreferred' });
    const acl = onlyResource(production, 'aws_s3_bucket_acl');
    expect(JSON.stringify(acl)).toContain('data.aws_cloudfront_log_delivery_canonical_user_id');
    for (const purpose of ['main', 'backup']) {
      const [ownership] = companionsOf(
        production,
        'aws_s3_bucket_ownership_controls',
        bucketId(production, purpose),
      );
      expect(ownership?.rule).toEqual({ object_ownership: 'BucketOwnerEnforced' });
    }
  });

  it('leaves no bucket without its companions', () => {
    for (const json of [mvp, production]) {
      for (const id of ids(json)) {
        for (const type of [
          'aws_s3_bucket_public_access_block',
          'aws_s3_bucket_ownership_controls',
          'aws_s3_bucket_server_side_encryption_configuration',
          'aws_s3_bucket_versioning',
          'aws_s3_bucket_lifecycle_configuration',
          'aws_s3_bucket_policy',
        ]) {
          expect(companionsOf(json, type, id), `${type} of ${id}`).toHaveLength(1);
        }
      }
    }
  });

  it('refuses a stage with CloudFront whose static assets no distribution serves', () => {
    expect(() => synthBuckets('production', false)).toThrow(
      /storage\.cloudfront of stage production is on but no distribution serves the main bucket/,
    );
  });
});
