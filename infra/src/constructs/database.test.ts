import { KmsKey } from '@cdktf/provider-aws/lib/kms-key';
import type { StageDefinition } from '@sigma-pli/config';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  onlyResource,
  resourcesOf,
  type SynthJson,
  stageNamed,
  synthConstruct,
  testAccount,
  tfRef,
} from '../test-support/synth-json';
import { AwsContext } from './aws-context';
import { Database } from './database';

function synthDatabase(stage: StageDefinition): { json: SynthJson; database: Database } {
  let database: Database | undefined;
  const json = synthConstruct((stack) => {
    const context = new AwsContext(stack, 'context', { region: 'us-east-1' });
    database = new Database(stack, 'db', {
      account: testAccount(),
      stage,
      context,
      subnetIds: ['subnet-private-a', 'subnet-private-b'],
      securityGroupIds: ['sg-database'],
      storageKey: new KmsKey(stack, 'storage', {}),
      secretsKey: new KmsKey(stack, 'secrets', {}),
      logsKey: new KmsKey(stack, 'logs', {}),
    });
  });
  return { json, database: database as Database };
}

const existingStage = (): StageDefinition => {
  const mvp = stageNamed('mvp');
  return {
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
  };
};

describe('Database', () => {
  let mvp: SynthJson;
  let production: ReturnType<typeof synthDatabase>;
  beforeAll(() => {
    mvp = synthDatabase(stageNamed('mvp')).json;
    production = synthDatabase(stageNamed('production'));
  });

  const primaryOf = (json: SynthJson) =>
    Object.values(resourcesOf(json, 'aws_db_instance')).find((instance) => !instance.replicate_source_db);

  it('creates a private, encrypted, gp3 PostgreSQL 15 with storage autoscaling', () => {
    expect(primaryOf(mvp)).toMatchObject({
      identifier: 'sigma-pli-mvp-db',
      engine: 'postgres',
      engine_version: '15',
      instance_class: 'db.t4g.micro',
      db_name: 'sigma_pli',
      publicly_accessible: false,
      storage_encrypted: true,
      kms_key_id: tfRef('aws_kms_key.storage.arn'),
      storage_type: 'gp3',
      allocated_storage: 20,
      max_allocated_storage: 100,
      vpc_security_group_ids: ['sg-database'],
    });
    expect(onlyResource(mvp, 'aws_db_subnet_group').subnet_ids).toEqual([
      'subnet-private-a',
      'subnet-private-b',
    ]);
  });

  it('lets RDS manage the master password in Secrets Manager, with IAM authentication on and no password set', () => {
    const primary = primaryOf(mvp);
    expect(primary).toMatchObject({
      manage_master_user_password: true,
      master_user_secret_kms_key_id: tfRef('aws_kms_key.secrets.arn'),
      iam_database_authentication_enabled: true,
    });
    expect(primary).not.toHaveProperty('password');
    expect(primary).not.toHaveProperty('password_wo');
    expect(onlyResource(mvp, 'aws_secretsmanager_secret_rotation')).toMatchObject({
      rotation_rules: { automatically_after_days: 30 },
      rotate_immediately: false,
    });
    expect(onlyResource(mvp, 'aws_secretsmanager_secret_rotation')).not.toHaveProperty('rotation_lambda_arn');
  });

  it('keeps backups, snapshots, windows, upgrades, insights, monitoring and log exports on', () => {
    const primary = primaryOf(mvp);
    expect(primary).toMatchObject({
      backup_retention_period: 7,
      backup_window: '03:00-04:00',
      maintenance_window: 'sun:04:30-sun:05:30',
      copy_tags_to_snapshot: true,
      auto_minor_version_upgrade: true,
      deletion_protection: true,
      skip_final_snapshot: false,
      final_snapshot_identifier: 'sigma-pli-mvp-db-final',
      performance_insights_enabled: true,
      performance_insights_kms_key_id: tfRef('aws_kms_key.storage.arn'),
      monitoring_interval: 60,
      enabled_cloudwatch_logs_exports: ['postgresql', 'upgrade'],
    });
    expect(primary?.monitoring_role_arn).toMatch(/^\$\{aws_iam_role\.[\w-]+\.arn\}$/);
    const role = onlyResource(mvp, 'aws_iam_role');
    expect(role.assume_role_policy).toContain('monitoring.rds.amazonaws.com');
    expect(String(onlyResource(mvp, 'aws_iam_role_policy_attachment').policy_arn)).toMatch(
      /:iam::aws:policy\/service-role\/AmazonRDSEnhancedMonitoringRole$/,
    );
  });

  it('creates the export log groups first, with the stage retention and KMS', () => {
    const groups = Object.entries(resourcesOf(production.json, 'aws_cloudwatch_log_group'));
    expect(groups.map(([, group]) => group.name).sort()).toEqual([
      '/aws/rds/instance/sigma-pli-production-db-replica/postgresql',
      '/aws/rds/instance/sigma-pli-production-db-replica/upgrade',
      '/aws/rds/instance/sigma-pli-production-db/postgresql',
      '/aws/rds/instance/sigma-pli-production-db/upgrade',
    ]);
    for (const [, group] of groups) {
      expect(group).toMatchObject({ retention_in_days: 90, kms_key_id: tfRef('aws_kms_key.logs.arn') });
    }
    const primaryGroups = groups
      .filter(([, group]) => /-db\/(postgresql|upgrade)$/.test(String(group.name)))
      .map(([id]) => `aws_cloudwatch_log_group.${id}`);
    expect(primaryOf(production.json)?.depends_on).toEqual(expect.arrayContaining(primaryGroups));
  });

  it('sets the custom postgres15 parameters', () => {
    const group = onlyResource(mvp, 'aws_db_parameter_group');
    expect(group.family).toBe('postgres15');
    expect(group.parameter).toEqual([
      { name: 'rds.force_ssl', value: '1' },
      { name: 'log_min_duration_statement', value: '500' },
      { name: 'log_statement', value: 'ddl' },
      { name: 'log_connections', value: '1' },
    ]);
    expect(primaryOf(mvp)?.parameter_group_name).toMatch(/^\$\{aws_db_parameter_group\.[\w-]+\.name\}$/);
  });

  it('is single-AZ without a replica in mvp, Multi-AZ with a private encrypted replica in production', () => {
    expect(primaryOf(mvp)?.multi_az).toBe(false);
    expect(Object.keys(resourcesOf(mvp, 'aws_db_instance'))).toHaveLength(1);
    const instances = Object.values(resourcesOf(production.json, 'aws_db_instance'));
    expect(instances).toHaveLength(2);
    expect(primaryOf(production.json)?.multi_az).toBe(true);
    const replica = instances.find((instance) => instance.replicate_source_db);
    expect(replica).toMatchObject({
      identifier: 'sigma-pli-production-db-replica',
      instance_class: 'db.t4g.micro',
      publicly_accessible: false,
      storage_encrypted: true,
      skip_final_snapshot: true,
    });
    expect(replica?.replicate_source_db).toMatch(/^\$\{aws_db_instance\.[\w-]+\.identifier\}$/);
    expect(replica).not.toHaveProperty('username');
    expect(replica).not.toHaveProperty('manage_master_user_password');
  });

  it('exposes the replica as the read host and the managed secret ARN, all as references', () => {
    const { connection } = production.database;
    expect(connection.port).toBe(5432);
    expect(connection.databaseName).toBe('sigma_pli');
    for (const value of [connection.host, connection.readHost, connection.secretArn]) {
      expect(value).toMatch(/^\$\{TfToken\[/);
    }
    expect(connection.readHost).not.toBe(connection.host);
  });

  it('creates no RDS resource in existing mode and connects to the configured database', () => {
    const { json, database } = synthDatabase(existingStage());
    expect(Object.keys(json.resource ?? {})).toEqual(['aws_kms_key']);
    expect(database.replica).toBeUndefined();
    expect(database.primary).toBeUndefined();
    expect(database.connection).toEqual({
      host: 'shared-db.example.internal',
      readHost: 'shared-db.example.internal',
      port: 5432,
      databaseName: 'sigma_pli',
      secretArn: 'arn:aws:secretsmanager:us-east-1:111111111111:secret:shared-db-AbCdEf',
    });
  });

  it('rejects existing mode without the existing database, naming the field', () => {
    const stage = existingStage();
    const { existing: _, ...database } = stage.database;
    expect(() => synthDatabase({ ...stage, database })).toThrow(
      /database\.existing of stage mvp is required/,
    );
  });
});
