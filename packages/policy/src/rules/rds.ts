import type { TfResource } from '@sigma-pli/terraform-json';
import type { RuleContext } from '../types';
import { blocks, isTrue, requireSet, requireTrue, resourceRule, stringList, toNumber } from './helpers';

const DB = ['aws_db_instance'];
const isReplica = (db: TfResource): boolean => db.config.replicate_source_db !== undefined;
const primaryOnly = (db: TfResource): boolean => !isReplica(db);

/** The instance a replica copies, resolved through its `replicate_source_db` reference. */
const sourceOf = (db: TfResource, context: RuleContext): TfResource | undefined =>
  context.document.referencedIn(db.config.replicate_source_db, 'aws_db_instance')[0];

export const RDS_RULES = [
  resourceRule({
    id: 'rds-encrypted',
    title: 'RDS storage is encrypted at rest with KMS',
    severity: 'high',
    checkov: ['CKV_AWS_16'],
    trivy: ['AVD-AWS-0080'],
    fsbp: ['RDS.3'],
    fix: 'Set storage_encrypted = true and kms_key_id to the database key; a replica inherits its source.',
    resourceTypes: DB,
    check: (db, context) => {
      // A same-region replica is encrypted exactly when its source is.
      const subject = isReplica(db) ? (sourceOf(db, context) ?? db) : db;
      return isTrue(subject.config.storage_encrypted) ? undefined : 'storage_encrypted is not true';
    },
  }),
  resourceRule({
    id: 'rds-not-public',
    title: 'RDS instance is not publicly accessible',
    severity: 'critical',
    checkov: ['CKV_AWS_17'],
    trivy: ['AVD-AWS-0180'],
    fsbp: ['RDS.2'],
    fix: 'Set publicly_accessible = false and place the instance in the private DB subnet group.',
    resourceTypes: DB,
    check: (db) => (isTrue(db.config.publicly_accessible) ? 'publicly_accessible is true' : undefined),
  }),
  resourceRule({
    id: 'rds-multi-az',
    title: 'RDS primary is Multi-AZ where the stage says so',
    severity: 'high',
    checkov: ['CKV_AWS_157'],
    trivy: [],
    fsbp: ['RDS.5'],
    fix: 'Set multi_az from stage.database.multiAz.',
    resourceTypes: DB,
    applies: (db, context) => primaryOnly(db) && context.stage?.database.multiAz === true,
    check: requireTrue('multi_az', 'multi_az is not true but the stage asks for Multi-AZ'),
  }),
  resourceRule({
    id: 'rds-deletion-protection',
    title: 'RDS instance has deletion protection',
    severity: 'medium',
    checkov: ['CKV_AWS_293'],
    trivy: [],
    fsbp: ['RDS.8'],
    fix: 'Set deletion_protection = true (stage.database.deletionProtection).',
    resourceTypes: DB,
    check: requireTrue('deletion_protection'),
  }),
  resourceRule({
    id: 'rds-iam-auth',
    title: 'RDS IAM database authentication is enabled',
    severity: 'medium',
    checkov: ['CKV_AWS_161'],
    trivy: ['AVD-AWS-0176'],
    fsbp: ['RDS.10'],
    fix: 'Set iam_database_authentication_enabled = true.',
    resourceTypes: DB,
    check: requireTrue('iam_database_authentication_enabled'),
  }),
  resourceRule({
    id: 'rds-performance-insights-kms',
    title: 'RDS Performance Insights is on and encrypted with a customer managed key',
    severity: 'low',
    checkov: ['CKV_AWS_353', 'CKV_AWS_354'],
    trivy: ['AVD-AWS-0133'],
    fsbp: [],
    fix: 'Set performance_insights_enabled = true and performance_insights_kms_key_id to the database key.',
    resourceTypes: DB,
    check: (db) => {
      if (!isTrue(db.config.performance_insights_enabled)) return 'performance_insights_enabled is not true';
      return requireSet('performance_insights_kms_key_id')(db);
    },
  }),
  resourceRule({
    id: 'rds-backups',
    title: 'RDS automated backups are kept at least 7 days',
    severity: 'high',
    checkov: ['CKV_AWS_133'],
    trivy: ['AVD-AWS-0077'],
    fsbp: ['RDS.11'],
    fix: 'Set backup_retention_period ≥ 7 (stage.database.backupRetentionDays) and a backup_window.',
    resourceTypes: DB,
    applies: primaryOnly,
    check: (db) => {
      const days = toNumber(db.config.backup_retention_period) ?? 0;
      return days >= 7 ? undefined : `backup_retention_period is ${days}`;
    },
  }),
  resourceRule({
    id: 'rds-log-exports',
    title: 'RDS exports the postgresql and upgrade logs to CloudWatch',
    severity: 'medium',
    checkov: ['CKV_AWS_129'],
    trivy: [],
    fsbp: ['RDS.9'],
    fix: 'Set enabled_cloudwatch_logs_exports = ["postgresql", "upgrade"].',
    resourceTypes: DB,
    check: (db) => {
      const exports = stringList(db.config.enabled_cloudwatch_logs_exports);
      const missing = ['postgresql', 'upgrade'].filter((log) => !exports.includes(log));
      return missing.length === 0 ? undefined : `enabled_cloudwatch_logs_exports lacks ${missing.join(', ')}`;
    },
  }),
  resourceRule({
    id: 'rds-force-ssl',
    title: 'RDS parameter group forces TLS (rds.force_ssl = 1)',
    severity: 'high',
    checkov: ['CKV2_AWS_69'],
    trivy: [],
    fsbp: [],
    fix: 'Attach a custom aws_db_parameter_group (family postgres15) with parameter rds.force_ssl = 1.',
    resourceTypes: DB,
    check: (db, context) => {
      const group = context.document.referencedIn(
        db.config.parameter_group_name,
        'aws_db_parameter_group',
      )[0];
      if (!group) return 'parameter_group_name does not reference a custom aws_db_parameter_group';
      const forceSsl = blocks(group.config.parameter).find((parameter) => parameter.name === 'rds.force_ssl');
      return String(forceSsl?.value) === '1' ? undefined : `${group.address} does not set rds.force_ssl = 1`;
    },
  }),
  resourceRule({
    id: 'rds-copy-tags',
    title: 'RDS copies tags to snapshots',
    severity: 'low',
    checkov: ['CKV2_AWS_60'],
    trivy: [],
    fsbp: ['RDS.17'],
    fix: 'Set copy_tags_to_snapshot = true.',
    resourceTypes: DB,
    applies: primaryOnly,
    check: requireTrue('copy_tags_to_snapshot'),
  }),
  resourceRule({
    id: 'rds-enhanced-monitoring',
    title: 'RDS Enhanced Monitoring is on',
    severity: 'low',
    checkov: ['CKV_AWS_118'],
    trivy: [],
    fsbp: [],
    fix: 'Set monitoring_interval (60) and monitoring_role_arn.',
    resourceTypes: DB,
    check: (db) =>
      (toNumber(db.config.monitoring_interval) ?? 0) > 0 ? undefined : 'monitoring_interval is 0',
  }),
];
