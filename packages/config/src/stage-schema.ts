import { type Static, Type } from '@sinclair/typebox';
import { PerformanceTargetsSchema } from './targets';

/** EC2 families the platform knows how to run and price; the architecture decides the AMI and binaries. */
export const INSTANCE_FAMILIES = {
  t3: 'x86_64',
  t3a: 'x86_64',
  t4g: 'arm64',
  m6i: 'x86_64',
  m7i: 'x86_64',
  m6g: 'arm64',
  m7g: 'arm64',
  c6i: 'x86_64',
  c7g: 'arm64',
} as const;
export type InstanceFamily = keyof typeof INSTANCE_FAMILIES;
export type CpuArchitecture = (typeof INSTANCE_FAMILIES)[InstanceFamily];

export const PHASES = ['mvp', 'growth', 'production'] as const;
export type Phase = (typeof PHASES)[number];

const PositiveInt = (options = {}) => Type.Integer({ minimum: 1, ...options });
const NonNegativeInt = (options = {}) => Type.Integer({ minimum: 0, ...options });

const BudgetSchema = Type.Object(
  {
    /** What the stage may cost per month (USD); `pnpm cost` fails above it. */
    monthlyUsd: Type.Number({ exclusiveMinimum: 0 }),
    /** The figure in the architecture document's cost table, kept for the report. */
    architectureEstimateUsd: Type.Number({ exclusiveMinimum: 0 }),
    /** Why `monthlyUsd` differs from the architecture's estimate, with the arithmetic. */
    note: Type.Optional(Type.String({ minLength: 1 })),
  },
  { additionalProperties: false },
);

const NetworkSchema = Type.Object(
  {
    cidr: Type.String({ pattern: '^\\d{1,3}(\\.\\d{1,3}){3}/(1[6-9]|2[0-4])$' }),
    azCount: Type.Integer({ minimum: 2, maximum: 3 }),
    /** `single`: one NAT gateway for the VPC; `per-az`: one per availability zone (no cross-AZ egress dependency). */
    natGateways: Type.Union([Type.Literal('single'), Type.Literal('per-az')]),
    flowLogs: Type.Boolean(),
  },
  { additionalProperties: false },
);

const EdgeSchema = Type.Object(
  {
    /** Traffic reaches the ALB through Cloudflare's proxy; the ALB then admits only Cloudflare's ranges. */
    cloudflareProxy: Type.Boolean(),
    /** Regional AWS WAF web ACL on the ALB. */
    awsWaf: Type.Boolean(),
    /** Requests per IP per 5 minutes before the WAF rate rule blocks. */
    wafRateLimitPer5Min: Type.Integer({ minimum: 10 }),
    /** Stricter limit on the login and registration paths. */
    loginRateLimitPer5Min: Type.Integer({ minimum: 10 }),
    /** CIDRs always blocked by the WAF IP filter. */
    blockedCidrs: Type.Array(Type.String({ pattern: '^[0-9a-fA-F:.]+/\\d{1,3}$' })),
    /**
     * Host name the stage serves: `null` for the account's `appHostname` (with the apex redirect), or a label
     * that makes it `<label>.<domain>`, so that stages sharing one Cloudflare zone never claim the same record.
     */
    hostLabel: Type.Union([Type.Null(), Type.String({ pattern: '^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$' })]),
    /** Zone settings and rulesets are one per Cloudflare zone: exactly one stage of a zone manages them. */
    cloudflareZoneOwner: Type.Boolean(),
    loadBalancerDeletionProtection: Type.Boolean(),
  },
  { additionalProperties: false },
);

const ComputeSchema = Type.Object(
  {
    instanceType: Type.String({ pattern: '^[a-z0-9]+\\.[a-z0-9]+$' }),
    minSize: NonNegativeInt(),
    maxSize: PositiveInt(),
    desiredCapacity: NonNegativeInt(),
    rootVolumeGb: Type.Integer({ minimum: 8, maximum: 200 }),
    /** Node.js major installed by the user data: a supported LTS (Node 20 reached end of life in April 2026). */
    nodeMajor: Type.Integer({ minimum: 22 }),
    cpuTargetPercent: Type.Number({ minimum: 10, maximum: 90 }),
    requestsPerTargetPerMinute: PositiveInt(),
    healthCheckGraceSeconds: PositiveInt({ maximum: 900 }),
    instanceRefresh: Type.Object(
      {
        /** Canary checkpoints: the share of instances replaced before each pause; the last is 100. */
        checkpointPercentages: Type.Array(Type.Integer({ minimum: 1, maximum: 100 }), { minItems: 1 }),
        checkpointDelaySeconds: NonNegativeInt(),
        minHealthyPercentage: Type.Integer({ minimum: 90, maximum: 100 }),
        instanceWarmupSeconds: NonNegativeInt(),
      },
      { additionalProperties: false },
    ),
  },
  { additionalProperties: false },
);

const ExistingDatabaseSchema = Type.Object(
  {
    endpoint: Type.String({ minLength: 1 }),
    port: Type.Integer({ minimum: 1, maximum: 65535 }),
    databaseName: Type.String({ minLength: 1 }),
    /** Secrets Manager ARN holding `{username, password}` for the existing instance. */
    secretArn: Type.String({ pattern: '^arn:aws[a-z-]*:secretsmanager:' }),
  },
  { additionalProperties: false },
);

const DatabaseSchema = Type.Object(
  {
    /** `create`: this stack owns an RDS instance; `existing`: point the app at a database created elsewhere. */
    mode: Type.Union([Type.Literal('create'), Type.Literal('existing')]),
    engineVersion: Type.String({ pattern: '^15(\\.\\d+)?$' }),
    instanceClass: Type.String({ pattern: '^db\\.[a-z0-9]+\\.[a-z0-9]+$' }),
    databaseName: Type.String({ pattern: '^[a-z][a-z0-9_]{0,62}$' }),
    multiAz: Type.Boolean(),
    allocatedStorageGb: Type.Integer({ minimum: 20 }),
    maxAllocatedStorageGb: Type.Integer({ minimum: 20 }),
    backupRetentionDays: Type.Integer({ minimum: 1, maximum: 35 }),
    deletionProtection: Type.Boolean(),
    skipFinalSnapshot: Type.Boolean(),
    performanceInsights: Type.Boolean(),
    logMinDurationStatementMs: Type.Integer({ minimum: -1 }),
    readReplica: Type.Union([
      Type.Null(),
      Type.Object(
        { instanceClass: Type.String({ pattern: '^db\\.[a-z0-9]+\\.[a-z0-9]+$' }) },
        { additionalProperties: false },
      ),
    ]),
    existing: Type.Optional(ExistingDatabaseSchema),
  },
  { additionalProperties: false },
);

const CacheSchema = Type.Object(
  {
    enabled: Type.Boolean(),
    nodeType: Type.String({ pattern: '^cache\\.[a-z0-9]+\\.[a-z0-9]+$' }),
    nodeCount: Type.Integer({ minimum: 1, maximum: 6 }),
    snapshotRetentionDays: NonNegativeInt({ maximum: 35 }),
  },
  { additionalProperties: false },
);

const StorageSchema = Type.Object(
  {
    /** CloudFront in front of the main bucket's static assets. */
    cloudfront: Type.Boolean(),
    backupToGlacierIrAfterDays: PositiveInt(),
    backupToDeepArchiveAfterDays: PositiveInt(),
    backupExpireAfterDays: PositiveInt(),
    logsExpireAfterDays: PositiveInt(),
    noncurrentVersionExpireAfterDays: PositiveInt(),
  },
  { additionalProperties: false },
);

const ObservabilitySchema = Type.Object(
  {
    logRetentionDays: PositiveInt(),
    /** `basic`: health and capacity alarms; `full`: every alarm of the performance targets. */
    alarms: Type.Union([Type.Literal('basic'), Type.Literal('full')]),
    dashboard: Type.Boolean(),
    syntheticsCanary: Type.Boolean(),
    /**
     * Minutes between health canary runs. Every run is billed ($0.0012): every minute is 43,800 runs ≈ $52.56 a
     * month, every 5 minutes ≈ $10.51. One minute resolves the 99.9 % uptime budget (43 min/month) finely enough
     * for production; 5 minutes is enough to see an outage in growth.
     */
    canaryIntervalMinutes: Type.Integer({ minimum: 1, maximum: 60 }),
    applicationInsights: Type.Boolean(),
    realUserMonitoring: Type.Boolean(),
  },
  { additionalProperties: false },
);

const AuditSchema = Type.Object(
  {
    cloudTrail: Type.Boolean(),
    awsConfig: Type.Boolean(),
    ebsEncryptionByDefault: Type.Boolean(),
    awsBackup: Type.Union([
      Type.Null(),
      Type.Object(
        {
          retentionDays: PositiveInt(),
          copyToRegion: Type.Optional(Type.String({ pattern: '^[a-z]{2}(-[a-z]+)+-\\d$' })),
        },
        { additionalProperties: false },
      ),
    ]),
  },
  { additionalProperties: false },
);

const SecretsSchema = Type.Object(
  {
    /** Days between rotations of the secrets that rotate (the RDS-managed master password). */
    rotationDays: Type.Integer({ minimum: 1, maximum: 365 }),
    /**
     * Generation of the generated secrets (session signing, Redis auth token): Terraform writes a new random value
     * only when this number grows, so raising it by one is how those secrets are rotated.
     */
    generatedSecretsGeneration: Type.Integer({ minimum: 1 }),
  },
  { additionalProperties: false },
);

export const StageDefinitionSchema = Type.Object(
  {
    /** Stage name; the stack is `sigma-pli-<name>` and the state key `stages/<name>/terraform.tfstate`. */
    name: Type.String({ pattern: '^[a-z][a-z0-9-]{1,30}$' }),
    /** Which phase of the architecture this stage implements. */
    phase: Type.Union(PHASES.map((phase) => Type.Literal(phase))),
    description: Type.String(),
    /** AWS region; defaults to the account's region. */
    region: Type.String({ pattern: '^[a-z]{2}(-[a-z]+)+-\\d$' }),
    budget: BudgetSchema,
    targets: PerformanceTargetsSchema,
    network: NetworkSchema,
    edge: EdgeSchema,
    compute: ComputeSchema,
    database: DatabaseSchema,
    cache: CacheSchema,
    storage: StorageSchema,
    observability: ObservabilitySchema,
    audit: AuditSchema,
    secrets: SecretsSchema,
  },
  { additionalProperties: false },
);
export type StageDefinition = Static<typeof StageDefinitionSchema>;
