import { type PlatformConfig, type StageDefinition, stackName } from '@sigma-pli/config';
import { autoScalingGroupName, releaseParameterName } from '@sigma-pli/infra/dist/naming';

/** ALB metrics whose alarms stop a rollout: server errors and latency, what a bad release changes first. */
export const DEPLOYMENT_METRICS: ReadonlySet<string> = new Set([
  'HTTPCode_Target_5XX_Count',
  'HTTPCode_ELB_5XX_Count',
  'TargetResponseTime',
]);

type Block = Record<string, unknown>;
const blocks = (value: unknown): Block[] =>
  (Array.isArray(value) ? value : value && typeof value === 'object' ? [value] : []) as Block[];

/**
 * Names of the stage's alarms that gate a rollout, read from the stage's synthesized `cdk.tf.json`: every
 * `aws_cloudwatch_metric_alarm` on one of DEPLOYMENT_METRICS, directly or inside a metric-math query. Reading the
 * synthesized stack (not a copy of the names) keeps this in step with the monitoring construct.
 */
export function deploymentAlarmNames(stack: unknown): string[] {
  const alarms = (stack as { resource?: Record<string, Record<string, Block>> } | null)?.resource
    ?.aws_cloudwatch_metric_alarm;
  const names = Object.values(alarms ?? {}).flatMap((alarm) => {
    const metrics = [
      alarm.metric_name,
      ...blocks(alarm.metric_query).flatMap((query) =>
        blocks(query.metric).map((metric) => metric.metric_name),
      ),
    ];
    const gates = metrics.some((metric) => typeof metric === 'string' && DEPLOYMENT_METRICS.has(metric));
    // A name computed at apply time cannot be handed to the refresh before the run; such alarms are not expected.
    return gates && typeof alarm.alarm_name === 'string' && !alarm.alarm_name.includes('${')
      ? [alarm.alarm_name]
      : [];
  });
  return [...new Set(names)].sort();
}

/** Where `pnpm synth` writes a stack, relative to the repository root: the workflows run Terraform there. */
export function stackDirectory(stack: string): string {
  return `infra/cdktf.out/stacks/${stack}`;
}

export function findStage(config: PlatformConfig, name: string): StageDefinition {
  const stage = config.stages.find((candidate) => candidate.name === name);
  if (!stage) {
    throw new Error(`unknown stage "${name}" (configured: ${config.stages.map((s) => s.name).join(', ')})`);
  }
  return stage;
}

/** What a workflow step needs to know about a stage, as `KEY=value` pairs for `$GITHUB_OUTPUT`. */
export function stageEnvironment(
  config: PlatformConfig,
  stage: StageDefinition,
  stack: unknown,
): Record<string, string> {
  const { account } = config;
  const name = stackName(account, stage);
  return {
    STAGE: stage.name,
    STACK_NAME: name,
    STACK_DIR: stackDirectory(name),
    AWS_REGION: stage.region,
    ASG_NAME: autoScalingGroupName(account, stage),
    RELEASE_PARAMETER: releaseParameterName(account, stage),
    RELEASE_BUCKET: account.releaseBucket,
    RELEASE_BUCKET_REGION: account.state.region,
    DEPLOY_ALARMS: deploymentAlarmNames(stack).join(','),
  };
}

export function formatEnvironment(values: Record<string, string>): string {
  return Object.entries(values)
    .map(([key, value]) => `${key}=${value}`)
    .join('\n');
}
