import { decideRollout, isFinished, type RefreshState, refreshState } from './instance-refresh';
import {
  type DesiredConfiguration,
  desiredConfiguration,
  isReleaseKey,
  type RefreshPreferences,
} from './release';

/** The AWS calls a rollout makes; `aws-cli.ts` implements them with the AWS CLI. */
export interface RolloutAws {
  getParameter(name: string): string | undefined;
  /** `aws ssm get-parameter-history` JSON. */
  getParameterHistory(name: string): unknown;
  putParameter(name: string, value: string): void;
  describeAutoScalingGroups(groupName: string): unknown;
  startInstanceRefresh(
    groupName: string,
    preferences: RefreshPreferences,
    desired?: DesiredConfiguration,
  ): string;
  describeInstanceRefreshes(groupName: string, id: string): unknown;
  rollbackInstanceRefresh(groupName: string): void;
}

export interface RolloutPlan {
  groupName: string;
  parameterName: string;
  /** S3 key of the release to run, e.g. `releases/<sha>.tar.gz`. */
  release: string;
  preferences: RefreshPreferences;
  repairPreferences: RefreshPreferences;
  pollSeconds: number;
  /** After this long, the deploy step rolls the refresh back itself. */
  timeoutSeconds: number;
}

export interface RolloutRuntime {
  aws: RolloutAws;
  sleep(seconds: number): Promise<void>;
  now(): Date;
  log(line: string): void;
}

export type RolloutOutcome =
  | { outcome: 'deployed'; release: string; previous?: string }
  | { outcome: 'rolled-back'; release: string; previous?: string; reason: string }
  | { outcome: 'rollback-failed'; release: string; previous?: string; reason: string };

async function waitForEnd(
  plan: RolloutPlan,
  runtime: RolloutRuntime,
  id: string,
  onState: (state: RefreshState) => 'continue' | 'stop',
): Promise<RefreshState> {
  for (;;) {
    const state = refreshState(runtime.aws.describeInstanceRefreshes(plan.groupName, id), id);
    runtime.log(
      `refresh ${id}: ${state.status} ${state.percentageComplete}%${state.statusReason ? ` — ${state.statusReason}` : ''}`,
    );
    if (onState(state) === 'stop') return state;
    await runtime.sleep(plan.pollSeconds);
  }
}

/**
 * Points the stage at `plan.release` and rolls it onto the Auto Scaling group by instance refresh. On failure
 * (health checks, a deployment alarm, or the timeout) the previous release is put back — parameter first, so
 * that every instance launched afterwards boots it — and, if instances may still run the failed release, a repair
 * refresh replaces them.
 */
export async function rollOut(plan: RolloutPlan, runtime: RolloutRuntime): Promise<RolloutOutcome> {
  const { aws, log } = runtime;
  const current = aws.getParameter(plan.parameterName);
  // Before the first deployment the parameter holds a placeholder: there is nothing to go back to.
  const previous = isReleaseKey(current) ? current : undefined;
  const desired = desiredConfiguration(aws.describeAutoScalingGroups(plan.groupName), plan.groupName);
  log(`release: ${previous ?? '(none)'} → ${plan.release}`);
  aws.putParameter(plan.parameterName, plan.release);
  let id: string;
  try {
    id = aws.startInstanceRefresh(plan.groupName, plan.preferences, desired);
  } catch (error) {
    // E.g. another refresh still running: no instance may boot a release that is not being validated.
    restore(plan, runtime, previous);
    throw error;
  }
  const deadline = runtime.now().getTime() + plan.timeoutSeconds * 1000;

  let restoredAt: Date | undefined;
  let rolledBackForTimeout = false;
  let failure: { repair: boolean; reason: string } | undefined;
  await waitForEnd(plan, runtime, id, (state) => {
    const decision = decideRollout(state, restoredAt);
    if (decision.action === 'succeeded') return 'stop';
    if (decision.action === 'failed') {
      failure = decision;
      return 'stop';
    }
    if (decision.action === 'restore-parameter') {
      restoredAt = restore(plan, runtime, previous);
      if (!restoredAt) {
        failure = { repair: false, reason: `${state.status}; no previous release to restore` };
        return 'stop';
      }
    } else if (!rolledBackForTimeout && runtime.now().getTime() > deadline) {
      log(`refresh ${id} did not finish within ${plan.timeoutSeconds}s: rolling it back`);
      restoredAt = restoredAt ?? restore(plan, runtime, previous);
      aws.rollbackInstanceRefresh(plan.groupName);
      rolledBackForTimeout = true;
    }
    return 'continue';
  });
  if (!failure) return { outcome: 'deployed', release: plan.release, previous };

  const failed = { release: plan.release, previous, reason: failure.reason };
  if (!failure.repair || !previous) return { outcome: 'rolled-back', ...failed };
  log(`instances may still run ${plan.release}: replacing them with ${previous}`);
  const repairId = aws.startInstanceRefresh(plan.groupName, plan.repairPreferences, desired);
  const repairDeadline = runtime.now().getTime() + plan.timeoutSeconds * 1000;
  const repaired = await waitForEnd(plan, runtime, repairId, (state) =>
    isFinished(state) || runtime.now().getTime() > repairDeadline ? 'stop' : 'continue',
  );
  if (repaired.status === 'Successful') return { outcome: 'rolled-back', ...failed };
  const repairEnd = isFinished(repaired)
    ? repaired.status
    : `still ${repaired.status} after ${plan.timeoutSeconds}s`;
  return { outcome: 'rollback-failed', ...failed, reason: `${failed.reason}; repair refresh ${repairEnd}` };
}

function restore(plan: RolloutPlan, runtime: RolloutRuntime, previous: string | undefined): Date | undefined {
  if (!previous) return undefined;
  runtime.log(`restoring ${plan.parameterName} to ${previous}`);
  runtime.aws.putParameter(plan.parameterName, previous);
  return runtime.now();
}
