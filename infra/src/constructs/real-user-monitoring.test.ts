import { beforeAll, describe, expect, it } from 'vitest';
import {
  onlyResource,
  parsePolicy,
  type SynthJson,
  stageNamed,
  synthConstruct,
  testAccount,
  tfRef,
} from '../test-support/synth-json';
import { ApplicationInsights } from './application-insights';
import { AwsContext } from './aws-context';
import { RealUserMonitoring } from './real-user-monitoring';

describe('RealUserMonitoring and ApplicationInsights', () => {
  let json: SynthJson;
  beforeAll(() => {
    json = synthConstruct((stack) => {
      const stage = stageNamed('production');
      const context = new AwsContext(stack, 'context', { region: 'us-east-1' });
      new RealUserMonitoring(stack, 'rum', { account: testAccount(), stage, context });
      new ApplicationInsights(stack, 'insights', { account: testAccount(), stage });
    });
  });

  it('monitors the app hostname with a sampled RUM app monitor and an unauthenticated identity pool', () => {
    const monitor = onlyResource(json, 'aws_rum_app_monitor');
    expect(monitor).toMatchObject({
      name: 'sigma-pli-production-web',
      domain: 'www.sigma-pli.example.com',
      app_monitor_configuration: { session_sample_rate: 0.2, telemetries: ['errors', 'performance', 'http'] },
    });
    const poolId = tfRef(
      `aws_cognito_identity_pool.${Object.keys(json.resource?.aws_cognito_identity_pool ?? {})[0]}.id`,
    );
    expect((monitor.app_monitor_configuration as Record<string, unknown>).identity_pool_id).toBe(poolId);
    expect(onlyResource(json, 'aws_cognito_identity_pool')).toMatchObject({
      identity_pool_name: 'sigma_pli_production_web',
      allow_unauthenticated_identities: true,
    });
  });

  it('lets the guest role, assumed only by this pool’s unauthenticated identities, only put RUM events', () => {
    const role = onlyResource(json, 'aws_iam_role');
    const [trust] = parsePolicy(role.assume_role_policy).Statement;
    expect(trust?.Condition).toMatchObject({
      'ForAnyValue:StringLike': { 'cognito-identity.amazonaws.com:amr': 'unauthenticated' },
    });
    const [permission] = parsePolicy(onlyResource(json, 'aws_iam_role_policy').policy).Statement;
    expect(permission?.Action).toBe('rum:PutRumEvents');
    expect(permission?.Resource).toMatch(/:rum:us-east-1:.*:appmonitor\/sigma-pli-production-web$/);
  });

  it('monitors the host name of the stage it belongs to', () => {
    const production = stageNamed('production');
    const labelled = synthConstruct((stack) => {
      new RealUserMonitoring(stack, 'rum', {
        account: testAccount(),
        stage: { ...production, edge: { ...production.edge, hostLabel: 'beta' } },
        context: new AwsContext(stack, 'context', { region: 'us-east-1' }),
      });
    });
    expect(onlyResource(labelled, 'aws_rum_app_monitor').domain).toBe('beta.sigma-pli.example.com');
  });

  it('runs Application Insights over the resource group of the stage’s tags', () => {
    const group = onlyResource(json, 'aws_resourcegroups_group');
    const query = JSON.parse(String((group.resource_query as { query: string }).query));
    expect(query.TagFilters).toEqual([
      { Key: 'project', Values: ['sigma-pli'] },
      { Key: 'stage', Values: ['production'] },
    ]);
    expect(onlyResource(json, 'aws_applicationinsights_application')).toMatchObject({
      auto_config_enabled: true,
      resource_group_name: expect.stringMatching(/^\$\{aws_resourcegroups_group\.[\w-]+\.name\}$/),
    });
  });
});
