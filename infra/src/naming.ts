import type { AccountSettings, StageDefinition } from '@sigma-pli/config';

/**
 * Physical name of a stage-scoped resource: `<project>-<stage>-<suffix>`. Names that other resources or the
 * deployment workflows must know before Terraform creates anything (the Auto Scaling group, alarms, the release
 * parameter) are built here, once, so that every side agrees on them.
 */
export function resourceName(
  account: Pick<AccountSettings, 'project'>,
  stage: Pick<StageDefinition, 'name'>,
  suffix: string,
): string {
  return `${account.project}-${stage.name}-${suffix}`;
}

export function autoScalingGroupName(
  account: Pick<AccountSettings, 'project'>,
  stage: Pick<StageDefinition, 'name'>,
): string {
  return resourceName(account, stage, 'app');
}

/** SSM parameter holding the S3 key of the release the stage runs; the deploy workflow moves it. */
export function releaseParameterName(
  account: Pick<AccountSettings, 'project'>,
  stage: Pick<StageDefinition, 'name'>,
): string {
  return `/${account.project}/${stage.name}/release`;
}

/** S3 key, in the account's release bucket, of the app release built from one commit (written once, never changed). */
export function releaseObjectKey(gitSha: string): string {
  return `releases/${gitSha}.tar.gz`;
}
