import { KmsKey } from '@cdktf/provider-aws/lib/kms-key';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  onlyResource,
  type SynthJson,
  stageNamed,
  synthConstruct,
  testAccount,
  tfRef,
} from '../test-support/synth-json';
import { AppSecrets } from './app-secrets';
import { Cache } from './cache';

describe('Cache', () => {
  let json: SynthJson;
  let cache: Cache;
  beforeAll(() => {
    json = synthConstruct((stack) => {
      const stage = stageNamed('production');
      const key = new KmsKey(stack, 'key', {});
      const secrets = new AppSecrets(stack, 'secrets', { account: testAccount(), stage, key });
      if (!secrets.redisAuth) throw new Error('production has a cache, so a Redis auth secret');
      cache = new Cache(stack, 'cache', {
        account: testAccount(),
        stage,
        subnetIds: ['subnet-private-a', 'subnet-private-b'],
        securityGroupIds: ['sg-cache'],
        key,
        authToken: secrets.redisAuth,
      });
    });
  });

  it('creates a two-node Redis replication group with failover across AZs in the private subnets', () => {
    expect(onlyResource(json, 'aws_elasticache_replication_group')).toMatchObject({
      replication_group_id: 'sigma-pli-production-redis',
      engine: 'redis',
      node_type: 'cache.t4g.micro',
      num_cache_clusters: 2,
      automatic_failover_enabled: true,
      multi_az_enabled: true,
      security_group_ids: ['sg-cache'],
      snapshot_retention_limit: 7,
    });
    // ElastiCache cannot publish to the KMS-encrypted alarm topic, so it is not given one.
    expect(onlyResource(json, 'aws_elasticache_replication_group')).not.toHaveProperty(
      'notification_topic_arn',
    );
    expect(onlyResource(json, 'aws_elasticache_subnet_group').subnet_ids).toEqual([
      'subnet-private-a',
      'subnet-private-b',
    ]);
  });

  it('encrypts at rest with the KMS key and in transit, with an auth token read from the generated secret', () => {
    const group = onlyResource(json, 'aws_elasticache_replication_group');
    expect(group).toMatchObject({
      at_rest_encryption_enabled: 'true',
      kms_key_id: tfRef('aws_kms_key.key.arn'),
      transit_encryption_enabled: true,
      auth_token_update_strategy: 'ROTATE',
    });
    expect(group.auth_token).toMatch(
      /^\$\{data\.aws_secretsmanager_secret_version\.[\w-]+\.secret_string\}$/,
    );
    const read = onlyResource({ resource: json.data }, 'aws_secretsmanager_secret_version');
    expect(read.secret_id).toMatch(/^\$\{aws_secretsmanager_secret\.secrets_redis-auth_[\w]+\.id\}$/);
    expect(read.depends_on).toEqual([
      expect.stringMatching(/^aws_secretsmanager_secret_version\.secrets_redis-auth/),
    ]);
  });

  it('exposes the endpoint and the secret ARN, and the member ids the metrics use', () => {
    expect(cache.connection.port).toBe(6379);
    expect(cache.connection.host).toMatch(/^\$\{TfToken\[/);
    expect(cache.connection.authSecretArn).toMatch(/^\$\{TfToken\[/);
    expect(cache.memberClusterIds).toEqual([
      'sigma-pli-production-redis-001',
      'sigma-pli-production-redis-002',
    ]);
  });
});
