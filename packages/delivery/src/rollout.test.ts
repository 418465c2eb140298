import { loadPlatformConfig } from '@sigma-pli/config';
import { describe, expect, it } from 'vitest';
import { type RefreshPreferences, refreshPreferences, repairPreferences } from './release';
import { type RolloutAws, type RolloutPlan, rollOut } from './rollout';
import { fixture } from './test-support/fixtures';

const FIRST_ID = '08b91cf7-8fa6-48af-b6a6-d227f40f1b9b';
const REPAIR_ID = '5d4c3b2a-aaaa-4bbb-8ccc-1d2e3f4a5b6c';
const OLD = 'releases/3f2c9a1e8b7d6c5f4a3b2c1d0e9f8a7b6c5d4e3f.tar.gz';
const NEW = 'releases/9a8b7c6d5e4f3a2b1c0d9e8f7a6b5c4d3e2f1a0b.tar.gz';

/** describe-instance-refreshes JSON of the fixture `name`, for refresh `id`. */
function refreshJson(name: string, id: string): unknown {
  const json = fixture(`refresh/${name}.json`) as { InstanceRefreshes: { InstanceRefreshId: string }[] };
  const [latest] = json.InstanceRefreshes;
  if (latest) latest.InstanceRefreshId = id;
  return json;
}

/**
 * AWS as the rollout sees it, replaying recorded API responses: each started refresh goes through the given
 * sequence of describe-instance-refreshes fixtures, one per poll, staying on the last.
 */
class RecordedAws implements RolloutAws {
  parameter: string | undefined;
  readonly calls: string[] = [];
  readonly started: { preferences: RefreshPreferences; desired: unknown }[] = [];
  private readonly sequences: string[][];
  private readonly polls = new Map<string, number>();

  constructor(initial: string | undefined, ...sequences: string[][]) {
    this.parameter = initial;
    this.sequences = sequences;
  }
  getParameter() {
    return this.parameter;
  }
  getParameterHistory() {
    return fixture('ssm-parameter-history.json');
  }
  putParameter(_name: string, value: string) {
    this.calls.push(`put ${value}`);
    this.parameter = value;
  }
  describeAutoScalingGroups() {
    return fixture('describe-auto-scaling-groups.json');
  }
  startInstanceRefresh(_group: string, preferences: RefreshPreferences, desired?: unknown) {
    const id = this.started.length === 0 ? FIRST_ID : REPAIR_ID;
    this.calls.push(`start ${preferences.AutoRollback ? 'canary' : 'repair'}`);
    this.started.push({ preferences, desired });
    return id;
  }
  describeInstanceRefreshes(_group: string, id: string) {
    const sequence = this.sequences[id === FIRST_ID ? 0 : 1] ?? [];
    const poll = this.polls.get(id) ?? 0;
    this.polls.set(id, poll + 1);
    return refreshJson(sequence[Math.min(poll, sequence.length - 1)] ?? 'pending', id);
  }
  rollbackInstanceRefresh() {
    this.calls.push('rollback');
  }
}

const production = loadPlatformConfig({ env: {}, file: {} }).stages.find(
  (stage) => stage.name === 'production',
)!;
const plan = (overrides: Partial<RolloutPlan> = {}): RolloutPlan => ({
  groupName: 'sigma-pli-production-app',
  parameterName: '/sigma-pli/production/release',
  release: NEW,
  preferences: refreshPreferences(production.compute.instanceRefresh, ['sigma-pli-production-alb-5xx-rate']),
  repairPreferences: repairPreferences(production.compute.instanceRefresh),
  pollSeconds: 15,
  timeoutSeconds: 3600,
  ...overrides,
});

/** A clock that advances by the slept time, so a rollout of an hour runs instantly. */
function runtime(aws: RolloutAws) {
  let now = Date.parse('2026-11-22T10:09:40Z');
  const log: string[] = [];
  return {
    log,
    runtime: {
      aws,
      sleep: async (seconds: number) => {
        now += seconds * 1000;
      },
      now: () => new Date(now),
      log: (line: string) => log.push(line),
    },
  };
}

describe('rollOut', () => {
  it('moves the parameter, refreshes as a canary with the current launch template, and succeeds', async () => {
    const aws = new RecordedAws(OLD, ['pending', 'in-progress', 'in-progress', 'successful']);
    const { runtime: run, log } = runtime(aws);
    expect(await rollOut(plan(), run)).toEqual({ outcome: 'deployed', release: NEW, previous: OLD });
    expect(aws.calls).toEqual([`put ${NEW}`, 'start canary']);
    expect(aws.parameter).toBe(NEW);
    expect(aws.started[0]?.desired).toEqual({
      LaunchTemplate: { LaunchTemplateId: 'lt-0a1b2c3d4e5f60718', Version: '7' },
    });
    expect(aws.started[0]?.preferences.CheckpointPercentages).toEqual([20, 100]);
    expect(log.filter((line) => line.startsWith(`refresh ${FIRST_ID}`))).toHaveLength(4);
  });

  it('restores the previous release when an alarm rolls the canary back, then repairs and fails', async () => {
    const aws = new RecordedAws(
      OLD,
      ['in-progress', 'rollback-in-progress', 'rollback-in-progress', 'rollback-successful'],
      ['pending', 'in-progress', 'successful'],
    );
    const result = await rollOut(plan(), runtime(aws).runtime);
    expect(result).toEqual({
      outcome: 'rolled-back',
      release: NEW,
      previous: OLD,
      reason: 'RollbackSuccessful: Alarm sigma-pli-production-alb-5xx-rate is in ALARM state',
    });
    expect(aws.calls).toEqual([`put ${NEW}`, 'start canary', `put ${OLD}`, 'start repair']);
    expect(aws.parameter).toBe(OLD);
  });

  it('repairs after instances failed their health checks without a rollback', async () => {
    const aws = new RecordedAws(OLD, ['in-progress', 'failed'], ['successful']);
    const result = await rollOut(plan(), runtime(aws).runtime);
    expect(result.outcome).toBe('rolled-back');
    expect(aws.calls).toEqual([`put ${NEW}`, 'start canary', `put ${OLD}`, 'start repair']);
  });

  it('reports a failed repair as such', async () => {
    const aws = new RecordedAws(OLD, ['failed'], ['in-progress', 'failed']);
    const result = await rollOut(plan(), runtime(aws).runtime);
    expect(result).toMatchObject({
      outcome: 'rollback-failed',
      reason: expect.stringContaining('repair refresh Failed'),
    });
  });

  it('rolls the refresh back itself when it outlives the timeout', async () => {
    const aws = new RecordedAws(
      OLD,
      [...Array.from({ length: 10 }, () => 'in-progress'), 'rollback-in-progress', 'rollback-successful'],
      ['successful'],
    );
    const result = await rollOut(plan({ timeoutSeconds: 60 }), runtime(aws).runtime);
    expect(result.outcome).toBe('rolled-back');
    expect(aws.calls.slice(0, 4)).toEqual([`put ${NEW}`, 'start canary', `put ${OLD}`, 'rollback']);
    expect(aws.calls.filter((call) => call === 'rollback')).toHaveLength(1);
  });

  it('puts the previous release back when the refresh cannot start', async () => {
    const aws = new RecordedAws(OLD, []);
    aws.startInstanceRefresh = () => {
      throw new Error('aws autoscaling failed: An error occurred (InstanceRefreshInProgress)');
    };
    await expect(rollOut(plan(), runtime(aws).runtime)).rejects.toThrow(/InstanceRefreshInProgress/);
    expect(aws.calls).toEqual([`put ${NEW}`, `put ${OLD}`]);
    expect(aws.parameter).toBe(OLD);
  });

  it('gives up on a repair that outlives the timeout', async () => {
    const aws = new RecordedAws(OLD, ['failed'], ['in-progress']);
    const result = await rollOut(plan({ timeoutSeconds: 60 }), runtime(aws).runtime);
    expect(result).toMatchObject({
      outcome: 'rollback-failed',
      reason: expect.stringContaining('repair refresh still InProgress after 60s'),
    });
  });

  it('fails without a repair on the first deploy of a stage, when there is nothing to go back to', async () => {
    const aws = new RecordedAws('releases/unset.tar.gz', ['in-progress', 'failed']);
    const result = await rollOut(plan(), runtime(aws).runtime);
    expect(result).toMatchObject({
      outcome: 'rolled-back',
      reason: 'Failed; no previous release to restore',
    });
    expect(aws.calls).toEqual([`put ${NEW}`, 'start canary']);
  });
});
