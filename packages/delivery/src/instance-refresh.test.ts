import { describe, expect, it } from 'vitest';
import { decideRollout, isFinished, refreshState } from './instance-refresh';
import { fixture } from './test-support/fixtures';

const ID = '08b91cf7-8fa6-48af-b6a6-d227f40f1b9b';
const state = (name: string) => refreshState(fixture(`refresh/${name}.json`), ID);

describe('refreshState', () => {
  it('reads the refresh by id among older ones', () => {
    expect(state('in-progress')).toMatchObject({
      id: ID,
      status: 'InProgress',
      percentageComplete: 50,
      statusReason: 'Waiting for checkpoint delay of 300 seconds to complete.',
    });
  });

  it('reads when and why AWS started rolling back', () => {
    expect(state('rollback-in-progress')).toMatchObject({
      status: 'RollbackInProgress',
      rollbackStartTime: new Date('2026-11-22T10:09:30Z'),
      rollbackReason: 'Alarm sigma-pli-production-alb-5xx-rate is in ALARM state',
    });
  });

  it('fails clearly on an unknown id or foreign JSON', () => {
    expect(() => refreshState(fixture('refresh/pending.json'), 'nope')).toThrow(/nope not found/);
    expect(() => refreshState({ AutoScalingGroups: [] }, ID)).toThrow(/describe-instance-refreshes/);
  });
});

describe('decideRollout', () => {
  const restoredAfterRollbackBegan = new Date('2026-11-22T10:09:45Z');
  const restoredBeforeRollbackBegan = new Date('2026-11-22T10:09:20Z');

  it('waits while the refresh runs or pauses at a checkpoint', () => {
    expect(decideRollout(state('pending'), undefined)).toEqual({ action: 'wait' });
    expect(decideRollout(state('in-progress'), undefined)).toEqual({ action: 'wait' });
  });

  it('succeeds when the refresh did', () => {
    expect(decideRollout(state('successful'), undefined)).toEqual({ action: 'succeeded' });
  });

  it('restores the parameter at the first sign of failure, before anything else', () => {
    for (const name of ['rollback-in-progress', 'rollback-successful', 'failed']) {
      expect(decideRollout(state(name), undefined)).toEqual({ action: 'restore-parameter' });
    }
  });

  it("waits for AWS's rollback to finish once the parameter is restored", () => {
    expect(decideRollout(state('rollback-in-progress'), restoredAfterRollbackBegan)).toEqual({
      action: 'wait',
    });
  });

  it('repairs after a rollback that launched instances before the parameter was restored', () => {
    expect(decideRollout(state('rollback-successful'), restoredAfterRollbackBegan)).toEqual({
      action: 'failed',
      repair: true,
      reason: 'RollbackSuccessful: Alarm sigma-pli-production-alb-5xx-rate is in ALARM state',
    });
  });

  it('needs no repair when the parameter was back before the rollback launched anything', () => {
    expect(decideRollout(state('rollback-successful'), restoredBeforeRollbackBegan)).toMatchObject({
      action: 'failed',
      repair: false,
    });
  });

  it('repairs after a refresh that failed without rolling back', () => {
    expect(decideRollout(state('failed'), restoredAfterRollbackBegan)).toMatchObject({
      action: 'failed',
      repair: true,
      reason: expect.stringContaining('did not pass ELB health checks'),
    });
  });
});

describe('isFinished', () => {
  it('is true only once nothing runs or undoes', () => {
    expect(['pending', 'in-progress', 'rollback-in-progress'].map((name) => isFinished(state(name)))).toEqual(
      [false, false, false],
    );
    expect(['successful', 'failed', 'rollback-successful'].map((name) => isFinished(state(name)))).toEqual([
      true,
      true,
      true,
    ]);
  });
});
