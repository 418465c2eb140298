import { requireSet, requireTrue, resourceRule, stackRule } from './helpers';

const TRAIL = ['aws_cloudtrail'];

export const AUDIT_RULES = [
  stackRule({
    id: 'cloudtrail-present',
    title: 'A CloudTrail trail exists where the stage enables it',
    severity: 'high',
    checkov: [],
    trivy: [],
    fsbp: ['CloudTrail.1'],
    fix: 'Compose the audit construct (stage.audit.cloudTrail).',
    applies: (context) => context.stage?.audit.cloudTrail === true,
    check: (context) =>
      context.document.resources('aws_cloudtrail').length > 0 ? undefined : 'no aws_cloudtrail',
  }),
  resourceRule({
    id: 'cloudtrail-multi-region',
    title: 'CloudTrail records every region',
    severity: 'medium',
    checkov: ['CKV_AWS_67'],
    trivy: ['AVD-AWS-0014'],
    fsbp: ['CloudTrail.1'],
    fix: 'Set is_multi_region_trail = true and include_global_service_events = true.',
    resourceTypes: TRAIL,
    check: requireTrue('is_multi_region_trail'),
  }),
  resourceRule({
    id: 'cloudtrail-log-validation',
    title: 'CloudTrail validates its log files',
    severity: 'medium',
    checkov: ['CKV_AWS_36'],
    trivy: ['AVD-AWS-0016'],
    fsbp: ['CloudTrail.4'],
    fix: 'Set enable_log_file_validation = true.',
    resourceTypes: TRAIL,
    check: requireTrue('enable_log_file_validation'),
  }),
  resourceRule({
    id: 'cloudtrail-kms',
    title: 'CloudTrail encrypts its logs with KMS',
    severity: 'medium',
    checkov: ['CKV_AWS_35'],
    trivy: ['AVD-AWS-0015'],
    fsbp: ['CloudTrail.2'],
    fix: 'Set kms_key_id to the logs key (its policy must allow cloudtrail.amazonaws.com).',
    resourceTypes: TRAIL,
    check: requireSet('kms_key_id'),
  }),
  resourceRule({
    id: 'cloudtrail-cloudwatch',
    title: 'CloudTrail delivers to CloudWatch Logs',
    severity: 'low',
    checkov: ['CKV2_AWS_10'],
    trivy: ['AVD-AWS-0162'],
    fsbp: ['CloudTrail.5'],
    fix: 'Set cloud_watch_logs_group_arn ("<group arn>:*") and cloud_watch_logs_role_arn.',
    resourceTypes: TRAIL,
    check: (trail) =>
      trail.config.cloud_watch_logs_group_arn && trail.config.cloud_watch_logs_role_arn
        ? undefined
        : 'cloud_watch_logs_group_arn/role_arn not set',
  }),
];
