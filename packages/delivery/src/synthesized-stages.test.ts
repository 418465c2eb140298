import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadPlatformConfig } from '@sigma-pli/config';
import { buildApp } from '@sigma-pli/infra/dist/app';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { refreshPreferences } from './release';
import { stageEnvironment } from './stage-env';

type Resources = Record<string, Record<string, Record<string, unknown>>>;

/**
 * The deploy workflow's view of each stage (names, alarms, refresh preferences) checked against the stacks the
 * infrastructure really synthesizes, so the two sides cannot drift apart.
 */
describe('deploy settings against the synthesized stages', () => {
  const config = loadPlatformConfig({ env: {}, file: {} });
  const outdir = mkdtempSync(join(tmpdir(), 'sigma-delivery-synth-'));
  const stacks = new Map<string, { resource: Resources }>();

  beforeAll(() => {
    buildApp(config, outdir).synth();
    for (const stage of config.stages) {
      const env = stageEnvironment(config, stage, {});
      const path = join(outdir, 'stacks', env.STACK_NAME ?? '', 'cdk.tf.json');
      stacks.set(stage.name, JSON.parse(readFileSync(path, 'utf8')));
    }
  }, 120_000);
  afterAll(() => rmSync(outdir, { recursive: true, force: true }));

  const groupOf = (name: string) => {
    const [group] = Object.values(stacks.get(name)?.resource.aws_autoscaling_group ?? {});
    if (!group) throw new Error(`no Auto Scaling group in ${name}`);
    return {
      group,
      preferences: (group.instance_refresh as { preferences: Record<string, unknown> }).preferences,
    };
  };

  /** Resolves `${aws_cloudwatch_metric_alarm.<id>.alarm_name}` to the alarm's literal name. */
  const alarmName = (resources: Resources, reference: string) => {
    const id = /^\$\{aws_cloudwatch_metric_alarm\.([^.]+)\.alarm_name\}$/.exec(reference)?.[1] ?? '';
    return resources.aws_cloudwatch_metric_alarm?.[id]?.alarm_name;
  };

  it.each(config.stages.map((stage) => stage.name))(
    '%s: the group, the release parameter and the deployment alarms the workflow names exist',
    (name) => {
      const stage = config.stages.find((candidate) => candidate.name === name)!;
      const { resource } = stacks.get(name)!;
      const env = stageEnvironment(config, stage, stacks.get(name));
      const { group, preferences } = groupOf(name);
      expect(group.name).toBe(env.ASG_NAME);
      const parameters = Object.values(resource.aws_ssm_parameter ?? {}).map((parameter) => parameter.name);
      expect(parameters).toContain(env.RELEASE_PARAMETER);

      const groupAlarms = (preferences.alarm_specification as { alarms: string[] }).alarms.map((ref) =>
        alarmName(resource, ref),
      );
      expect(env.DEPLOY_ALARMS?.split(',')).toEqual([...groupAlarms].sort());
      expect(groupAlarms).toEqual([`sigma-pli-${name}-alb-5xx-rate`, `sigma-pli-${name}-alb-p95-latency`]);
    },
    30_000,
  );

  it.each(config.stages.map((stage) => stage.name))(
    '%s: a deploy refreshes with the same preferences as a Terraform-triggered refresh',
    (name) => {
      const stage = config.stages.find((candidate) => candidate.name === name)!;
      const { alarm_specification: _alarms, ...terraformPreferences } = groupOf(name).preferences;
      const deploy = refreshPreferences(stage.compute.instanceRefresh, ['alarm']);
      // The same preferences in the Terraform resource's shape (durations as strings there).
      expect({
        auto_rollback: deploy.AutoRollback,
        skip_matching: deploy.SkipMatching,
        min_healthy_percentage: deploy.MinHealthyPercentage,
        max_healthy_percentage: deploy.MaxHealthyPercentage,
        instance_warmup: String(deploy.InstanceWarmup),
        checkpoint_percentages: deploy.CheckpointPercentages,
        checkpoint_delay: String(deploy.CheckpointDelay),
        scale_in_protected_instances: deploy.ScaleInProtectedInstances,
        standby_instances: deploy.StandbyInstances,
      }).toEqual(terraformPreferences);
    },
  );
});
