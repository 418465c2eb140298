import { Testing } from 'cdktf';
import { beforeAll, describe, expect, it } from 'vitest';
import { onlyResource, platformConfig, resourcesOf, type SynthJson } from '../test-support/synth-json';
import { StageStack } from './stage-stack';

/** Top-level construct ids of the network, edge and compute part of a stage. */
const NETWORK_EDGE_COMPUTE = new Set([
  'network',
  'security-groups',
  'certificate',
  'load-balancer',
  'waf',
  'dns',
  'zone-settings',
  'zone-rulesets',
  'compute',
]);

/** Resource count per Terraform type of the network/edge/compute constructs, sorted by type. */
function networkEdgeComputeCounts(json: SynthJson): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const [type, resources] of Object.entries(json.resource ?? {}).sort(([a], [b]) =>
    a.localeCompare(b),
  )) {
    // Logical ids start with the top-level construct id (`network_vpc_4E8F0223`).
    for (const logicalId of Object.keys(resources)) {
      const owner = logicalId.split('_')[0];
      if (owner && NETWORK_EDGE_COMPUTE.has(owner)) counts[type] = (counts[type] ?? 0) + 1;
    }
  }
  return counts;
}

describe('StageStack: network, edge and compute', () => {
  const stacks: Record<string, SynthJson> = {};
  beforeAll(() => {
    const { account, stages } = platformConfig();
    for (const stage of stages) {
      stacks[stage.name] = JSON.parse(Testing.synth(new StageStack(Testing.app(), { account, stage })));
    }
  });
  const stack = (name: string): SynthJson => {
    const json = stacks[name];
    if (!json) throw new Error(`no stage ${name}`);
    return json;
  };

  it('mvp: one NAT, internet-facing ALB, no WAF, DNS-only record, no zone-wide Cloudflare config', () => {
    expect(networkEdgeComputeCounts(stack('mvp'))).toMatchInlineSnapshot(`
      {
        "aws_acm_certificate": 1,
        "aws_acm_certificate_validation": 1,
        "aws_autoscaling_group": 1,
        "aws_default_security_group": 1,
        "aws_eip": 1,
        "aws_flow_log": 1,
        "aws_iam_instance_profile": 1,
        "aws_iam_role": 2,
        "aws_iam_role_policy": 2,
        "aws_iam_role_policy_attachment": 1,
        "aws_internet_gateway": 1,
        "aws_launch_template": 1,
        "aws_lb": 1,
        "aws_lb_listener": 2,
        "aws_lb_target_group": 1,
        "aws_nat_gateway": 1,
        "aws_route": 3,
        "aws_route_table": 3,
        "aws_route_table_association": 4,
        "aws_security_group": 3,
        "aws_ssm_parameter": 1,
        "aws_subnet": 4,
        "aws_vpc": 1,
        "aws_vpc_endpoint": 1,
        "aws_vpc_security_group_egress_rule": 3,
        "aws_vpc_security_group_ingress_rule": 4,
        "cloudflare_dns_record": 2,
      }
    `);
  });

  it('growth: Cloudflare-only ALB ingress, one NAT, scaling policies', () => {
    expect(networkEdgeComputeCounts(stack('growth'))).toMatchInlineSnapshot(`
      {
        "aws_acm_certificate": 1,
        "aws_acm_certificate_validation": 1,
        "aws_autoscaling_group": 1,
        "aws_autoscaling_policy": 2,
        "aws_default_security_group": 1,
        "aws_eip": 1,
        "aws_flow_log": 1,
        "aws_iam_instance_profile": 1,
        "aws_iam_role": 2,
        "aws_iam_role_policy": 2,
        "aws_iam_role_policy_attachment": 1,
        "aws_internet_gateway": 1,
        "aws_launch_template": 1,
        "aws_lb": 1,
        "aws_lb_listener": 2,
        "aws_lb_target_group": 1,
        "aws_nat_gateway": 1,
        "aws_route": 3,
        "aws_route_table": 3,
        "aws_route_table_association": 4,
        "aws_security_group": 3,
        "aws_ssm_parameter": 1,
        "aws_subnet": 4,
        "aws_vpc": 1,
        "aws_vpc_endpoint": 1,
        "aws_vpc_security_group_egress_rule": 3,
        "aws_vpc_security_group_ingress_rule": 17,
        "cloudflare_dns_record": 2,
      }
    `);
  });

  it('production: NAT per zone, AWS WAF, apex redirect, zone settings and rulesets', () => {
    expect(networkEdgeComputeCounts(stack('production'))).toMatchInlineSnapshot(`
      {
        "aws_acm_certificate": 1,
        "aws_acm_certificate_validation": 1,
        "aws_autoscaling_group": 1,
        "aws_autoscaling_policy": 2,
        "aws_default_security_group": 1,
        "aws_eip": 2,
        "aws_flow_log": 1,
        "aws_iam_instance_profile": 1,
        "aws_iam_role": 2,
        "aws_iam_role_policy": 2,
        "aws_iam_role_policy_attachment": 1,
        "aws_internet_gateway": 1,
        "aws_launch_template": 1,
        "aws_lb": 1,
        "aws_lb_listener": 2,
        "aws_lb_target_group": 1,
        "aws_nat_gateway": 2,
        "aws_route": 3,
        "aws_route_table": 3,
        "aws_route_table_association": 4,
        "aws_security_group": 4,
        "aws_ssm_parameter": 1,
        "aws_subnet": 4,
        "aws_vpc": 1,
        "aws_vpc_endpoint": 1,
        "aws_vpc_security_group_egress_rule": 4,
        "aws_vpc_security_group_ingress_rule": 18,
        "aws_wafv2_ip_set": 2,
        "aws_wafv2_web_acl": 1,
        "aws_wafv2_web_acl_association": 1,
        "aws_wafv2_web_acl_logging_configuration": 1,
        "cloudflare_dns_record": 3,
        "cloudflare_ruleset": 4,
        "cloudflare_zone_setting": 6,
      }
    `);
  });

  it('gives each stage its own host name: certificate, CNAME to the ALB, and the apex only where it serves the app host', () => {
    const expected = {
      mvp: 'mvp.sigma-pli.example.com',
      growth: 'growth.sigma-pli.example.com',
      production: 'www.sigma-pli.example.com',
    };
    for (const [name, hostname] of Object.entries(expected)) {
      const json = stack(name);
      const certificates = Object.entries(resourcesOf(json, 'aws_acm_certificate'));
      expect(certificates.find(([id]) => id.startsWith('certificate_'))?.[1].domain_name).toBe(hostname);
      const records = Object.entries(resourcesOf(json, 'cloudflare_dns_record')).filter(([id]) =>
        id.startsWith('dns_'),
      );
      const app = records.find(([, record]) => record.name === hostname)?.[1];
      expect(app).toMatchObject({
        type: 'CNAME',
        content: expect.stringMatching(/^\$\{aws_lb\..*\.dns_name\}$/),
      });
      expect(records.some(([, record]) => record.name === 'sigma-pli.example.com')).toBe(
        name === 'production',
      );
    }
  });

  it('wires flow logs, WAF logs and ALB access logs to the data engineer’s log groups and bucket', () => {
    const production = stack('production');
    const logGroupId = (suffix: string) =>
      Object.keys(resourcesOf(production, 'aws_cloudwatch_log_group')).find((id) =>
        id.startsWith(`log-groups_${suffix}_`),
      );
    expect(onlyResource(production, 'aws_flow_log').log_destination).toBe(
      `\${aws_cloudwatch_log_group.${logGroupId('flow-logs')}.arn}`,
    );
    // The regional ACL's logging (the CDN's CLOUDFRONT-scope ACL logs to its own group in us-east-1).
    const regionalLogging = Object.entries(
      resourcesOf(production, 'aws_wafv2_web_acl_logging_configuration'),
    ).find(([id]) => id.startsWith('waf_'))?.[1];
    expect(regionalLogging?.log_destination_configs).toEqual([
      `\${aws_cloudwatch_log_group.${logGroupId('waf')}.arn}`,
    ]);
    expect(onlyResource(production, 'aws_lb').access_logs).toMatchObject({
      bucket: expect.stringMatching(/^\$\{aws_s3_bucket\.buckets_logs_.*\.bucket\}$/),
      enabled: true,
    });
  });

  it('rolls deployments back on the monitoring construct’s 5xx and p95 alarms', () => {
    for (const name of ['growth', 'production']) {
      const json = stack(name);
      const alarms = resourcesOf(json, 'aws_cloudwatch_metric_alarm');
      const refresh = onlyResource(json, 'aws_autoscaling_group').instance_refresh as {
        preferences: { alarm_specification?: { alarms: string[] } };
      };
      const gating = refresh.preferences.alarm_specification?.alarms ?? [];
      expect(gating.length).toBeGreaterThan(0);
      for (const reference of gating) {
        const id = /^\$\{aws_cloudwatch_metric_alarm\.([^.]+)\.alarm_name\}$/.exec(reference)?.[1];
        const alarm = id
          ? alarms[id]
          : Object.values(alarms).find((candidate) => candidate.alarm_name === reference);
        expect(alarm, reference).toBeDefined();
        expect(JSON.stringify(alarm)).toMatch(/HTTPCode_(Target|ELB)_5XX_Count|TargetResponseTime/);
      }
    }
  });

  it('admits nothing from the internet except 80/443 on the ALB, in every stage', () => {
    for (const json of Object.values(stacks)) {
      const groups = resourcesOf(json, 'aws_security_group');
      const albId = Object.keys(groups).find((id) => id.startsWith('security-groups_alb_'));
      for (const rule of Object.values(resourcesOf(json, 'aws_vpc_security_group_ingress_rule'))) {
        if (rule.cidr_ipv4 !== '0.0.0.0/0') continue;
        expect(rule.security_group_id).toBe(`\${aws_security_group.${albId}.id}`);
        expect([80, 443]).toContain(rule.from_port);
      }
    }
  });

  it('puts the database and cache behind their security groups in the private subnets', () => {
    const production = stack('production');
    const primary = Object.values(resourcesOf(production, 'aws_db_instance')).find(
      (db) => !db.replicate_source_db,
    );
    expect(primary?.vpc_security_group_ids).toEqual([expect.stringMatching(/security-groups_database_/)]);
    expect(onlyResource(production, 'aws_db_subnet_group').subnet_ids).toEqual([
      expect.stringMatching(/network_private-subnet-0_/),
      expect.stringMatching(/network_private-subnet-1_/),
    ]);
    expect(onlyResource(production, 'aws_elasticache_replication_group').security_group_ids).toEqual([
      expect.stringMatching(/security-groups_cache_/),
    ]);
  });
});
