import { loadPlatformConfig } from '@sigma-pli/config';
import { describe, expect, it } from 'vitest';
import {
  desiredConfiguration,
  isReleaseKey,
  previousRelease,
  refreshPreferences,
  releaseKeyFor,
  repairPreferences,
} from './release';
import { fixture } from './test-support/fixtures';

const stages = Object.fromEntries(
  loadPlatformConfig({ env: {}, file: {} }).stages.map((stage) => [stage.name, stage]),
);
const production = stages.production!.compute.instanceRefresh;
const mvp = stages.mvp!.compute.instanceRefresh;

describe('releaseKeyFor', () => {
  it('keys a release by its full commit SHA', () => {
    expect(releaseKeyFor('9a8b7c6d5e4f3a2b1c0d9e8f7a6b5c4d3e2f1a0b')).toBe(
      'releases/9a8b7c6d5e4f3a2b1c0d9e8f7a6b5c4d3e2f1a0b.tar.gz',
    );
  });

  it('rejects short SHAs, branch names and path tricks', () => {
    for (const bad of ['9a8b7c6', 'main', '../../etc/passwd', `${'A'.repeat(40)}`, '']) {
      expect(() => releaseKeyFor(bad)).toThrow(/full 40-character/);
    }
  });
});

describe('previousRelease', () => {
  const history = fixture('ssm-parameter-history.json');

  it('is the newest value that differs from the current one (a redeploy of the same release is skipped)', () => {
    expect(previousRelease(history, 'releases/9a8b7c6d5e4f3a2b1c0d9e8f7a6b5c4d3e2f1a0b.tar.gz')).toBe(
      'releases/3f2c9a1e8b7d6c5f4a3b2c1d0e9f8a7b6c5d4e3f.tar.gz',
    );
  });

  it('is undefined when the stage ran only the placeholder before its first release', () => {
    const first = 'releases/9a8b7c6d5e4f3a2b1c0d9e8f7a6b5c4d3e2f1a0b.tar.gz';
    const history = {
      Parameters: [
        { Value: 'releases/unset.tar.gz', Version: 1 },
        { Value: first, Version: 2 },
      ],
    };
    expect(previousRelease(history, first)).toBeUndefined();
  });

  it('recognizes only keys of commit releases', () => {
    expect(isReleaseKey('releases/9a8b7c6d5e4f3a2b1c0d9e8f7a6b5c4d3e2f1a0b.tar.gz')).toBe(true);
    for (const other of ['releases/unset.tar.gz', 'releases/9a8b7c6.tar.gz', undefined, '']) {
      expect(isReleaseKey(other)).toBe(false);
    }
  });

  it('rejects JSON that is not a parameter history', () => {
    expect(() => previousRelease({ Parameter: {} }, 'x')).toThrow(/get-parameter-history/);
  });
});

describe('refreshPreferences', () => {
  it("rolls production out as a canary from the stage's checkpoints, with alarms and auto rollback", () => {
    expect(refreshPreferences(production, ['sigma-pli-production-alb-5xx-rate'])).toEqual({
      AutoRollback: true,
      SkipMatching: false,
      MinHealthyPercentage: 90,
      MaxHealthyPercentage: 190,
      InstanceWarmup: 120,
      CheckpointPercentages: [20, 100],
      CheckpointDelay: 300,
      AlarmSpecification: { Alarms: ['sigma-pli-production-alb-5xx-rate'] },
      ScaleInProtectedInstances: 'Wait',
      StandbyInstances: 'Wait',
    });
  });

  it('launches before it terminates on a one-instance stage (100 % healthy, up to 200 %)', () => {
    expect(refreshPreferences(mvp, [])).toMatchObject({
      MinHealthyPercentage: 100,
      MaxHealthyPercentage: 200,
    });
    expect(refreshPreferences(mvp, [])).not.toHaveProperty('AlarmSpecification');
  });

  it('repairs without checkpoints, alarms or auto rollback, keeping the capacity rule', () => {
    const repair = repairPreferences(production);
    expect(repair).toMatchObject({
      AutoRollback: false,
      MinHealthyPercentage: 90,
      MaxHealthyPercentage: 190,
    });
    expect(repair).not.toHaveProperty('CheckpointPercentages');
    expect(repair).not.toHaveProperty('AlarmSpecification');
  });
});

describe('desiredConfiguration', () => {
  const groups = fixture('describe-auto-scaling-groups.json');

  it("keeps the group's numbered launch template version", () => {
    expect(desiredConfiguration(groups, 'sigma-pli-production-app')).toEqual({
      LaunchTemplate: { LaunchTemplateId: 'lt-0a1b2c3d4e5f60718', Version: '7' },
    });
  });

  it('explains that auto rollback needs a numbered version when the group follows $Latest', () => {
    const latest = JSON.parse(JSON.stringify(groups));
    latest.AutoScalingGroups[0].LaunchTemplate.Version = '$Latest';
    expect(() => desiredConfiguration(latest, 'sigma-pli-production-app')).toThrow(
      /needs a numbered version/,
    );
  });

  it('says so when the group does not exist yet', () => {
    expect(() => desiredConfiguration({ AutoScalingGroups: [] }, 'sigma-pli-growth-app')).toThrow(
      /sigma-pli-growth-app does not exist/,
    );
  });
});
