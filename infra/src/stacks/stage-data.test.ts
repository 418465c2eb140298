import type { StageDefinition } from '@sigma-pli/config';
import { Testing } from 'cdktf';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  onlyResource,
  parsePolicy,
  platformConfig,
  resourcesOf,
  type SynthJson,
  stageNamed,
} from '../test-support/synth-json';
import { StageStack } from './stage-stack';

/** Top-level construct ids of the data, storage, secrets, monitoring and audit part of a stage. */
const DATA_AND_OBSERVABILITY = new Set([
  'keys',
  'log-groups',
  'buckets',
  'secrets',
  'alerts',
  'database',
  'cache',
  'health-canary',
  'monitoring',
  'real-user-monitoring',
  'application-insights',
  'cdn',
  'audit',
]);

/** Resource count per Terraform type of those constructs, sorted by type. */
function dataCounts(json: SynthJson): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const [type, resources] of Object.entries(json.resource ?? {}).sort(([a], [b]) =>
    a.localeCompare(b),
  )) {
    for (const logicalId of Object.keys(resources)) {
      const owner = logicalId.split('_')[0];
      if (owner && DATA_AND_OBSERVABILITY.has(owner)) counts[type] = (counts[type] ?? 0) + 1;
    }
  }
  return counts;
}

function synthStage(stage: StageDefinition): SynthJson {
  return JSON.parse(
    Testing.synth(new StageStack(Testing.app(), { account: platformConfig().account, stage })),
  );
}

describe('StageStack: data, storage, secrets, monitoring and audit', () => {
  const stacks: Record<string, SynthJson> = {};
  beforeAll(() => {
    for (const stage of platformConfig().stages) stacks[stage.name] = synthStage(stage);
  });
  const stack = (name: string): SynthJson => {
    const json = stacks[name];
    if (!json) throw new Error(`no stage ${name}`);
    return json;
  };

  it('mvp: single-AZ database, basic alarms, no cache, CDN, trail, canary or dashboard', () => {
    expect(dataCounts(stack('mvp'))).toMatchInlineSnapshot(`
      {
        "aws_cloudwatch_log_group": 8,
        "aws_cloudwatch_metric_alarm": 8,
        "aws_db_instance": 1,
        "aws_db_parameter_group": 1,
        "aws_db_subnet_group": 1,
        "aws_iam_role": 1,
        "aws_iam_role_policy_attachment": 1,
        "aws_kms_alias": 3,
        "aws_kms_key": 3,
        "aws_s3_bucket": 3,
        "aws_s3_bucket_lifecycle_configuration": 3,
        "aws_s3_bucket_logging": 2,
        "aws_s3_bucket_ownership_controls": 3,
        "aws_s3_bucket_policy": 3,
        "aws_s3_bucket_public_access_block": 3,
        "aws_s3_bucket_server_side_encryption_configuration": 3,
        "aws_s3_bucket_versioning": 3,
        "aws_secretsmanager_secret": 3,
        "aws_secretsmanager_secret_rotation": 1,
        "aws_secretsmanager_secret_version": 1,
        "aws_sns_topic": 1,
      }
    `);
  });

  it('growth: Multi-AZ database, full alarms, canary and CloudTrail', () => {
    expect(dataCounts(stack('growth'))).toMatchInlineSnapshot(`
      {
        "aws_cloudtrail": 1,
        "aws_cloudwatch_log_group": 9,
        "aws_cloudwatch_metric_alarm": 11,
        "aws_db_instance": 1,
        "aws_db_parameter_group": 1,
        "aws_db_subnet_group": 1,
        "aws_iam_role": 3,
        "aws_iam_role_policy": 2,
        "aws_iam_role_policy_attachment": 1,
        "aws_kms_alias": 3,
        "aws_kms_key": 3,
        "aws_s3_bucket": 3,
        "aws_s3_bucket_lifecycle_configuration": 3,
        "aws_s3_bucket_logging": 2,
        "aws_s3_bucket_ownership_controls": 3,
        "aws_s3_bucket_policy": 3,
        "aws_s3_bucket_public_access_block": 3,
        "aws_s3_bucket_server_side_encryption_configuration": 3,
        "aws_s3_bucket_versioning": 3,
        "aws_secretsmanager_secret": 3,
        "aws_secretsmanager_secret_rotation": 1,
        "aws_secretsmanager_secret_version": 1,
        "aws_sns_topic": 1,
        "aws_synthetics_canary": 1,
      }
    `);
  });

  it('production: replica, Redis, CloudFront, dashboard, RUM, Application Insights, Backup and Config', () => {
    expect(dataCounts(stack('production'))).toMatchInlineSnapshot(`
      {
        "aws_acm_certificate": 1,
        "aws_acm_certificate_validation": 1,
        "aws_applicationinsights_application": 1,
        "aws_backup_plan": 1,
        "aws_backup_selection": 1,
        "aws_backup_vault": 1,
        "aws_cloudfront_distribution": 1,
        "aws_cloudfront_origin_access_control": 1,
        "aws_cloudfront_response_headers_policy": 1,
        "aws_cloudtrail": 1,
        "aws_cloudwatch_dashboard": 1,
        "aws_cloudwatch_log_group": 12,
        "aws_cloudwatch_metric_alarm": 18,
        "aws_cognito_identity_pool": 1,
        "aws_cognito_identity_pool_roles_attachment": 1,
        "aws_config_config_rule": 5,
        "aws_config_configuration_recorder": 1,
        "aws_config_configuration_recorder_status": 1,
        "aws_config_delivery_channel": 1,
        "aws_db_instance": 2,
        "aws_db_parameter_group": 1,
        "aws_db_subnet_group": 1,
        "aws_ebs_encryption_by_default": 1,
        "aws_elasticache_replication_group": 1,
        "aws_elasticache_subnet_group": 1,
        "aws_iam_role": 6,
        "aws_iam_role_policy": 3,
        "aws_iam_role_policy_attachment": 4,
        "aws_kms_alias": 3,
        "aws_kms_key": 3,
        "aws_resourcegroups_group": 1,
        "aws_rum_app_monitor": 1,
        "aws_s3_bucket": 3,
        "aws_s3_bucket_acl": 1,
        "aws_s3_bucket_lifecycle_configuration": 3,
        "aws_s3_bucket_logging": 2,
        "aws_s3_bucket_ownership_controls": 3,
        "aws_s3_bucket_policy": 3,
        "aws_s3_bucket_public_access_block": 3,
        "aws_s3_bucket_server_side_encryption_configuration": 3,
        "aws_s3_bucket_versioning": 3,
        "aws_secretsmanager_secret": 4,
        "aws_secretsmanager_secret_rotation": 1,
        "aws_secretsmanager_secret_version": 2,
        "aws_sns_topic": 1,
        "aws_synthetics_canary": 1,
        "aws_wafv2_web_acl": 1,
        "aws_wafv2_web_acl_logging_configuration": 1,
        "cloudflare_dns_record": 2,
      }
    `);
  });

  it('requires a Terraform that knows ephemeral resources and write-only arguments', () => {
    for (const json of Object.values(stacks)) {
      expect((json as { terraform?: { required_version?: string } }).terraform?.required_version).toBe(
        '>= 1.11',
      );
    }
  });

  it('alarms on this stage’s load balancer and target group', () => {
    const json = stack('production');
    const [loadBalancerId] = Object.keys(resourcesOf(json, 'aws_lb'));
    const [targetGroupId] = Object.keys(resourcesOf(json, 'aws_lb_target_group'));
    const p95 = Object.values(resourcesOf(json, 'aws_cloudwatch_metric_alarm')).find(
      (alarm) => alarm.alarm_name === 'sigma-pli-production-alb-p95-latency',
    );
    expect(p95?.dimensions).toEqual({
      LoadBalancer: `\${aws_lb.${loadBalancerId}.arn_suffix}`,
      TargetGroup: `\${aws_lb_target_group.${targetGroupId}.arn_suffix}`,
    });
  });

  it('lets the instances read exactly the database, Redis, admin, session and integrations secrets of their own stage', () => {
    const json = stack('production');
    const statements = Object.values(resourcesOf(json, 'aws_iam_role_policy')).flatMap(
      (policy) => parsePolicy(policy.policy).Statement,
    );
    const read = statements.find((statement) => JSON.stringify(statement.Action).includes('GetSecretValue'));
    const [primaryId] = Object.entries(resourcesOf(json, 'aws_db_instance')).find(
      ([, instance]) => !instance.replicate_source_db,
    ) ?? [''];
    const secretId = (name: string) =>
      Object.entries(resourcesOf(json, 'aws_secretsmanager_secret')).find(
        ([, secret]) => secret.name === `sigma-pli/production/${name}`,
      )?.[0];
    expect([...((read?.Resource ?? []) as string[])].sort()).toEqual(
      [
        `\${aws_db_instance.${primaryId}.master_user_secret[0].secret_arn}`,
        `\${aws_secretsmanager_secret.${secretId('redis-auth')}.arn}`,
        `\${aws_secretsmanager_secret.${secretId('admin-bootstrap')}.arn}`,
        `\${aws_secretsmanager_secret.${secretId('session-signing')}.arn}`,
        `\${aws_secretsmanager_secret.${secretId('integrations')}.arn}`,
      ].sort(),
    );
    // The boot script is handed the same secrets by ARN (never a value).
    const userData = Object.values(json.locals ?? {}).find(
      (value): value is string => typeof value === 'string' && value.includes('SESSION_SECRET_ARN='),
    );
    expect(userData).toContain(
      `SESSION_SECRET_ARN=\${aws_secretsmanager_secret.${secretId('session-signing')}.arn}\n`,
    );
    expect(userData).toContain(
      `INTEGRATIONS_SECRET_ARN=\${aws_secretsmanager_secret.${secretId('integrations')}.arn}\n`,
    );
  });

  it('checks the public readiness URL of the stage from outside', () => {
    expect(onlyResource(stack('production'), 'aws_synthetics_canary').schedule).toEqual({
      expression: 'rate(1 minute)',
    });
    const canary = onlyResource(stack('growth'), 'aws_synthetics_canary');
    expect(canary.schedule).toEqual({ expression: 'rate(5 minutes)' });
    expect(canary.run_config).toMatchObject({
      environment_variables: { HEALTH_URL: expect.stringMatching(/^https:\/\/[a-z0-9.-]+\/health\/ready$/) },
    });
  });

  it('creates no RDS resource when the stage points at an existing database', () => {
    const mvp = stageNamed('mvp');
    const json = synthStage({
      ...mvp,
      database: {
        ...mvp.database,
        mode: 'existing',
        existing: {
          endpoint: 'shared-db.example.internal',
          port: 5432,
          databaseName: 'sigma_pli',
          secretArn: 'arn:aws:secretsmanager:us-east-1:111111111111:secret:shared-db-AbCdEf',
        },
      },
    });
    for (const type of ['aws_db_instance', 'aws_db_parameter_group', 'aws_db_subnet_group']) {
      expect(resourcesOf(json, type), type).toEqual({});
    }
    expect(JSON.stringify(resourcesOf(json, 'aws_iam_role_policy'))).toContain(
      'arn:aws:secretsmanager:us-east-1:111111111111:secret:shared-db-AbCdEf',
    );
  });
});
