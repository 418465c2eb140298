import { execFileSync } from 'node:child_process';
import type { DesiredConfiguration, RefreshPreferences } from './release';
import type { RolloutAws } from './rollout';

type Run = (args: string[]) => string;

/** Runs `aws <args> --output json` with the credentials and region of the environment (OIDC in the workflow). */
const runAwsCli: Run = (args) => {
  try {
    return execFileSync('aws', [...args, '--output', 'json'], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
    });
  } catch (error) {
    const stderr = String((error as { stderr?: unknown }).stderr ?? '').trim();
    throw new Error(`aws ${args.slice(0, 2).join(' ')} failed: ${stderr || (error as Error).message}`);
  }
};

/** The rollout's AWS calls as AWS CLI commands: the only code here that talks to AWS. */
export function awsCli(run: Run = runAwsCli): RolloutAws {
  const json = (args: string[]) => JSON.parse(run(args)) as unknown;
  return {
    getParameter(name) {
      try {
        const result = json(['ssm', 'get-parameter', '--name', name]) as { Parameter: { Value: string } };
        return result.Parameter.Value;
      } catch (error) {
        if ((error as Error).message.includes('ParameterNotFound')) return undefined;
        throw error;
      }
    },
    getParameterHistory(name) {
      return json(['ssm', 'get-parameter-history', '--name', name]);
    },
    putParameter(name, value) {
      run(['ssm', 'put-parameter', '--name', name, '--type', 'String', '--overwrite', '--value', value]);
    },
    describeAutoScalingGroups(groupName) {
      return json(['autoscaling', 'describe-auto-scaling-groups', '--auto-scaling-group-names', groupName]);
    },
    startInstanceRefresh(groupName, preferences: RefreshPreferences, desired?: DesiredConfiguration) {
      const args = [
        'autoscaling',
        'start-instance-refresh',
        '--auto-scaling-group-name',
        groupName,
        '--strategy',
        'Rolling',
        '--preferences',
        JSON.stringify(preferences),
      ];
      if (desired) args.push('--desired-configuration', JSON.stringify(desired));
      return (json(args) as { InstanceRefreshId: string }).InstanceRefreshId;
    },
    describeInstanceRefreshes(groupName, id) {
      return json([
        'autoscaling',
        'describe-instance-refreshes',
        '--auto-scaling-group-name',
        groupName,
        '--instance-refresh-ids',
        id,
      ]);
    },
    rollbackInstanceRefresh(groupName) {
      run(['autoscaling', 'rollback-instance-refresh', '--auto-scaling-group-name', groupName]);
    },
  };
}
