#!/usr/bin/env node
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import {
  ConfigError,
  loadPlatformConfig,
  type PlatformConfig,
  type StageDefinition,
  stackName,
} from '@sigma-pli/config';
import { awsCli } from './aws-cli';
import { comparePlans } from './plan-compare';
import { type PlanSummary, renderPlanSummary, summarizePlan } from './plan-summary';
import { findPlanComment, renderPlanComment, type StagePlanSection } from './pr-comment';
import { previousRelease, refreshPreferences, releaseKeyFor, repairPreferences } from './release';
import { rollOut } from './rollout';
import {
  deploymentAlarmNames,
  findStage,
  formatEnvironment,
  stackDirectory,
  stageEnvironment,
} from './stage-env';
import { parsePlan } from './terraform-plan';

const USAGE = `sigma-delivery <command> [options]

  stages                                         JSON array of {stage, stack, stackDir, region}, in deployment order
  stage-env <stage> [--synth DIR]                KEY=value lines for $GITHUB_OUTPUT (ASG, parameter, alarms, ...)
  plan-summary --stage S --plan PLAN.json [--out SUMMARY.json]
                                                 markdown summary of \`terraform show -json\` output
  plan-comment --summaries DIR --commit SHA --run-url URL [--cost FILE] [--policy FILE]
                                                 the PR comment body (one section per stage)
  find-comment --comments FILE                   id of the existing plan comment, or nothing
  compare-plans --reviewed PLAN.json --current PLAN.json
                                                 exit 1 unless both plans make the same changes
  release-key <git-sha>                          S3 key of a commit's release
  deploy <stage> (--release KEY | --rollback) [--synth DIR] [--poll SECONDS] [--timeout SECONDS]
                                                 roll a release out by instance refresh; exit 1 after a rollback`;

class UsageError extends Error {}

const readJson = (path: string): unknown => {
  try {
    return JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new UsageError(`cannot read ${path}: ${(error as Error).message}`);
  }
};
const readOptional = (path: string | undefined) =>
  path && existsSync(path) ? readFileSync(path, 'utf8') : undefined;

function required(values: Record<string, unknown>, name: string): string {
  const value = values[name];
  if (typeof value !== 'string' || value === '') throw new UsageError(`--${name} is required`);
  return value;
}

function synthesizedStack(config: PlatformConfig, stage: StageDefinition, synthDir: string): unknown {
  const path = join(synthDir, 'stacks', stackName(config.account, stage), 'cdk.tf.json');
  if (!existsSync(path)) throw new UsageError(`${path} not found: run \`pnpm synth\` first`);
  return readJson(path);
}

function seconds(values: Record<string, unknown>, name: string): number {
  const value = Number(values[name]);
  if (!Number.isInteger(value) || value <= 0)
    throw new UsageError(`--${name} must be a positive number of seconds`);
  return value;
}

export async function main(
  argv: string[],
  config: () => PlatformConfig = () => loadPlatformConfig(),
): Promise<number> {
  const [command, ...rest] = argv;
  const { values, positionals } = parseArgs({
    args: rest,
    allowPositionals: true,
    options: {
      synth: { type: 'string', default: 'infra/cdktf.out' },
      stage: { type: 'string' },
      plan: { type: 'string' },
      out: { type: 'string' },
      summaries: { type: 'string' },
      commit: { type: 'string' },
      'run-url': { type: 'string' },
      cost: { type: 'string' },
      policy: { type: 'string' },
      comments: { type: 'string' },
      reviewed: { type: 'string' },
      current: { type: 'string' },
      release: { type: 'string' },
      rollback: { type: 'boolean', default: false },
      poll: { type: 'string', default: '15' },
      timeout: { type: 'string', default: '3600' },
    },
  });
  const write = (text: string) => process.stdout.write(text.endsWith('\n') ? text : `${text}\n`);

  switch (command) {
    case 'help':
    case '--help':
      write(USAGE);
      return 0;
    case 'stages': {
      const platform = config();
      const targets = platform.stages.map((stage) => {
        const stack = stackName(platform.account, stage);
        return { stage: stage.name, stack, stackDir: stackDirectory(stack), region: stage.region };
      });
      write(JSON.stringify(targets));
      return 0;
    }
    case 'stage-env': {
      const platform = config();
      const stage = findStage(platform, positionals[0] ?? required(values, 'stage'));
      const stack = synthesizedStack(platform, stage, values.synth);
      write(formatEnvironment(stageEnvironment(platform, stage, stack)));
      return 0;
    }
    case 'plan-summary': {
      const stage = required(values, 'stage');
      const path = required(values, 'plan');
      const summary = summarizePlan(stage, parsePlan(readFileSync(path, 'utf8'), path));
      if (values.out) writeFileSync(values.out, `${JSON.stringify(summary, null, 2)}\n`);
      write(`### \`${stage}\`\n\n${renderPlanSummary(summary)}`);
      return 0;
    }
    case 'plan-comment': {
      const dir = required(values, 'summaries');
      const found = new Map(
        (existsSync(dir) ? readdirSync(dir, { recursive: true, encoding: 'utf8' }) : [])
          .filter((file) => file.endsWith('.summary.json'))
          .map((file) => {
            const summary = readJson(join(dir, file)) as PlanSummary;
            return [summary.stage, summary] as const;
          }),
      );
      const stages: StagePlanSection[] = config().stages.map((stage) => ({
        stage: stage.name,
        summary: found.get(stage.name),
        error: found.has(stage.name) ? undefined : 'no plan: the plan job of this stage failed (see the run)',
      }));
      write(
        renderPlanComment({
          stages,
          commitSha: required(values, 'commit'),
          runUrl: required(values, 'run-url'),
          costMarkdown: readOptional(values.cost),
          policyMarkdown: readOptional(values.policy),
        }),
      );
      return 0;
    }
    case 'find-comment': {
      const id = findPlanComment(readJson(required(values, 'comments')));
      if (id !== undefined) write(String(id));
      return 0;
    }
    case 'compare-plans': {
      const load = (name: string) => {
        const path = required(values, name);
        return parsePlan(readFileSync(path, 'utf8'), path);
      };
      const comparison = comparePlans(load('reviewed'), load('current'));
      if (comparison.same) {
        write('The plan matches the reviewed plan.');
        return 0;
      }
      write(
        [
          'The plan differs from the reviewed plan; review it again:',
          ...comparison.differences.map((d) => `- ${d}`),
        ].join('\n'),
      );
      return 1;
    }
    case 'release-key':
      write(releaseKeyFor(positionals[0] ?? ''));
      return 0;
    case 'deploy': {
      const platform = config();
      const stage = findStage(platform, positionals[0] ?? required(values, 'stage'));
      const stack = synthesizedStack(platform, stage, values.synth);
      const env = stageEnvironment(platform, stage, stack);
      const aws = awsCli();
      const parameterName = env.RELEASE_PARAMETER ?? '';
      let release = values.release;
      if (values.rollback) {
        const current = aws.getParameter(parameterName);
        release = current && previousRelease(aws.getParameterHistory(parameterName), current);
        if (!release) throw new UsageError(`${stage.name} has no previous release to roll back to`);
      }
      if (!release) throw new UsageError('--release KEY or --rollback is required');
      const alarms = deploymentAlarmNames(stack);
      const result = await rollOut(
        {
          groupName: env.ASG_NAME ?? '',
          parameterName,
          release,
          preferences: refreshPreferences(stage.compute.instanceRefresh, alarms),
          repairPreferences: repairPreferences(stage.compute.instanceRefresh),
          pollSeconds: seconds(values, 'poll'),
          timeoutSeconds: seconds(values, 'timeout'),
        },
        {
          aws,
          sleep: (seconds) => new Promise((resolve) => setTimeout(resolve, seconds * 1000)),
          now: () => new Date(),
          log: (line) => console.error(line),
        },
      );
      write(JSON.stringify(result));
      return result.outcome === 'deployed' ? 0 : 1;
    }
    default:
      throw new UsageError(command ? `unknown command "${command}"` : 'no command given');
  }
}

if (require.main === module) {
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (error: unknown) => {
      if (error instanceof UsageError) console.error(`${error.message}\n\n${USAGE}`);
      else if (error instanceof ConfigError) console.error(error.message);
      else console.error(error instanceof Error ? error.message : error);
      process.exit(2);
    },
  );
}
