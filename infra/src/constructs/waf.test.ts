import { beforeAll, describe, expect, it } from 'vitest';
import {
  onlyResource,
  resourcesOf,
  type SynthJson,
  stageNamed,
  synthConstruct,
  testAccount,
} from '../test-support/synth-json';
import { MANAGED_RULE_GROUPS, Waf } from './waf';

const ALB_ARN =
  'arn:aws:elasticloadbalancing:us-east-1:111122223333:loadbalancer/app/example/0123456789abcdef';
const WAF_LOG_GROUP_ARN = 'arn:aws:logs:us-east-1:111122223333:log-group:aws-waf-logs-sigma-pli-production';

type Rule = {
  name: string;
  priority: number;
  action?: Record<string, unknown>;
  override_action?: Record<string, unknown>;
  statement: { managed_rule_group_statement?: { name: string } } & Record<string, unknown>;
  visibility_config: Record<string, unknown>;
};

describe('Waf', () => {
  let json: SynthJson;
  let rules: Rule[];
  beforeAll(() => {
    const base = stageNamed('production');
    const stage = { ...base, edge: { ...base.edge, blockedCidrs: ['192.0.2.0/24', '2001:db8::/32'] } };
    json = synthConstruct((stack) => {
      new Waf(stack, 'waf', {
        account: testAccount(),
        stage,
        loadBalancerArn: ALB_ARN,
        logGroupArn: WAF_LOG_GROUP_ARN,
      });
    });
    rules = onlyResource(json, 'aws_wafv2_web_acl').rule as Rule[];
  });

  it('is a regional ACL that allows by default, associated with the ALB', () => {
    expect(onlyResource(json, 'aws_wafv2_web_acl')).toMatchObject({
      scope: 'REGIONAL',
      default_action: { allow: {} },
    });
    expect(onlyResource(json, 'aws_wafv2_web_acl_association').resource_arn).toBe(ALB_ARN);
  });

  it('blocks the configured CIDRs through one IP set per address family', () => {
    const sets = Object.values(resourcesOf(json, 'aws_wafv2_ip_set'));
    expect(sets.map((set) => [set.ip_address_version, set.addresses])).toEqual([
      ['IPV4', ['192.0.2.0/24']],
      ['IPV6', ['2001:db8::/32']],
    ]);
    const blockRule = rules.find((rule) => rule.name === 'blocked-ips');
    expect(blockRule?.action).toEqual({ block: {} });
    expect(blockRule?.statement).toEqual({
      or_statement: {
        statement: [
          { ip_set_reference_statement: expect.anything() },
          { ip_set_reference_statement: expect.anything() },
        ],
      },
    });
  });

  it('counts and blocks by the client address Cloudflare forwards where the stage is proxied', () => {
    const forwarded = { header_name: 'CF-Connecting-IP', fallback_behavior: 'MATCH' };
    const general = rules.find((rule) => rule.name === 'rate-limit-per-ip');
    expect(general?.statement).toMatchObject({
      rate_based_statement: { aggregate_key_type: 'FORWARDED_IP', forwarded_ip_config: forwarded },
    });
    const forwardedSet = { ip_set_forwarded_ip_config: { ...forwarded, position: 'FIRST' } };
    expect(rules.find((rule) => rule.name === 'blocked-ips')?.statement).toMatchObject({
      or_statement: {
        statement: [
          { ip_set_reference_statement: forwardedSet },
          { ip_set_reference_statement: forwardedSet },
        ],
      },
    });
    const direct = synthConstruct((stack) => {
      const base = stageNamed('mvp');
      new Waf(stack, 'waf', {
        account: testAccount(),
        stage: base,
        loadBalancerArn: ALB_ARN,
        logGroupArn: WAF_LOG_GROUP_ARN,
      });
    });
    const directRules = onlyResource(direct, 'aws_wafv2_web_acl').rule as Rule[];
    expect(directRules.find((rule) => rule.name === 'rate-limit-per-ip')?.statement).toEqual({
      rate_based_statement: {
        limit: stageNamed('mvp').edge.wafRateLimitPer5Min,
        aggregate_key_type: 'IP',
        evaluation_window_sec: 300,
      },
    });
  });

  it('keeps the 8 KB body-size managed rule in count mode (Nginx enforces the app body limit)', () => {
    const common = rules.find((rule) => rule.name === 'AWSManagedRulesCommonRuleSet');
    expect(common?.statement).toMatchObject({
      managed_rule_group_statement: {
        rule_action_override: [{ name: 'SizeRestrictions_BODY', action_to_use: { count: {} } }],
      },
    });
  });

  it('rate-limits per IP with the stage limits, stricter on credential POSTs', () => {
    const general = rules.find((rule) => rule.name === 'rate-limit-per-ip');
    expect(general?.statement).toMatchObject({
      rate_based_statement: {
        limit: stageNamed('production').edge.wafRateLimitPer5Min,
        evaluation_window_sec: 300,
      },
    });
    const credentials = rules.find((rule) => rule.name === 'rate-limit-credentials')?.statement;
    expect(credentials).toMatchObject({
      rate_based_statement: { limit: stageNamed('production').edge.loginRateLimitPer5Min },
    });
    const serialized = JSON.stringify(credentials);
    expect(serialized).toContain('"search_string":"POST"');
    expect(serialized).toContain('"regex_string":"^(?:/api/v1/auth/login|/api/v1/registrations)"');
    // AWS WAF accepts only plain statements inside a scope-down AND: no nested AND/OR/NOT there.
    expect(serialized).not.toMatch(/scope_down_statement.*(and|or|not)_statement.*(and|or|not)_statement/);
  });

  it('applies the managed SQLi, common (XSS), known-bad-inputs and IP-reputation groups without overriding them', () => {
    const managed = rules.filter((rule) => rule.statement.managed_rule_group_statement);
    expect(managed.map((rule) => rule.statement.managed_rule_group_statement?.name)).toEqual([
      ...MANAGED_RULE_GROUPS,
    ]);
    expect(MANAGED_RULE_GROUPS).toEqual(
      expect.arrayContaining(['AWSManagedRulesSQLiRuleSet', 'AWSManagedRulesCommonRuleSet']),
    );
    for (const rule of managed) expect(rule.override_action).toEqual({ none: {} });
  });

  it('gives every rule a unique priority and metrics with sampled requests', () => {
    expect(new Set(rules.map((rule) => rule.priority)).size).toBe(rules.length);
    for (const rule of rules) {
      expect(rule.visibility_config).toMatchObject({
        cloudwatch_metrics_enabled: true,
        sampled_requests_enabled: true,
      });
    }
  });

  it('logs to the aws-waf-logs- group with credentials redacted', () => {
    const logging = onlyResource(json, 'aws_wafv2_web_acl_logging_configuration');
    expect(logging.log_destination_configs).toEqual([WAF_LOG_GROUP_ARN]);
    expect(logging.redacted_fields).toEqual([
      { single_header: { name: 'authorization' } },
      { single_header: { name: 'cookie' } },
    ]);
  });
});
