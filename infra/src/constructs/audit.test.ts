import { KmsKey } from '@cdktf/provider-aws/lib/kms-key';
import type { StageDefinition } from '@sigma-pli/config';
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
import { Audit, CONFIG_MANAGED_RULES } from './audit';
import { AwsContext } from './aws-context';
import { Buckets } from './buckets';

const DATABASE_ARN = 'arn:aws:rds:us-east-1:111111111111:db:sigma-pli-production-db';

function synthAudit(stage: StageDefinition): SynthJson {
  return synthConstruct((stack) => {
    const context = new AwsContext(stack, 'context', { region: 'us-east-1' });
    const storageKey = new KmsKey(stack, 'storage', {});
    const buckets = new Buckets(stack, 'buckets', {
      account: testAccount(),
      stage,
      context,
      key: storageKey,
    });
    buckets.serveStaticAssetsThrough('arn:aws:cloudfront::111111111111:distribution/EXAMPLE');
    new Audit(stack, 'audit', {
      account: testAccount(),
      stage,
      context,
      buckets,
      storageKey,
      databaseKey: new KmsKey(stack, 'database', {}),
      databaseArn: DATABASE_ARN,
    });
  });
}

describe('Audit', () => {
  let mvp: SynthJson;
  let production: SynthJson;
  beforeAll(() => {
    mvp = synthAudit(stageNamed('mvp'));
    production = synthAudit(stageNamed('production'));
  });

  it('keeps a multi-region, validated, KMS-encrypted trail in the logs bucket and a CloudWatch log group', () => {
    const trail = onlyResource(production, 'aws_cloudtrail');
    expect(trail).toMatchObject({
      name: 'sigma-pli-production-trail',
      is_multi_region_trail: true,
      include_global_service_events: true,
      enable_log_file_validation: true,
      kms_key_id: tfRef('aws_kms_key.storage.arn'),
      s3_key_prefix: 'cloudtrail',
    });
    expect(trail.s3_bucket_name).toMatch(/^\$\{aws_s3_bucket\.buckets_logs_bucket_[\w]+\.id\}$/);
    expect(trail.cloud_watch_logs_group_arn).toMatch(/^\$\{aws_cloudwatch_log_group\.[\w-]+\.arn\}:\*$/);
    expect(trail.depends_on).toEqual([expect.stringMatching(/^aws_s3_bucket_policy\.buckets_logs_policy/)]);
    expect(onlyResource(production, 'aws_cloudwatch_log_group')).toMatchObject({
      name: '/sigma-pli/production/cloudtrail',
      retention_in_days: 90,
      kms_key_id: tfRef('aws_kms_key.storage.arn'),
    });
  });

  it('turns on EBS encryption by default only in the stage that owns it for the region', () => {
    expect(onlyResource(production, 'aws_ebs_encryption_by_default').enabled).toBe(true);
    expect(resourcesOf(mvp, 'aws_ebs_encryption_by_default')).toEqual({});
  });

  it('has no trail, backup plan or Config recorder in mvp', () => {
    for (const type of ['aws_cloudtrail', 'aws_backup_plan', 'aws_config_configuration_recorder']) {
      expect(resourcesOf(mvp, type)).toEqual({});
    }
  });

  it('backs the database up daily into a KMS vault, kept for the configured days', () => {
    const plan = onlyResource(production, 'aws_backup_plan');
    expect(plan.rule).toEqual([
      expect.objectContaining({
        rule_name: 'daily',
        schedule: 'cron(0 5 * * ? *)',
        lifecycle: { delete_after: 35 },
      }),
    ]);
    expect(onlyResource(production, 'aws_backup_vault').kms_key_arn).toBe(tfRef('aws_kms_key.database.arn'));
    expect(onlyResource(production, 'aws_backup_selection').resources).toEqual([DATABASE_ARN]);
  });

  it('copies backups to a second region when configured', () => {
    const base = stageNamed('production');
    const json = synthAudit({
      ...base,
      audit: { ...base.audit, awsBackup: { retentionDays: 35, copyToRegion: 'sa-east-1' } },
    });
    const vaults = Object.entries(resourcesOf(json, 'aws_backup_vault'));
    const copy = vaults.find(([, vault]) => vault.region === 'sa-east-1');
    expect(copy?.[1].name).toBe('sigma-pli-production-backup-copy');
    const [rule] = onlyResource(json, 'aws_backup_plan').rule as Record<string, unknown>[];
    expect(rule?.copy_action).toEqual([
      { destination_vault_arn: tfRef(`aws_backup_vault.${copy?.[0]}.arn`), lifecycle: { delete_after: 35 } },
    ]);
  });

  it('records configuration with AWS Config and checks the managed rules, delivering to the logs bucket', () => {
    const rules = Object.values(resourcesOf(production, 'aws_config_config_rule'));
    expect(
      rules.map((rule) => (rule.source as { source_identifier: string }).source_identifier).sort(),
    ).toEqual(Object.values(CONFIG_MANAGED_RULES).sort());
    expect(onlyResource(production, 'aws_config_configuration_recorder').recording_group).toMatchObject({
      all_supported: true,
    });
    expect(onlyResource(production, 'aws_config_configuration_recorder_status').is_enabled).toBe(true);
    expect(onlyResource(production, 'aws_config_delivery_channel').s3_key_prefix).toBe('config');
    const logsPolicy = Object.values(resourcesOf(production, 'aws_s3_bucket_policy'))
      .map((policy) => parsePolicy(policy.policy).Statement)
      .find((statements) => statements.some((statement) => statement.Sid === 'ConfigWrites'));
    expect(logsPolicy?.find((statement) => statement.Sid === 'ConfigWrites')?.Resource).toMatch(
      /\/config\/AWSLogs\/\$\{data\.aws_caller_identity\.[\w]+\.account_id\}\/Config\/\*$/,
    );
  });
});
