import type { StageDefinition } from '@sigma-pli/config';
import { releaseObjectKey } from '@sigma-pli/infra/dist/naming';

/** The S3 key of a commit's release; only a full commit SHA names a release (tags and branches move). */
export function releaseKeyFor(gitSha: string): string {
  if (!/^[0-9a-f]{40}$/.test(gitSha)) {
    throw new Error(`release: "${gitSha}" is not a full 40-character lower-case git commit SHA`);
  }
  return releaseObjectKey(gitSha);
}

/**
 * Whether a parameter value names a release built by deploy-app (`releases/<sha>.tar.gz`), as opposed to the
 * placeholder the stage stack writes before the first deployment.
 */
export function isReleaseKey(value: string | undefined): value is string {
  return value !== undefined && /^releases\/[0-9a-f]{40}\.tar\.gz$/.test(value);
}

interface ParameterVersion {
  Value: string;
  Version: number;
}

/**
 * The release a stage ran before its current one, from `aws ssm get-parameter-history --name <parameter>`:
 * the newest version whose value differs from the current value and is a release (not the pre-deployment
 * placeholder). `undefined` when the stage never ran another.
 */
export function previousRelease(history: unknown, current: string): string | undefined {
  const parameters = (history as { Parameters?: unknown } | null)?.Parameters;
  if (!Array.isArray(parameters)) throw new Error('expected the JSON of `aws ssm get-parameter-history`');
  return (parameters as ParameterVersion[])
    .filter((version) => typeof version.Value === 'string' && typeof version.Version === 'number')
    .sort((a, b) => b.Version - a.Version)
    .find((version) => version.Value !== current && isReleaseKey(version.Value))?.Value;
}

/** `--preferences` of `aws autoscaling start-instance-refresh`, in the API's shape. */
export interface RefreshPreferences {
  AutoRollback: boolean;
  SkipMatching: false;
  MinHealthyPercentage: number;
  MaxHealthyPercentage: number;
  InstanceWarmup: number;
  CheckpointPercentages?: number[];
  CheckpointDelay?: number;
  AlarmSpecification?: { Alarms: string[] };
  ScaleInProtectedInstances: 'Wait';
  StandbyInstances: 'Wait';
}

/**
 * How a release rolls out on a stage: canary checkpoints from the stage definition (e.g. 20 % of the instances,
 * a pause, then 100 %), never fewer healthy instances than `minHealthyPercentage`, and — because the maximum is
 * set above 100 % — new instances are launched and healthy before old ones are terminated. Auto rollback undoes
 * the refresh when instances fail their health checks or an alarm of `alarms` fires.
 */
export function refreshPreferences(
  refresh: StageDefinition['compute']['instanceRefresh'],
  alarms: string[],
): RefreshPreferences {
  return {
    AutoRollback: true,
    SkipMatching: false,
    MinHealthyPercentage: refresh.minHealthyPercentage,
    // The API allows at most 100 points between minimum and maximum, and at most 200.
    MaxHealthyPercentage: Math.min(200, refresh.minHealthyPercentage + 100),
    InstanceWarmup: refresh.instanceWarmupSeconds,
    CheckpointPercentages: refresh.checkpointPercentages,
    CheckpointDelay: refresh.checkpointDelaySeconds,
    ...(alarms.length > 0 ? { AlarmSpecification: { Alarms: alarms } } : {}),
    ScaleInProtectedInstances: 'Wait',
    StandbyInstances: 'Wait',
  };
}

/**
 * The refresh that puts the previous release back after a failed one: no checkpoints (the previous release is
 * known good), no alarms (they may still be in ALARM from the failed release), no auto rollback, and the same
 * launch-before-terminate capacity rule.
 */
export function repairPreferences(
  refresh: StageDefinition['compute']['instanceRefresh'],
): RefreshPreferences {
  const { CheckpointPercentages, CheckpointDelay, AlarmSpecification, ...rest } = refreshPreferences(
    refresh,
    [],
  );
  return { ...rest, AutoRollback: false };
}

export interface DesiredConfiguration {
  LaunchTemplate: { LaunchTemplateId: string; Version: string };
}

/**
 * `--desired-configuration` that keeps the group's current launch template version. Auto rollback exists only
 * for refreshes with a desired configuration that names a numbered version (`$Latest`/`$Default` cannot be
 * rolled back to); the release itself changes through the SSM parameter, not the template.
 */
export function desiredConfiguration(describeGroups: unknown, groupName: string): DesiredConfiguration {
  const groups = (describeGroups as { AutoScalingGroups?: unknown } | null)?.AutoScalingGroups;
  if (!Array.isArray(groups))
    throw new Error('expected the JSON of `aws autoscaling describe-auto-scaling-groups`');
  const group = groups.find((candidate) => candidate?.AutoScalingGroupName === groupName);
  if (!group) throw new Error(`Auto Scaling group ${groupName} does not exist (has the stage been applied?)`);
  const template = group.LaunchTemplate as { LaunchTemplateId?: string; Version?: string } | undefined;
  if (!template?.LaunchTemplateId || !template.Version) {
    throw new Error(`Auto Scaling group ${groupName} does not use a launch template directly`);
  }
  if (!/^\d+$/.test(template.Version)) {
    throw new Error(
      `Auto Scaling group ${groupName} uses launch template version ${template.Version}; auto rollback needs a numbered version (set the group's launch_template.version to the template's latest_version)`,
    );
  }
  return { LaunchTemplate: { LaunchTemplateId: template.LaunchTemplateId, Version: template.Version } };
}
