import { isFalse, requireSet, resourceRule, stringList, toNumber } from './helpers';

export const MONITORING_RULES = [
  resourceRule({
    id: 'logs-retention',
    title: 'CloudWatch log group has a retention period',
    severity: 'low',
    checkov: ['CKV_AWS_66'],
    trivy: [],
    fsbp: [],
    fix: 'Set retention_in_days from stage.observability.logRetentionDays.',
    resourceTypes: ['aws_cloudwatch_log_group'],
    check: (group) =>
      (toNumber(group.config.retention_in_days) ?? 0) > 0
        ? undefined
        : 'retention_in_days is unset (kept forever)',
  }),
  resourceRule({
    id: 'logs-kms',
    title: 'CloudWatch log group is encrypted with a customer managed key',
    severity: 'medium',
    checkov: ['CKV_AWS_158'],
    trivy: ['AVD-AWS-0017'],
    fsbp: [],
    fix: 'Set kms_key_id to the logs key (its key policy must allow logs.<region>.amazonaws.com).',
    resourceTypes: ['aws_cloudwatch_log_group'],
    check: requireSet('kms_key_id'),
  }),
  resourceRule({
    id: 'alarm-actions',
    title: 'CloudWatch alarm notifies someone',
    severity: 'medium',
    checkov: [],
    trivy: [],
    fsbp: ['CloudWatch.15'],
    fix: 'Set alarm_actions to the stage alarm topic and leave actions_enabled on.',
    resourceTypes: ['aws_cloudwatch_metric_alarm', 'aws_cloudwatch_composite_alarm'],
    check: (alarm) => {
      if (isFalse(alarm.config.actions_enabled)) return 'actions_enabled is false';
      return stringList(alarm.config.alarm_actions).length > 0 ? undefined : 'alarm_actions is empty';
    },
  }),
  resourceRule({
    id: 'sns-kms',
    title: 'SNS topic is encrypted with KMS',
    severity: 'low',
    checkov: ['CKV_AWS_26'],
    trivy: ['AVD-AWS-0095'],
    fsbp: ['SNS.1'],
    fix: 'Set kms_master_key_id (a customer managed key CloudWatch may use).',
    resourceTypes: ['aws_sns_topic'],
    check: requireSet('kms_master_key_id'),
  }),
];
