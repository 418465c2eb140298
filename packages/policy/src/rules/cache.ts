import { isTrue, resourceRule, stringList, toNumber } from './helpers';

const GROUP = ['aws_elasticache_replication_group'];

export const CACHE_RULES = [
  resourceRule({
    id: 'redis-encrypted-at-rest',
    title: 'ElastiCache encrypts data at rest',
    severity: 'high',
    checkov: ['CKV_AWS_29', 'CKV_AWS_191'],
    trivy: ['AVD-AWS-0045'],
    fsbp: ['ElastiCache.4'],
    fix: 'Set at_rest_encryption_enabled = true and kms_key_id.',
    resourceTypes: GROUP,
    check: (group) =>
      isTrue(group.config.at_rest_encryption_enabled) ? undefined : 'at_rest_encryption_enabled is not true',
  }),
  resourceRule({
    id: 'redis-encrypted-in-transit',
    title: 'ElastiCache encrypts data in transit',
    severity: 'high',
    checkov: ['CKV_AWS_30'],
    trivy: ['AVD-AWS-0051'],
    fsbp: ['ElastiCache.5'],
    fix: 'Set transit_encryption_enabled = true (clients connect with rediss://).',
    resourceTypes: GROUP,
    check: (group) =>
      isTrue(group.config.transit_encryption_enabled) ? undefined : 'transit_encryption_enabled is not true',
  }),
  resourceRule({
    id: 'redis-auth',
    title: 'ElastiCache requires authentication',
    severity: 'high',
    checkov: ['CKV_AWS_31'],
    trivy: [],
    fsbp: ['ElastiCache.6'],
    fix: 'Set auth_token (from Secrets Manager) or user_group_ids with RBAC users.',
    resourceTypes: GROUP,
    check: (group) =>
      group.config.auth_token || stringList(group.config.user_group_ids).length > 0
        ? undefined
        : 'neither auth_token nor user_group_ids',
  }),
  resourceRule({
    id: 'redis-failover',
    title: 'ElastiCache fails over automatically across AZs',
    severity: 'medium',
    checkov: [],
    trivy: [],
    fsbp: ['ElastiCache.3'],
    fix: 'Set automatic_failover_enabled = true and multi_az_enabled = true with at least 2 nodes.',
    resourceTypes: GROUP,
    check: (group) => {
      if (!isTrue(group.config.automatic_failover_enabled)) return 'automatic_failover_enabled is not true';
      return isTrue(group.config.multi_az_enabled) ? undefined : 'multi_az_enabled is not true';
    },
  }),
  resourceRule({
    id: 'redis-snapshots',
    title: 'ElastiCache keeps automatic snapshots',
    severity: 'low',
    checkov: ['CKV_AWS_134'],
    trivy: ['AVD-AWS-0050'],
    fsbp: ['ElastiCache.1'],
    fix: 'Set snapshot_retention_limit > 0 (stage.cache.snapshotRetentionDays).',
    resourceTypes: GROUP,
    check: (group) =>
      (toNumber(group.config.snapshot_retention_limit) ?? 0) > 0
        ? undefined
        : 'snapshot_retention_limit is 0',
  }),
];
