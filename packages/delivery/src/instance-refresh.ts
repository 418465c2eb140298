/** Statuses of `aws autoscaling describe-instance-refreshes`. */
export type RefreshStatus =
  | 'Pending'
  | 'InProgress'
  | 'Baking'
  | 'Successful'
  | 'Failed'
  | 'Cancelling'
  | 'Cancelled'
  | 'RollbackInProgress'
  | 'RollbackFailed'
  | 'RollbackSuccessful';

const RUNNING: ReadonlySet<RefreshStatus> = new Set(['Pending', 'InProgress', 'Baking']);
const UNDOING: ReadonlySet<RefreshStatus> = new Set(['Cancelling', 'RollbackInProgress']);

export interface RefreshState {
  id: string;
  status: RefreshStatus;
  statusReason?: string;
  percentageComplete: number;
  /** When AWS started rolling back (auto rollback after failed health checks or an alarm). */
  rollbackStartTime?: Date;
  rollbackReason?: string;
}

/** The refresh `id` in the JSON of `aws autoscaling describe-instance-refreshes`. */
export function refreshState(describe: unknown, id: string): RefreshState {
  const refreshes = (describe as { InstanceRefreshes?: unknown } | null)?.InstanceRefreshes;
  if (!Array.isArray(refreshes))
    throw new Error('expected the JSON of `aws autoscaling describe-instance-refreshes`');
  const refresh = refreshes.find((candidate) => candidate?.InstanceRefreshId === id);
  if (!refresh) throw new Error(`instance refresh ${id} not found`);
  const rollback = refresh.RollbackDetails as
    | { RollbackStartTime?: string; RollbackReason?: string }
    | undefined;
  return {
    id,
    status: refresh.Status,
    statusReason: refresh.StatusReason,
    percentageComplete: refresh.PercentageComplete ?? 0,
    rollbackStartTime: rollback?.RollbackStartTime ? new Date(rollback.RollbackStartTime) : undefined,
    rollbackReason: rollback?.RollbackReason,
  };
}

/**
 * What the deploy step does next, given the refresh it started and whether it has already pointed the stage back
 * at the previous release:
 * - `wait` while the refresh (or AWS's rollback of it) runs;
 * - `succeeded` when every instance runs the new release;
 * - `restore-parameter` at the first sign of failure: instances launched from now on (by AWS's rollback) must
 *   boot the previous release;
 * - `failed` when AWS is done undoing; `repair` says whether instances may still run the failed release — those
 *   launched by the rollback before the parameter was restored, or all replaced ones when there was no rollback.
 */
export type RolloutDecision =
  | { action: 'wait' }
  | { action: 'succeeded' }
  | { action: 'restore-parameter' }
  | { action: 'failed'; repair: boolean; reason: string };

export function decideRollout(state: RefreshState, parameterRestoredAt: Date | undefined): RolloutDecision {
  if (state.status === 'Successful') return { action: 'succeeded' };
  if (RUNNING.has(state.status)) return { action: 'wait' };
  if (!parameterRestoredAt) return { action: 'restore-parameter' };
  if (UNDOING.has(state.status)) return { action: 'wait' };
  const reason = [state.status, state.rollbackReason ?? state.statusReason].filter(Boolean).join(': ');
  if (state.status === 'RollbackSuccessful') {
    const rollbackBeganFirst = !state.rollbackStartTime || state.rollbackStartTime < parameterRestoredAt;
    return { action: 'failed', repair: rollbackBeganFirst, reason };
  }
  return { action: 'failed', repair: true, reason };
}

/** A refresh started to repair the stage is done when it is no longer running; it must end `Successful`. */
export function isFinished(state: RefreshState): boolean {
  return !RUNNING.has(state.status) && !UNDOING.has(state.status);
}
