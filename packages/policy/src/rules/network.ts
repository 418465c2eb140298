import type { TfBlock, TfResource } from '@sigma-pli/terraform-json';
import { blocks, isTrue, resourceRule, stringList, toNumber } from './helpers';

/** Ingress rules of any of the four ways Terraform declares them, normalized. */
interface IngressRule {
  description: unknown;
  cidrs: string[];
  fromPort: number | undefined;
  toPort: number | undefined;
  protocol: string;
}

const SG_RULE_TYPES = [
  'aws_security_group',
  'aws_security_group_rule',
  'aws_vpc_security_group_ingress_rule',
  'aws_vpc_security_group_egress_rule',
];

function inline(rule: TfBlock): IngressRule {
  return {
    description: rule.description,
    cidrs: [...stringList(rule.cidr_blocks), ...stringList(rule.ipv6_cidr_blocks)],
    fromPort: toNumber(rule.from_port),
    toPort: toNumber(rule.to_port),
    protocol: String(rule.protocol ?? rule.ip_protocol ?? 'tcp'),
  };
}

/** Every rule a resource declares, with its direction. */
function rulesOf(resource: TfResource): { direction: 'ingress' | 'egress'; rule: IngressRule }[] {
  const { config } = resource;
  switch (resource.type) {
    case 'aws_security_group':
    case 'aws_default_security_group':
      return [
        ...blocks(config.ingress).map((rule) => ({ direction: 'ingress' as const, rule: inline(rule) })),
        ...blocks(config.egress).map((rule) => ({ direction: 'egress' as const, rule: inline(rule) })),
      ];
    case 'aws_security_group_rule':
      return [{ direction: config.type === 'egress' ? 'egress' : 'ingress', rule: inline(config) }];
    default:
      return [
        {
          direction: resource.type.endsWith('egress_rule') ? 'egress' : 'ingress',
          rule: {
            description: config.description,
            cidrs: [...stringList(config.cidr_ipv4), ...stringList(config.cidr_ipv6)],
            fromPort: toNumber(config.from_port),
            toPort: toNumber(config.to_port),
            protocol: String(config.ip_protocol ?? 'tcp'),
          },
        },
      ];
  }
}

const WORLD = ['0.0.0.0/0', '::/0'];
/** The only ports the internet may reach: the ALB's HTTP (redirect) and HTTPS listeners. */
const PUBLIC_PORTS = [80, 443];

export const NETWORK_RULES = [
  resourceRule({
    id: 'vpc-flow-logs',
    title: 'VPC has flow logs',
    severity: 'medium',
    checkov: ['CKV2_AWS_11'],
    trivy: [],
    fsbp: ['EC2.6'],
    fix: 'Add aws_flow_log { vpc_id = vpc.id, traffic_type = "ALL" } to a KMS-encrypted log group.',
    resourceTypes: ['aws_vpc'],
    check: (vpc, context) =>
      context.document.referencing(vpc, 'aws_flow_log', 'vpc_id').length > 0
        ? undefined
        : 'no aws_flow_log for this VPC',
  }),
  resourceRule({
    id: 'vpc-default-sg-closed',
    title: "VPC's default security group allows no traffic",
    severity: 'medium',
    checkov: ['CKV2_AWS_12'],
    trivy: [],
    fsbp: ['EC2.2'],
    fix: 'Adopt it with aws_default_security_group { vpc_id = vpc.id } and no ingress or egress blocks.',
    resourceTypes: ['aws_vpc'],
    check: (vpc, context) => {
      const managed = context.document.referencing(vpc, 'aws_default_security_group', 'vpc_id');
      if (managed.length === 0)
        return 'the default security group is not managed (it keeps its allow-all rules)';
      const open = managed.filter((group) => rulesOf(group).length > 0);
      return open.length === 0 ? undefined : 'the default security group has rules';
    },
  }),
  resourceRule({
    id: 'subnet-no-public-ip',
    title: 'Subnets do not assign public IPs on launch',
    severity: 'medium',
    checkov: ['CKV_AWS_130'],
    trivy: ['AVD-AWS-0164'],
    fsbp: ['EC2.15'],
    fix: 'Leave map_public_ip_on_launch false, also on public subnets (only the ALB and NAT live there).',
    resourceTypes: ['aws_subnet'],
    check: (subnet) =>
      isTrue(subnet.config.map_public_ip_on_launch) ? 'map_public_ip_on_launch is true' : undefined,
  }),
  resourceRule({
    id: 'sg-rule-descriptions',
    title: 'Security groups and their rules have descriptions',
    severity: 'low',
    checkov: ['CKV_AWS_23'],
    trivy: ['AVD-AWS-0099', 'AVD-AWS-0124'],
    fsbp: [],
    fix: 'Set description on the group and on every rule (say who talks to whom and why).',
    resourceTypes: SG_RULE_TYPES,
    check: (resource) => {
      if (resource.type === 'aws_security_group' && !resource.config.description)
        return 'the group has no description';
      const bare = rulesOf(resource).filter(({ rule }) => !rule.description);
      return bare.length === 0 ? undefined : `${bare.length} rule(s) without description`;
    },
  }),
  resourceRule({
    id: 'sg-no-world-admin-ports',
    title: 'No ingress from the whole internet except HTTP/HTTPS',
    severity: 'critical',
    checkov: ['CKV_AWS_24', 'CKV_AWS_25', 'CKV_AWS_260'],
    trivy: ['AVD-AWS-0107'],
    fsbp: ['EC2.13', 'EC2.14', 'EC2.18', 'EC2.19'],
    fix: 'Restrict the source to a security group or Cloudflare ranges; administer through SSM Session Manager.',
    resourceTypes: SG_RULE_TYPES,
    check: (resource) => {
      const open = rulesOf(resource).filter(
        ({ direction, rule }) =>
          direction === 'ingress' &&
          rule.cidrs.some((cidr) => WORLD.includes(cidr)) &&
          !(
            rule.protocol === 'tcp' &&
            rule.fromPort === rule.toPort &&
            PUBLIC_PORTS.includes(rule.fromPort ?? -1)
          ),
      );
      return open.length === 0
        ? undefined
        : `world-open ingress on ${open.map(({ rule }) => `${rule.protocol}/${rule.fromPort}-${rule.toPort}`).join(', ')}`;
    },
  }),
];
