import { DataAwsSecretsmanagerSecretVersion } from '@cdktf/provider-aws/lib/data-aws-secretsmanager-secret-version';
import { ElasticacheReplicationGroup } from '@cdktf/provider-aws/lib/elasticache-replication-group';
import { ElasticacheSubnetGroup } from '@cdktf/provider-aws/lib/elasticache-subnet-group';
import type { KmsKey } from '@cdktf/provider-aws/lib/kms-key';
import type { AccountSettings, StageDefinition } from '@sigma-pli/config';
import { Construct } from 'constructs';
import { resourceName } from '../naming';
import type { GeneratedSecret } from './app-secrets';

const PORT = 6379;
const ENGINE_VERSION = '7.1';
/** UTC: after the database backup window, before its maintenance window. */
const SNAPSHOT_WINDOW = '05:00-06:00';
const MAINTENANCE_WINDOW = 'sun:06:30-sun:07:30';

export interface CacheProps {
  account: AccountSettings;
  stage: StageDefinition;
  /** Private subnets of the network. */
  subnetIds: string[];
  /** The cache security group (ingress 6379 from the instances only). */
  securityGroupIds: string[];
  /** Encrypts the cache at rest and its snapshots. */
  key: KmsKey;
  /** The auth token secret (AppSecrets.redisAuth); the instances read the same secret to build REDIS_URL. */
  authToken: GeneratedSecret;
}

/** What the boot script needs to build `REDIS_URL` (`rediss://:<token>@host:port`); the token stays in the secret. */
export interface CacheConnection {
  host: string;
  readerHost: string;
  port: number;
  authSecretArn: string;
}

/**
 * The stage's Redis (session cache and rate-limit store): an ElastiCache replication group in the private subnets,
 * encrypted at rest (KMS) and in transit, with an auth token and automatic failover across AZs when it has more
 * than one node. The token is generated into Secrets Manager (AppSecrets) and read back here, because ElastiCache's
 * `auth_token` is not a write-only argument: it ends up in the (encrypted, access-restricted) state, never in code,
 * plan output or Terraform outputs.
 */
export class Cache extends Construct {
  readonly replicationGroup: ElasticacheReplicationGroup;
  readonly connection: CacheConnection;
  /** Ids of the member clusters (`<group>-001`, …), the dimension of the per-node CloudWatch metrics. */
  readonly memberClusterIds: string[];

  constructor(scope: Construct, id: string, props: CacheProps) {
    super(scope, id);
    const { account, stage } = props;
    const cache = stage.cache;
    const groupId = resourceName(account, stage, 'redis');
    const subnetGroup = new ElasticacheSubnetGroup(this, 'subnets', {
      name: groupId,
      description: `Private subnets of ${groupId}`,
      subnetIds: props.subnetIds,
    });
    const token = new DataAwsSecretsmanagerSecretVersion(this, 'auth-token', {
      secretId: props.authToken.secret.id,
      dependsOn: [props.authToken.version],
    });
    const failover = cache.nodeCount > 1;
    this.replicationGroup = new ElasticacheReplicationGroup(this, 'redis', {
      replicationGroupId: groupId,
      description: `Session cache of ${stage.name}`,
      engine: 'redis',
      engineVersion: ENGINE_VERSION,
      nodeType: cache.nodeType,
      numCacheClusters: cache.nodeCount,
      port: PORT,
      automaticFailoverEnabled: failover,
      multiAzEnabled: failover,
      subnetGroupName: subnetGroup.name,
      securityGroupIds: props.securityGroupIds,
      atRestEncryptionEnabled: 'true',
      kmsKeyId: props.key.arn,
      transitEncryptionEnabled: true,
      authToken: token.secretString,
      // A new token is accepted alongside the old one, so instances can pick it up without dropped sessions.
      authTokenUpdateStrategy: 'ROTATE',
      snapshotRetentionLimit: cache.snapshotRetentionDays,
      snapshotWindow: SNAPSHOT_WINDOW,
      maintenanceWindow: MAINTENANCE_WINDOW,
      autoMinorVersionUpgrade: 'true',
      // No ElastiCache event notifications: ElastiCache cannot publish to a KMS-encrypted topic like the alarm
      // topic; failovers and node trouble show in the Redis alarms instead.
    });
    this.memberClusterIds = Array.from(
      { length: cache.nodeCount },
      (_, index) => `${groupId}-${String(index + 1).padStart(3, '0')}`,
    );
    this.connection = {
      host: this.replicationGroup.primaryEndpointAddress,
      readerHost: this.replicationGroup.readerEndpointAddress,
      port: PORT,
      authSecretArn: props.authToken.secret.arn,
    };
  }
}
