import { BackupPlan } from '@cdktf/provider-aws/lib/backup-plan';
import { BackupSelection } from '@cdktf/provider-aws/lib/backup-selection';
import { BackupVault } from '@cdktf/provider-aws/lib/backup-vault';
import { Cloudtrail } from '@cdktf/provider-aws/lib/cloudtrail';
import { CloudwatchLogGroup } from '@cdktf/provider-aws/lib/cloudwatch-log-group';
import { ConfigConfigRule } from '@cdktf/provider-aws/lib/config-config-rule';
import { ConfigConfigurationRecorder } from '@cdktf/provider-aws/lib/config-configuration-recorder';
import { ConfigConfigurationRecorderStatus } from '@cdktf/provider-aws/lib/config-configuration-recorder-status';
import { ConfigDeliveryChannel } from '@cdktf/provider-aws/lib/config-delivery-channel';
import { EbsEncryptionByDefault } from '@cdktf/provider-aws/lib/ebs-encryption-by-default';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { IamRolePolicy } from '@cdktf/provider-aws/lib/iam-role-policy';
import { IamRolePolicyAttachment } from '@cdktf/provider-aws/lib/iam-role-policy-attachment';
import type { KmsKey } from '@cdktf/provider-aws/lib/kms-key';
import type { AccountSettings, StageDefinition } from '@sigma-pli/config';
import { Construct } from 'constructs';
import { resourceName } from '../naming';
import { policyDocument } from '../policy';
import { serviceTrustPolicy } from '../trust-policy';
import type { AwsContext } from './aws-context';
import { type Buckets, LOG_PREFIXES } from './buckets';

/** Daily at 05:00 UTC (02:00 in Brasília), after the database's own backup window. */
const DAILY_BACKUP_SCHEDULE = 'cron(0 5 * * ? *)';

/** AWS Config managed rules of the compliance baseline: encryption at rest and no public S3. */
export const CONFIG_MANAGED_RULES = {
  'encrypted-volumes': 'ENCRYPTED_VOLUMES',
  'rds-storage-encrypted': 'RDS_STORAGE_ENCRYPTED',
  's3-bucket-level-public-access-prohibited': 'S3_BUCKET_LEVEL_PUBLIC_ACCESS_PROHIBITED',
  's3-account-level-public-access-blocks': 'S3_ACCOUNT_LEVEL_PUBLIC_ACCESS_BLOCKS_PERIODIC',
  'cloudtrail-enabled': 'CLOUD_TRAIL_ENABLED',
} as const;

export interface AuditProps {
  account: AccountSettings;
  stage: StageDefinition;
  context: AwsContext;
  buckets: Buckets;
  /** Encrypts the trail's files and its log group (EncryptionKeys.storage). */
  storageKey: KmsKey;
  /** Encrypts the backup vault (EncryptionKeys.database). */
  databaseKey: KmsKey;
  /** The database to back up; absent when the stage does not own one. */
  databaseArn?: string;
}

/**
 * Audit and compliance, each part switched by `stage.audit`: a multi-region CloudTrail with log file validation
 * (to the logs bucket and a CloudWatch log group), EBS encryption by default, an AWS Backup plan for the
 * database (daily, retention from config, optional copy to a second region), and an AWS Config recorder with
 * the baseline managed rules. EBS default encryption and the Config recorder are per account and region, so
 * only one stage per account/region may switch them on.
 */
export class Audit extends Construct {
  readonly trail?: Cloudtrail;
  readonly backupPlan?: BackupPlan;
  readonly configRecorder?: ConfigConfigurationRecorder;

  private readonly props: AuditProps;
  private readonly name: (suffix: string) => string;

  constructor(scope: Construct, id: string, props: AuditProps) {
    super(scope, id);
    this.props = props;
    this.name = (suffix) => resourceName(props.account, props.stage, suffix);
    const audit = props.stage.audit;
    if (audit.cloudTrail) this.trail = this.cloudTrail();
    if (audit.ebsEncryptionByDefault) new EbsEncryptionByDefault(this, 'ebs-encryption', { enabled: true });
    if (audit.awsBackup && props.databaseArn) {
      this.backupPlan = this.databaseBackup(audit.awsBackup, props.databaseArn);
    }
    if (audit.awsConfig) this.configRecorder = this.awsConfig();
  }

  private cloudTrail(): Cloudtrail {
    const { account, stage, buckets, storageKey } = this.props;
    const logGroup = new CloudwatchLogGroup(this, 'trail-logs', {
      name: `/${account.project}/${stage.name}/cloudtrail`,
      retentionInDays: stage.observability.logRetentionDays,
      kmsKeyId: storageKey.arn,
    });
    const role = new IamRole(this, 'trail-role', {
      name: this.name('cloudtrail-logs'),
      assumeRolePolicy: serviceTrustPolicy('cloudtrail.amazonaws.com'),
    });
    new IamRolePolicy(this, 'trail-role-policy', {
      role: role.name,
      policy: policyDocument([
        {
          Effect: 'Allow',
          Action: ['logs:CreateLogStream', 'logs:PutLogEvents'],
          Resource: `${logGroup.arn}:log-stream:*`,
        },
      ]),
    });
    return new Cloudtrail(this, 'trail', {
      name: this.name('trail'),
      s3BucketName: buckets.logs.id,
      s3KeyPrefix: LOG_PREFIXES.cloudTrail,
      isMultiRegionTrail: true,
      includeGlobalServiceEvents: true,
      enableLogFileValidation: true,
      kmsKeyId: storageKey.arn,
      cloudWatchLogsGroupArn: `${logGroup.arn}:*`,
      cloudWatchLogsRoleArn: role.arn,
      // CloudTrail checks that it may write to the bucket when the trail is created.
      dependsOn: [buckets.logsPolicy],
    });
  }

  private databaseBackup(
    backup: NonNullable<StageDefinition['audit']['awsBackup']>,
    databaseArn: string,
  ): BackupPlan {
    const { context, databaseKey } = this.props;
    const vault = new BackupVault(this, 'vault', { name: this.name('backup'), kmsKeyArn: databaseKey.arn });
    const copyVault = backup.copyToRegion
      ? new BackupVault(this, 'copy-vault', { name: this.name('backup-copy'), region: backup.copyToRegion })
      : undefined;
    const lifecycle = { deleteAfter: backup.retentionDays };
    const plan = new BackupPlan(this, 'plan', {
      name: this.name('database'),
      rule: [
        {
          ruleName: 'daily',
          targetVaultName: vault.name,
          schedule: DAILY_BACKUP_SCHEDULE,
          startWindow: 60,
          completionWindow: 180,
          lifecycle,
          copyAction: copyVault ? [{ destinationVaultArn: copyVault.arn, lifecycle }] : undefined,
        },
      ],
    });
    const role = new IamRole(this, 'backup-role', {
      name: this.name('backup'),
      assumeRolePolicy: serviceTrustPolicy('backup.amazonaws.com'),
    });
    for (const policy of ['AWSBackupServiceRolePolicyForBackup', 'AWSBackupServiceRolePolicyForRestores']) {
      new IamRolePolicyAttachment(this, `backup-role-${policy}`, {
        role: role.name,
        policyArn: `arn:${context.partition}:iam::aws:policy/service-role/${policy}`,
      });
    }
    new BackupSelection(this, 'database-selection', {
      name: this.name('database'),
      planId: plan.id,
      iamRoleArn: role.arn,
      resources: [databaseArn],
    });
    return plan;
  }

  private awsConfig(): ConfigConfigurationRecorder {
    const { context, buckets } = this.props;
    const role = new IamRole(this, 'config-role', {
      name: this.name('config'),
      assumeRolePolicy: serviceTrustPolicy('config.amazonaws.com'),
    });
    new IamRolePolicyAttachment(this, 'config-role-policy', {
      role: role.name,
      policyArn: `arn:${context.partition}:iam::aws:policy/service-role/AWS_ConfigRole`,
    });
    const recorder = new ConfigConfigurationRecorder(this, 'config-recorder', {
      name: this.name('config'),
      roleArn: role.arn,
      recordingGroup: { allSupported: true, includeGlobalResourceTypes: true },
    });
    const channel = new ConfigDeliveryChannel(this, 'config-delivery', {
      name: this.name('config'),
      s3BucketName: buckets.logs.id,
      s3KeyPrefix: LOG_PREFIXES.config,
      snapshotDeliveryProperties: { deliveryFrequency: 'TwentyFour_Hours' },
      dependsOn: [recorder, buckets.logsPolicy],
    });
    new ConfigConfigurationRecorderStatus(this, 'config-recorder-status', {
      name: recorder.name,
      isEnabled: true,
      dependsOn: [channel],
    });
    for (const [name, identifier] of Object.entries(CONFIG_MANAGED_RULES)) {
      new ConfigConfigRule(this, `rule-${name}`, {
        name: this.name(name),
        source: { owner: 'AWS', sourceIdentifier: identifier },
        dependsOn: [recorder],
      });
    }
    return recorder;
  }
}
