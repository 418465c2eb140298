import { CloudwatchLogGroup } from '@cdktf/provider-aws/lib/cloudwatch-log-group';
import { DbInstance } from '@cdktf/provider-aws/lib/db-instance';
import { DbParameterGroup } from '@cdktf/provider-aws/lib/db-parameter-group';
import { DbSubnetGroup } from '@cdktf/provider-aws/lib/db-subnet-group';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { IamRolePolicyAttachment } from '@cdktf/provider-aws/lib/iam-role-policy-attachment';
import type { KmsKey } from '@cdktf/provider-aws/lib/kms-key';
import { SecretsmanagerSecretRotation } from '@cdktf/provider-aws/lib/secretsmanager-secret-rotation';
import type { AccountSettings, StageDefinition } from '@sigma-pli/config';
import { Construct } from 'constructs';
import { resourceName } from '../naming';
import { serviceTrustPolicy } from '../trust-policy';
import type { AwsContext } from './aws-context';

/** UTC windows: 00:00–01:00 and Sunday 01:30–02:30 in Brasília, the quietest hours of the platform. */
const BACKUP_WINDOW = '03:00-04:00';
const MAINTENANCE_WINDOW = 'sun:04:30-sun:05:30';
const MASTER_USERNAME = 'sigma_admin';
const PORT = 5432;
const ENHANCED_MONITORING_SECONDS = 60;
const PERFORMANCE_INSIGHTS_RETENTION_DAYS = 7;
const LOG_EXPORTS = ['postgresql', 'upgrade'];

export interface DatabaseProps {
  account: AccountSettings;
  stage: StageDefinition;
  context: AwsContext;
  /** Private subnets of the network (one per AZ). */
  subnetIds: string[];
  /** The database security group (ingress 5432 from the instances only). */
  securityGroupIds: string[];
  /** Encrypts storage and Performance Insights. */
  storageKey: KmsKey;
  /** Encrypts the RDS-managed master password secret. */
  secretsKey: KmsKey;
  /** Encrypts the exported PostgreSQL logs (EncryptionKeys.storage, which admits CloudWatch Logs). */
  logsKey: KmsKey;
}

/**
 * What the app needs to reach PostgreSQL. The boot script reads the credentials from `secretArn` (JSON with
 * `username` and `password`) and builds DATABASE_URL and DATABASE_READ_URL from them; no password passes through
 * Terraform, user data or outputs.
 */
export interface DatabaseConnection {
  host: string;
  readHost: string;
  port: number;
  databaseName: string;
  secretArn: string;
}

/**
 * The stage's PostgreSQL 15: an RDS instance (Multi-AZ and read replica as the stage says) with its parameter
 * group, subnet group and Enhanced Monitoring role — or, when `database.mode` is `existing`, only the connection
 * to a database created elsewhere (the MVP reusing one), and no RDS resource at all.
 */
export class Database extends Construct {
  readonly connection: DatabaseConnection;
  /** Absent in `existing` mode. */
  readonly primary?: DbInstance;
  readonly replica?: DbInstance;

  constructor(scope: Construct, id: string, props: DatabaseProps) {
    super(scope, id);
    const { stage } = props;
    if (stage.database.mode === 'existing') {
      const existing = stage.database.existing;
      if (!existing) {
        throw new Error(
          `database.existing of stage ${stage.name} is required when database.mode is "existing"`,
        );
      }
      this.connection = {
        host: existing.endpoint,
        readHost: existing.endpoint,
        port: existing.port,
        databaseName: existing.databaseName,
        secretArn: existing.secretArn,
      };
      return;
    }
    const primary = this.createInstances(props);
    this.primary = primary.instance;
    this.replica = primary.replica;
    this.connection = {
      host: primary.instance.address,
      readHost: (primary.replica ?? primary.instance).address,
      port: PORT,
      databaseName: stage.database.databaseName,
      secretArn: primary.instance.masterUserSecret.get(0).secretArn,
    };
  }

  private createInstances(props: DatabaseProps) {
    const { account, stage, context, storageKey, secretsKey } = props;
    const database = stage.database;
    const identifier = resourceName(account, stage, 'db');
    const subnetGroup = new DbSubnetGroup(this, 'subnets', {
      name: identifier,
      description: `Private subnets of ${identifier}`,
      subnetIds: props.subnetIds,
    });
    const parameters = new DbParameterGroup(this, 'parameters', {
      name: `${identifier}-postgres15`,
      family: 'postgres15',
      description: 'TLS only; slow-query, DDL and connection logging',
      parameter: [
        { name: 'rds.force_ssl', value: '1' },
        { name: 'log_min_duration_statement', value: String(database.logMinDurationStatementMs) },
        { name: 'log_statement', value: 'ddl' },
        { name: 'log_connections', value: '1' },
      ],
    });
    const monitoringRole = new IamRole(this, 'monitoring-role', {
      name: resourceName(account, stage, 'rds-monitoring'),
      assumeRolePolicy: serviceTrustPolicy('monitoring.rds.amazonaws.com'),
    });
    new IamRolePolicyAttachment(this, 'monitoring-policy', {
      role: monitoringRole.name,
      policyArn: `arn:${context.partition}:iam::aws:policy/service-role/AmazonRDSEnhancedMonitoringRole`,
    });

    // Settings the primary and its replica share.
    const common = {
      storageEncrypted: true,
      kmsKeyId: storageKey.arn,
      storageType: 'gp3',
      maxAllocatedStorage: database.maxAllocatedStorageGb,
      publiclyAccessible: false,
      vpcSecurityGroupIds: props.securityGroupIds,
      parameterGroupName: parameters.name,
      iamDatabaseAuthenticationEnabled: true,
      autoMinorVersionUpgrade: true,
      copyTagsToSnapshot: true,
      deletionProtection: database.deletionProtection,
      performanceInsightsEnabled: database.performanceInsights,
      performanceInsightsKmsKeyId: database.performanceInsights ? storageKey.arn : undefined,
      performanceInsightsRetentionPeriod: database.performanceInsights
        ? PERFORMANCE_INSIGHTS_RETENTION_DAYS
        : undefined,
      monitoringInterval: ENHANCED_MONITORING_SECONDS,
      monitoringRoleArn: monitoringRole.arn,
      enabledCloudwatchLogsExports: LOG_EXPORTS,
      maintenanceWindow: MAINTENANCE_WINDOW,
    };
    const instance = new DbInstance(this, 'primary', {
      ...common,
      dependsOn: [monitoringRole, ...this.exportLogGroups('primary', identifier, props)],
      identifier,
      engine: 'postgres',
      engineVersion: database.engineVersion,
      instanceClass: database.instanceClass,
      dbName: database.databaseName,
      port: PORT,
      username: MASTER_USERNAME,
      manageMasterUserPassword: true,
      masterUserSecretKmsKeyId: secretsKey.arn,
      allocatedStorage: database.allocatedStorageGb,
      multiAz: database.multiAz,
      dbSubnetGroupName: subnetGroup.name,
      backupRetentionPeriod: database.backupRetentionDays,
      backupWindow: BACKUP_WINDOW,
      skipFinalSnapshot: database.skipFinalSnapshot,
      finalSnapshotIdentifier: database.skipFinalSnapshot ? undefined : `${identifier}-final`,
    });
    // RDS rotates its managed master password itself (no Lambda); this sets how often.
    new SecretsmanagerSecretRotation(this, 'master-password-rotation', {
      secretId: instance.masterUserSecret.get(0).secretArn,
      rotationRules: { automaticallyAfterDays: stage.secrets.rotationDays },
      // The secret is minutes old when this is created; the first rotation waits for the schedule.
      rotateImmediately: false,
    });

    const replica = database.readReplica
      ? new DbInstance(this, 'replica', {
          ...common,
          dependsOn: [monitoringRole, ...this.exportLogGroups('replica', `${identifier}-replica`, props)],
          identifier: `${identifier}-replica`,
          replicateSourceDb: instance.identifier,
          instanceClass: database.readReplica.instanceClass,
          multiAz: false,
          // A replica has no backups or final snapshot of its own; the primary's cover the data.
          backupRetentionPeriod: 0,
          skipFinalSnapshot: true,
        })
      : undefined;
    return { instance, replica };
  }

  /**
   * The groups RDS exports an instance's logs to, created first so that they get the stage's retention and KMS
   * encryption (RDS would otherwise create them unencrypted and kept forever).
   */
  private exportLogGroups(role: string, identifier: string, props: DatabaseProps): CloudwatchLogGroup[] {
    return LOG_EXPORTS.map(
      (log) =>
        new CloudwatchLogGroup(this, `${role}-${log}-logs`, {
          name: `/aws/rds/instance/${identifier}/${log}`,
          retentionInDays: props.stage.observability.logRetentionDays,
          kmsKeyId: props.logsKey.arn,
        }),
    );
  }
}
