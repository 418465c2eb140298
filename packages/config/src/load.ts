import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import {
  ACCOUNT_ENVIRONMENT,
  type AccountSettings,
  AccountSettingsSchema,
  DEFAULT_ACCOUNT_SETTINGS,
} from './account';
import { ConfigError, type ConfigIssue, schemaIssues } from './errors';
import { deepMerge, isPlainObject } from './merge';
import {
  type CpuArchitecture,
  INSTANCE_FAMILIES,
  type StageDefinition,
  StageDefinitionSchema,
} from './stage-schema';
import { STAGE_SEEDS, type StageSeed } from './stages';

/**
 * The optional configuration file (`SIGMA_CONFIG_FILE`, JSON):
 * `{ "account": {...}, "stages": { "production": { ...override }, "production-sa": { "extends": "production", ... } } }`.
 * An entry named after a built-in stage overrides it; a new name either `extends` a stage or is complete on its own.
 */
export interface PlatformConfigFile {
  account?: Partial<AccountSettings>;
  stages?: Record<string, Record<string, unknown>>;
}

export interface PlatformConfig {
  account: AccountSettings;
  /** In deployment order. */
  stages: StageDefinition[];
}

export interface LoadOptions {
  env?: NodeJS.ProcessEnv;
  /** Used instead of reading `SIGMA_CONFIG_FILE`, for callers that already hold the content. */
  file?: PlatformConfigFile;
  cwd?: string;
}

export function stackName(
  account: Pick<AccountSettings, 'project'>,
  stage: Pick<StageDefinition, 'name'>,
): string {
  return `${account.project}-${stage.name}`;
}

export function stateKey(stage: Pick<StageDefinition, 'name'>): string {
  return `stages/${stage.name}/terraform.tfstate`;
}

export function instanceArchitecture(instanceType: string): CpuArchitecture {
  const family = instanceType.split('.')[0] as keyof typeof INSTANCE_FAMILIES;
  const architecture = INSTANCE_FAMILIES[family];
  if (!architecture) throw new Error(`unknown instance family in ${instanceType}`);
  return architecture;
}

function readConfigFile(env: NodeJS.ProcessEnv, cwd: string): PlatformConfigFile {
  const path = env.SIGMA_CONFIG_FILE;
  if (!path) return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(resolve(cwd, path), 'utf8'));
  } catch (error) {
    throw new ConfigError('Invalid platform configuration', [
      { field: 'SIGMA_CONFIG_FILE', message: `cannot read ${path}: ${(error as Error).message}` },
    ]);
  }
  if (!isPlainObject(parsed)) {
    throw new ConfigError('Invalid platform configuration', [
      { field: 'SIGMA_CONFIG_FILE', message: 'must contain a JSON object' },
    ]);
  }
  return parsed as PlatformConfigFile;
}

function accountFromEnvironment(env: NodeJS.ProcessEnv): Record<string, unknown> {
  let settings: Record<string, unknown> = {};
  for (const [variable, path] of Object.entries(ACCOUNT_ENVIRONMENT)) {
    const raw = env[variable];
    if (raw === undefined || raw === '') continue;
    const value = raw === 'true' ? true : raw === 'false' ? false : raw;
    settings = deepMerge(
      settings,
      path.reduceRight<unknown>((inner, key) => ({ [key]: inner }), value),
    );
  }
  return settings;
}

/** Rules that a JSON schema cannot say: relations between fields. */
export function stageRuleIssues(stage: StageDefinition, prefix: string): ConfigIssue[] {
  const issues: ConfigIssue[] = [];
  const at = (field: string, message: string) => issues.push({ field: `${prefix}.${field}`, message });
  const { compute, database, cache, storage, audit } = stage;

  const family = compute.instanceType.split('.')[0] ?? '';
  if (!(family in INSTANCE_FAMILIES)) {
    at(
      'compute.instanceType',
      `unknown instance family "${family}" (known: ${Object.keys(INSTANCE_FAMILIES).join(', ')})`,
    );
  }
  if (compute.maxSize < compute.minSize) {
    at('compute.maxSize', `must be at least compute.minSize (${compute.minSize}), got ${compute.maxSize}`);
  }
  if (compute.desiredCapacity < compute.minSize || compute.desiredCapacity > compute.maxSize) {
    at(
      'compute.desiredCapacity',
      `must be between minSize (${compute.minSize}) and maxSize (${compute.maxSize})`,
    );
  }
  const checkpoints = compute.instanceRefresh.checkpointPercentages;
  if (
    checkpoints.some((value, index) => index > 0 && value <= (checkpoints[index - 1] ?? 0)) ||
    checkpoints.at(-1) !== 100
  ) {
    at('compute.instanceRefresh.checkpointPercentages', 'must increase and end at 100');
  }
  if (database.maxAllocatedStorageGb < database.allocatedStorageGb) {
    at(
      'database.maxAllocatedStorageGb',
      `must be at least database.allocatedStorageGb (${database.allocatedStorageGb})`,
    );
  }
  if (database.mode === 'existing' && !database.existing) {
    at(
      'database.existing',
      'is required when database.mode is "existing" (endpoint, port, databaseName, secretArn)',
    );
  }
  if (database.mode === 'create' && database.existing) {
    at('database.existing', 'must be absent when database.mode is "create"');
  }
  if (database.mode === 'existing' && database.readReplica) {
    at(
      'database.readReplica',
      'needs database.mode "create": a replica is made from a database this stack owns',
    );
  }
  if (cache.enabled && cache.nodeCount < 2) {
    at('cache.nodeCount', 'must be at least 2 for automatic failover');
  }
  if (
    !(storage.backupToGlacierIrAfterDays < storage.backupToDeepArchiveAfterDays) ||
    !(storage.backupToDeepArchiveAfterDays < storage.backupExpireAfterDays)
  ) {
    at('storage.backupExpireAfterDays', 'backup lifecycle must go Glacier IR < Deep Archive < expiry');
  }
  if (audit.awsBackup?.copyToRegion === stage.region) {
    at('audit.awsBackup.copyToRegion', 'must differ from the stage region');
  }
  return issues;
}

/**
 * One issue for every stage after the first that claims something only one stage may own within a scope
 * (`scopeOf`); `conflict(owner, scope)` says what collides.
 */
function singleOwnerIssues(
  stages: readonly StageDefinition[],
  field: string,
  claims: (stage: StageDefinition) => boolean,
  scopeOf: (stage: StageDefinition) => string,
  conflict: (owner: string, scope: string) => string,
): ConfigIssue[] {
  const owners = new Map<string, string>();
  const issues: ConfigIssue[] = [];
  for (const stage of stages.filter(claims)) {
    const scope = scopeOf(stage);
    const owner = owners.get(scope);
    if (owner) issues.push({ field: `stages.${stage.name}.${field}`, message: conflict(owner, scope) });
    else owners.set(scope, stage.name);
  }
  return issues;
}

/**
 * Rules across stages, which share one Cloudflare zone and usually one AWS account: no two stages serve the same
 * host name (a `null` host label means the account's app host name); one stage manages the zone-wide settings and
 * rulesets; and per region one stage owns each account-regional singleton (EBS encryption by default, the AWS
 * Config recorder) — two owners would fight, and destroying either would switch the setting off for both.
 */
export function crossStageIssues(stages: readonly StageDefinition[]): ConfigIssue[] {
  const regionalSingleton = (what: string) => (owner: string, region: string) =>
    `stage ${owner} already owns ${what} in ${region}; only one stage per region may`;
  return [
    ...singleOwnerIssues(
      stages,
      'edge.hostLabel',
      () => true,
      (stage) => stage.edge.hostLabel ?? '(the account app host name)',
      (owner, host) => `serves ${host}, as stage ${owner} does; give one of them another host label`,
    ),
    ...singleOwnerIssues(
      stages,
      'edge.cloudflareZoneOwner',
      (stage) => stage.edge.cloudflareZoneOwner,
      () => 'zone',
      (owner) =>
        `stage ${owner} already manages the Cloudflare zone settings and rulesets; only one stage may`,
    ),
    ...singleOwnerIssues(
      stages,
      'audit.ebsEncryptionByDefault',
      (stage) => stage.audit.ebsEncryptionByDefault,
      (stage) => stage.region,
      regionalSingleton('EBS encryption by default'),
    ),
    ...singleOwnerIssues(
      stages,
      'audit.awsConfig',
      (stage) => stage.audit.awsConfig,
      (stage) => stage.region,
      regionalSingleton('the AWS Config recorder'),
    ),
  ];
}

function resolveStage(
  name: string,
  entry: Record<string, unknown> | undefined,
  account: AccountSettings,
  issues: ConfigIssue[],
): StageDefinition | undefined {
  const prefix = `stages.${name}`;
  const { extends: parent, ...override } = entry ?? {};
  let base: Partial<StageSeed> = {};
  if (name in STAGE_SEEDS) {
    base = STAGE_SEEDS[name as keyof typeof STAGE_SEEDS];
  } else if (parent !== undefined) {
    if (typeof parent !== 'string' || !(parent in STAGE_SEEDS)) {
      issues.push({
        field: `${prefix}.extends`,
        message: `must name a built-in stage (${Object.keys(STAGE_SEEDS).join(', ')})`,
      });
      return undefined;
    }
    base = STAGE_SEEDS[parent as keyof typeof STAGE_SEEDS];
  }
  const candidate = deepMerge({ region: account.region, ...base, name }, override);
  const shapeIssues = schemaIssues(StageDefinitionSchema, candidate, prefix);
  if (shapeIssues.length > 0) {
    issues.push(...shapeIssues);
    return undefined;
  }
  const stage = candidate as StageDefinition;
  const ruleIssues = stageRuleIssues(stage, prefix);
  issues.push(...ruleIssues);
  return ruleIssues.length === 0 ? stage : undefined;
}

/**
 * Resolves account settings (defaults < file < environment) and every stage (built-in seeds < file overrides),
 * validating all of it. Throws a ConfigError naming each bad field; never returns a half-valid config.
 * `SIGMA_STAGES=mvp,production` limits the result to those stages.
 */
export function loadPlatformConfig(options: LoadOptions = {}): PlatformConfig {
  const env = options.env ?? process.env;
  const file = options.file ?? readConfigFile(env, options.cwd ?? process.cwd());
  const issues: ConfigIssue[] = [];

  const account = deepMerge(
    deepMerge(DEFAULT_ACCOUNT_SETTINGS, file.account ?? {}),
    accountFromEnvironment(env),
  );
  issues.push(...schemaIssues(AccountSettingsSchema, account, 'account'));
  if (issues.length > 0) throw new ConfigError('Invalid account settings', issues);

  const entries = file.stages ?? {};
  const names = [
    ...Object.keys(STAGE_SEEDS),
    ...Object.keys(entries).filter((name) => !(name in STAGE_SEEDS)),
  ];
  const selected = env.SIGMA_STAGES?.split(',')
    .map((name) => name.trim())
    .filter(Boolean);
  for (const name of selected ?? []) {
    if (!names.includes(name)) issues.push({ field: 'SIGMA_STAGES', message: `unknown stage "${name}"` });
  }
  const stages = names
    .filter((name) => !selected || selected.includes(name))
    .map((name) => resolveStage(name, entries[name], account, issues));
  if (issues.length === 0) issues.push(...crossStageIssues(stages as StageDefinition[]));
  if (issues.length > 0) throw new ConfigError('Invalid stage configuration', issues);
  return { account, stages: stages as StageDefinition[] };
}
