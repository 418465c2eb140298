import { describe, expect, it } from 'vitest';
import { awsCli } from './aws-cli';

/** Records the AWS CLI argument lists and answers with canned JSON, as `aws --output json` would. */
function recording(answers: Record<string, unknown> = {}) {
  const calls: string[][] = [];
  const aws = awsCli((args) => {
    calls.push(args);
    const answer = answers[`${args[0]} ${args[1]}`];
    if (answer instanceof Error) throw answer;
    return JSON.stringify(answer ?? {});
  });
  return { aws, calls };
}

describe('awsCli', () => {
  it('starts a rolling refresh with the preferences and desired configuration as JSON arguments', () => {
    const { aws, calls } = recording({
      'autoscaling start-instance-refresh': { InstanceRefreshId: '08b91cf7-8fa6-48af-b6a6-d227f40f1b9b' },
    });
    const id = aws.startInstanceRefresh(
      'sigma-pli-mvp-app',
      {
        AutoRollback: true,
        SkipMatching: false,
        MinHealthyPercentage: 100,
        MaxHealthyPercentage: 200,
        InstanceWarmup: 120,
        ScaleInProtectedInstances: 'Wait',
        StandbyInstances: 'Wait',
      },
      { LaunchTemplate: { LaunchTemplateId: 'lt-0a1b2c3d4e5f60718', Version: '7' } },
    );
    expect(id).toBe('08b91cf7-8fa6-48af-b6a6-d227f40f1b9b');
    const args = calls[0] ?? [];
    expect(args.slice(0, 6)).toEqual([
      'autoscaling',
      'start-instance-refresh',
      '--auto-scaling-group-name',
      'sigma-pli-mvp-app',
      '--strategy',
      'Rolling',
    ]);
    expect(JSON.parse(args[args.indexOf('--preferences') + 1] ?? '')).toMatchObject({ AutoRollback: true });
    expect(JSON.parse(args[args.indexOf('--desired-configuration') + 1] ?? '')).toEqual({
      LaunchTemplate: { LaunchTemplateId: 'lt-0a1b2c3d4e5f60718', Version: '7' },
    });
  });

  it('overwrites the release parameter as a plain String', () => {
    const { aws, calls } = recording();
    aws.putParameter('/sigma-pli/mvp/release', 'releases/abc.tar.gz');
    expect(calls[0]).toEqual([
      'ssm',
      'put-parameter',
      '--name',
      '/sigma-pli/mvp/release',
      '--type',
      'String',
      '--overwrite',
      '--value',
      'releases/abc.tar.gz',
    ]);
  });

  it('reads a missing parameter as no release, and other errors as errors', () => {
    const missing = recording({
      'ssm get-parameter': new Error('aws ssm get-parameter failed: An error occurred (ParameterNotFound)'),
    });
    expect(missing.aws.getParameter('/sigma-pli/mvp/release')).toBeUndefined();
    const denied = recording({
      'ssm get-parameter': new Error('aws ssm get-parameter failed: AccessDenied'),
    });
    expect(() => denied.aws.getParameter('/sigma-pli/mvp/release')).toThrow(/AccessDenied/);
    const found = recording({ 'ssm get-parameter': { Parameter: { Value: 'releases/abc.tar.gz' } } });
    expect(found.aws.getParameter('/sigma-pli/mvp/release')).toBe('releases/abc.tar.gz');
  });

  it('describes one refresh by id and rolls back by group', () => {
    const { aws, calls } = recording();
    aws.describeInstanceRefreshes('sigma-pli-mvp-app', 'refresh-1');
    aws.rollbackInstanceRefresh('sigma-pli-mvp-app');
    expect(calls).toEqual([
      [
        'autoscaling',
        'describe-instance-refreshes',
        '--auto-scaling-group-name',
        'sigma-pli-mvp-app',
        '--instance-refresh-ids',
        'refresh-1',
      ],
      ['autoscaling', 'rollback-instance-refresh', '--auto-scaling-group-name', 'sigma-pli-mvp-app'],
    ]);
  });
});
