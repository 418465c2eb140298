import type { StageDefinition } from './stage-schema';
import { PERFORMANCE_TARGETS } from './targets';

/** A stage before the account's defaults (the region) are applied. */
export type StageSeed = Omit<StageDefinition, 'region'> & { region?: string };

const canary = { checkpointPercentages: [20, 100], checkpointDelaySeconds: 300, minHealthyPercentage: 90 };

/**
 * The three phases of the architecture document ("Estratégia de Deploy"), one deployable stage each.
 * Everything that differs between stages lives here, as data; constructs read it and never test a stage's name.
 */
export const STAGE_SEEDS: Readonly<Record<'mvp' | 'growth' | 'production', StageSeed>> = {
  mvp: {
    name: 'mvp',
    phase: 'mvp',
    description: 'Fase 1 — MVP: ALB + one EC2 instance + single-AZ PostgreSQL, basic monitoring.',
    // Raised: the architecture's $36.20 prices its own component list without the fixed costs it needs.
    budget: {
      monthlyUsd: 95,
      architectureEstimateUsd: 36.2,
      note:
        '$36.20 (architecture) + NAT gateway $32.85 + its public IPv4 $3.65 + ALB public IPv4 2 × $3.65 = $7.30 ' +
        '+ EC2 outside the free tier (t4g.micro $6.13 + 20 GB gp3 $1.60) = $7.73 + EC2 detailed monitoring ' +
        '7 metrics × $0.30 = $2.10 + 3 KMS keys $3.00 + 4 secrets × $0.40 = $1.60 = $94.43, rounded up to $95. ' +
        'Right-sized already: Graviton t4g.micro, gp3, one NAT gateway. A NAT instance (t4g.nano ≈ $6.72 with ' +
        'its IPv4) instead of the gateway would save ≈ $29.78 if the network construct supported it.',
    },
    targets: PERFORMANCE_TARGETS,
    network: { cidr: '10.10.0.0/16', azCount: 2, natGateways: 'single', flowLogs: true },
    edge: {
      cloudflareProxy: false,
      awsWaf: false,
      wafRateLimitPer5Min: 2000,
      loginRateLimitPer5Min: 100,
      blockedCidrs: [],
      hostLabel: 'mvp',
      cloudflareZoneOwner: false,
      loadBalancerDeletionProtection: false,
    },
    compute: {
      instanceType: 't4g.micro',
      minSize: 1,
      maxSize: 1,
      desiredCapacity: 1,
      rootVolumeGb: 20,
      nodeMajor: 24,
      cpuTargetPercent: 60,
      requestsPerTargetPerMinute: 3000,
      healthCheckGraceSeconds: 300,
      // One instance: min healthy 100 % makes the refresh launch the new instance before it stops the old one.
      instanceRefresh: {
        ...canary,
        checkpointPercentages: [100],
        minHealthyPercentage: 100,
        instanceWarmupSeconds: 120,
      },
    },
    database: {
      mode: 'create',
      engineVersion: '15',
      instanceClass: 'db.t4g.micro',
      databaseName: 'sigma_pli',
      multiAz: false,
      allocatedStorageGb: 20,
      maxAllocatedStorageGb: 100,
      backupRetentionDays: 7,
      deletionProtection: true,
      skipFinalSnapshot: false,
      performanceInsights: true,
      logMinDurationStatementMs: 500,
      readReplica: null,
    },
    cache: { enabled: false, nodeType: 'cache.t4g.micro', nodeCount: 2, snapshotRetentionDays: 1 },
    storage: {
      cloudfront: false,
      backupToGlacierIrAfterDays: 30,
      backupToDeepArchiveAfterDays: 180,
      backupExpireAfterDays: 365,
      logsExpireAfterDays: 90,
      noncurrentVersionExpireAfterDays: 30,
    },
    observability: {
      logRetentionDays: 14,
      alarms: 'basic',
      dashboard: false,
      syntheticsCanary: false,
      canaryIntervalMinutes: 5,
      applicationInsights: false,
      realUserMonitoring: false,
    },
    // EBS encryption by default and the Config recorder are account-regional: production owns them (one owner per
    // region, checked by loadPlatformConfig); this stage's launch template encrypts its volumes explicitly.
    audit: { cloudTrail: false, awsConfig: false, ebsEncryptionByDefault: false, awsBackup: null },
    secrets: { rotationDays: 30, generatedSecretsGeneration: 1 },
  },
  growth: {
    name: 'growth',
    phase: 'growth',
    description:
      'Fase 2 — Crescimento: Cloudflare + ALB, Auto Scaling 1–3, Multi-AZ PostgreSQL, CloudWatch alarms.',
    // Raised: a Multi-AZ database alone costs more than the architecture's $15 line, and NAT/IPv4 are missing.
    budget: {
      monthlyUsd: 144,
      architectureEstimateUsd: 69.2,
      note:
        '$69.20 (architecture) + NAT gateway $32.85 + its public IPv4 $3.65 + ALB public IPv4 2 × $3.65 = $7.30 ' +
        '+ Multi-AZ db.t4g.micro (2 × $11.68) with 2 × 20 GB gp3 ($4.60) = $27.96 against the $15 line: ' +
        '+$12.96 + health canary every 5 min (8,760 runs × $0.0012) = $10.51 + 3 KMS keys $3.00 + 4 secrets ' +
        '$1.60 + EC2 detailed monitoring $2.10 = $143.17, rounded up to $144. Right-sized already: ' +
        'Graviton t4g.small, gp3, one NAT gateway, canary every 5 minutes instead of every minute.',
    },
    targets: PERFORMANCE_TARGETS,
    network: { cidr: '10.20.0.0/16', azCount: 2, natGateways: 'single', flowLogs: true },
    edge: {
      cloudflareProxy: true,
      awsWaf: false,
      wafRateLimitPer5Min: 2000,
      loginRateLimitPer5Min: 100,
      blockedCidrs: [],
      hostLabel: 'growth',
      cloudflareZoneOwner: false,
      loadBalancerDeletionProtection: false,
    },
    compute: {
      instanceType: 't4g.small',
      minSize: 1,
      maxSize: 3,
      desiredCapacity: 1,
      rootVolumeGb: 20,
      nodeMajor: 24,
      cpuTargetPercent: 60,
      requestsPerTargetPerMinute: 3000,
      healthCheckGraceSeconds: 300,
      instanceRefresh: {
        ...canary,
        checkpointPercentages: [100],
        minHealthyPercentage: 100,
        instanceWarmupSeconds: 120,
      },
    },
    database: {
      mode: 'create',
      engineVersion: '15',
      instanceClass: 'db.t4g.micro',
      databaseName: 'sigma_pli',
      multiAz: true,
      allocatedStorageGb: 20,
      maxAllocatedStorageGb: 200,
      backupRetentionDays: 7,
      deletionProtection: true,
      skipFinalSnapshot: false,
      performanceInsights: true,
      logMinDurationStatementMs: 500,
      readReplica: null,
    },
    cache: { enabled: false, nodeType: 'cache.t4g.micro', nodeCount: 2, snapshotRetentionDays: 1 },
    storage: {
      cloudfront: false,
      backupToGlacierIrAfterDays: 30,
      backupToDeepArchiveAfterDays: 180,
      backupExpireAfterDays: 730,
      logsExpireAfterDays: 180,
      noncurrentVersionExpireAfterDays: 60,
    },
    observability: {
      logRetentionDays: 30,
      alarms: 'full',
      dashboard: false,
      syntheticsCanary: true,
      canaryIntervalMinutes: 5,
      applicationInsights: false,
      realUserMonitoring: false,
    },
    // EBS encryption by default and the Config recorder are account-regional: production owns them (one owner per
    // region, checked by loadPlatformConfig); this stage's launch template encrypts its volumes explicitly.
    audit: { cloudTrail: true, awsConfig: false, ebsEncryptionByDefault: false, awsBackup: null },
    secrets: { rotationDays: 30, generatedSecretsGeneration: 1 },
  },
  production: {
    name: 'production',
    phase: 'production',
    description:
      'Fase 3 — Produção: Cloudflare + AWS WAF + ALB, Auto Scaling 2–5, Multi-AZ PostgreSQL + read replica, Redis, CloudFront, audit.',
    // Raised: the phase's own component list (Redis, NAT per AZ, WAF on two scopes, audit) exceeds $253.70.
    budget: {
      monthlyUsd: 447,
      architectureEstimateUsd: 253.7,
      note:
        '$253.70 (architecture) + NAT gateways in both AZs 2 × ($32.85 + $3.65 IPv4) = $73.00 + ALB public ' +
        'IPv4 2 × $3.65 = $7.30 + Redis 2 × cache.t4g.micro = $23.36 (in the phase, not in its table) + health ' +
        'canary every minute (43,800 runs × $0.0012) = $52.56 + AWS WAF on the ALB and CloudFront (2 ACLs $10 + ' +
        '12 rules $12 + requests $3.60 = $25.60 against the $10 "Security" line) +$15.60 + 3 KMS keys and 5 ' +
        'secrets $5.00 + AWS Config ≈ $6.00 + CloudWatch RUM ≈ $5.00 + EC2 detailed monitoring $5.25 = ' +
        '$446.77, rounded up to $447. Right-sized already: Graviton t4g.medium, gp3, the smallest replica ' +
        'class (db.t4g.micro).',
    },
    targets: PERFORMANCE_TARGETS,
    network: { cidr: '10.30.0.0/16', azCount: 2, natGateways: 'per-az', flowLogs: true },
    edge: {
      cloudflareProxy: true,
      awsWaf: true,
      wafRateLimitPer5Min: 2000,
      loginRateLimitPer5Min: 100,
      blockedCidrs: [],
      hostLabel: null,
      cloudflareZoneOwner: true,
      loadBalancerDeletionProtection: true,
    },
    compute: {
      instanceType: 't4g.medium',
      minSize: 2,
      maxSize: 5,
      desiredCapacity: 2,
      rootVolumeGb: 20,
      nodeMajor: 24,
      cpuTargetPercent: 60,
      requestsPerTargetPerMinute: 3000,
      healthCheckGraceSeconds: 300,
      instanceRefresh: { ...canary, instanceWarmupSeconds: 120 },
    },
    database: {
      mode: 'create',
      engineVersion: '15',
      instanceClass: 'db.t4g.small',
      databaseName: 'sigma_pli',
      multiAz: true,
      allocatedStorageGb: 50,
      maxAllocatedStorageGb: 500,
      backupRetentionDays: 7,
      deletionProtection: true,
      skipFinalSnapshot: false,
      performanceInsights: true,
      logMinDurationStatementMs: 250,
      readReplica: { instanceClass: 'db.t4g.micro' },
    },
    cache: { enabled: true, nodeType: 'cache.t4g.micro', nodeCount: 2, snapshotRetentionDays: 7 },
    storage: {
      cloudfront: true,
      backupToGlacierIrAfterDays: 30,
      backupToDeepArchiveAfterDays: 180,
      backupExpireAfterDays: 2555,
      logsExpireAfterDays: 365,
      noncurrentVersionExpireAfterDays: 90,
    },
    observability: {
      logRetentionDays: 90,
      alarms: 'full',
      dashboard: true,
      syntheticsCanary: true,
      canaryIntervalMinutes: 1,
      applicationInsights: true,
      realUserMonitoring: true,
    },
    audit: {
      cloudTrail: true,
      awsConfig: true,
      ebsEncryptionByDefault: true,
      awsBackup: { retentionDays: 35 },
    },
    secrets: { rotationDays: 30, generatedSecretsGeneration: 1 },
  },
};
