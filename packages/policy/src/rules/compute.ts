import type { TerraformDocument, TfResource } from '@sigma-pli/terraform-json';
import type { RuleContext } from '../types';
import { block, blocks, isTrue, resourceRule, stringList, toNumber } from './helpers';

const TEMPLATE = ['aws_launch_template'];

function decodeIfBase64(value: unknown): string {
  if (typeof value !== 'string') return '';
  const compact = value.replace(/\s+/g, '');
  if (compact.length > 0 && compact.length % 4 === 0 && /^[A-Za-z0-9+/]+={0,2}$/.test(compact)) {
    return Buffer.from(compact, 'base64').toString('utf8');
  }
  return value;
}

/**
 * User data as text: CDKTF writes it base64-encoded already, inline in an expression
 * (`${base64encode("...")}`), or as an expression over a local (`${base64gzip(local.user_data)}`), whose value
 * is then scanned too.
 */
export function userDataText(value: unknown, document?: TerraformDocument): string {
  const locals = document ? document.localValues(value).map(decodeIfBase64) : [];
  return [decodeIfBase64(value), ...locals].join('\n');
}

/** Shapes of credentials that must never be in user data (it is readable by anyone who can describe the template). */
export const SECRET_PATTERNS: readonly { name: string; pattern: RegExp }[] = [
  { name: 'AWS access key id', pattern: /\b(AKIA|ASIA)[0-9A-Z]{16}\b/ },
  { name: 'AWS secret access key', pattern: /aws_secret_access_key\s*[=:]/i },
  { name: 'private key', pattern: /-----BEGIN [A-Z ]*PRIVATE KEY-----/ },
  // Shell/env assignments of a literal (`DB_PASSWORD=s3cr3t…`), not of a command or variable (`=$(aws …)`, `="${X}"`).
  {
    name: 'inline password or token',
    pattern:
      /^\s*(export\s+)?[A-Z][A-Z0-9_]*(PASSWORD|PASSWD|SECRET|TOKEN|API_KEY)[A-Z0-9_]*=["']?[^\s"'$(]{8,}/m,
  },
  // YAML/JSON keys with a quoted literal value (`password: "s3cr3t…"`); code reading a secret has no literal.
  {
    name: 'inline password or token',
    pattern: /["']?\b(password|passwd|secret|token|api_key)["']?\s*[=:]\s*["'][^"'$\s]{8,}["']/i,
  },
  {
    name: 'connection string with credentials',
    pattern: /\b(postgres(ql)?|redis|rediss|mysql):\/\/[^\s:@/]+:[^\s@/$]+@/i,
  },
];

const templateOf = (group: TfResource, context: RuleContext): TfResource | undefined =>
  context.document.referencedIn(
    group.config.launch_template ?? group.config.mixed_instances_policy,
    'aws_launch_template',
  )[0];

export const COMPUTE_RULES = [
  resourceRule({
    id: 'lt-imdsv2',
    title: 'Launch template requires IMDSv2 (session tokens)',
    severity: 'high',
    checkov: ['CKV_AWS_79'],
    trivy: ['AVD-AWS-0130'],
    fsbp: ['EC2.170', 'AutoScaling.3'],
    fix: 'Set metadata_options { http_endpoint = "enabled", http_tokens = "required" }.',
    resourceTypes: TEMPLATE,
    check: (template) =>
      block(template.config, 'metadata_options').http_tokens === 'required'
        ? undefined
        : 'metadata_options.http_tokens is not "required"',
  }),
  resourceRule({
    id: 'lt-imds-hop-limit',
    title: 'Launch template keeps the metadata hop limit at 1',
    severity: 'medium',
    checkov: ['CKV_AWS_341'],
    trivy: [],
    fsbp: [],
    fix: 'Set metadata_options.http_put_response_hop_limit = 1 (no containers need the metadata service here).',
    resourceTypes: TEMPLATE,
    check: (template) => {
      const limit = toNumber(block(template.config, 'metadata_options').http_put_response_hop_limit);
      return limit === 1 ? undefined : `http_put_response_hop_limit is ${limit ?? 'unset'}`;
    },
  }),
  resourceRule({
    id: 'lt-no-public-ip',
    title: 'Launch template assigns no public IP address',
    severity: 'high',
    checkov: ['CKV_AWS_88'],
    trivy: [],
    fsbp: ['AutoScaling.5', 'EC2.9'],
    fix: 'Set network_interfaces { associate_public_ip_address = false } and launch into private subnets.',
    resourceTypes: TEMPLATE,
    check: (template) =>
      blocks(template.config.network_interfaces).some((nic) => isTrue(nic.associate_public_ip_address))
        ? 'a network interface has associate_public_ip_address = true'
        : undefined,
  }),
  resourceRule({
    id: 'lt-encrypted-volumes',
    title: 'Launch template encrypts every EBS volume',
    severity: 'high',
    checkov: ['CKV_AWS_8'],
    trivy: ['AVD-AWS-0008'],
    fsbp: ['EC2.3'],
    fix: 'Set block_device_mappings[].ebs.encrypted = true (with the stage key), and EBS encryption by default.',
    resourceTypes: TEMPLATE,
    check: (template) => {
      const mappings = blocks(template.config.block_device_mappings);
      if (mappings.length === 0)
        return 'no block_device_mappings: the root volume encryption is left to the AMI';
      const plain = mappings.filter((mapping) => !isTrue(block(mapping, 'ebs').encrypted));
      return plain.length === 0
        ? undefined
        : `unencrypted volume(s): ${plain.map((mapping) => String(mapping.device_name)).join(', ')}`;
    },
  }),
  resourceRule({
    id: 'lt-no-secrets-in-user-data',
    title: 'Launch template user data holds no secret',
    severity: 'critical',
    checkov: ['CKV_AWS_46'],
    trivy: ['AVD-AWS-0029'],
    fsbp: [],
    fix: 'Read secrets at boot from Secrets Manager (aws secretsmanager get-secret-value); never template them in.',
    resourceTypes: TEMPLATE,
    check: (template, context) => {
      const text = userDataText(template.config.user_data, context.document);
      const found = [
        ...new Set(SECRET_PATTERNS.filter(({ pattern }) => pattern.test(text)).map(({ name }) => name)),
      ];
      return found.length === 0 ? undefined : `user data contains: ${found.join(', ')}`;
    },
  }),
  resourceRule({
    id: 'asg-launch-template',
    title: 'Auto Scaling group launches from a launch template',
    severity: 'medium',
    checkov: [],
    trivy: [],
    fsbp: ['AutoScaling.9'],
    fix: 'Use launch_template { id, version } (launch configurations are deprecated).',
    resourceTypes: ['aws_autoscaling_group'],
    check: (group, context) => {
      if (group.config.launch_configuration !== undefined) return 'uses a launch configuration';
      return templateOf(group, context) ? undefined : 'no aws_launch_template referenced';
    },
  }),
  resourceRule({
    id: 'asg-elb-health-check',
    title: 'Auto Scaling group uses load balancer health checks',
    severity: 'medium',
    checkov: [],
    trivy: [],
    fsbp: ['AutoScaling.1'],
    fix: 'Set health_check_type = "ELB" with a health_check_grace_period.',
    resourceTypes: ['aws_autoscaling_group'],
    check: (group) =>
      group.config.health_check_type === 'ELB'
        ? undefined
        : `health_check_type is ${String(group.config.health_check_type ?? 'EC2')}`,
  }),
  resourceRule({
    id: 'asg-multi-az',
    title: 'Auto Scaling group spans at least two availability zones',
    severity: 'medium',
    checkov: [],
    trivy: [],
    fsbp: ['AutoScaling.2'],
    fix: 'Set vpc_zone_identifier to the private subnets of every AZ.',
    resourceTypes: ['aws_autoscaling_group'],
    check: (group, context) => {
      const zones = group.config.vpc_zone_identifier ?? group.config.availability_zones;
      const listed = stringList(zones);
      // A single expression (`${aws_subnet.private[*].id}`) counts the instances of the subnets it references.
      const subnets = context.document.referencedIn(zones, 'aws_subnet');
      const fromReferences = subnets.reduce(
        (sum, subnet) => sum + (context.document.instanceCount(subnet) ?? 1),
        0,
      );
      const count = Math.max(listed.length === 1 && subnets.length > 0 ? fromReferences : listed.length, 0);
      return count >= 2 ? undefined : `spans ${count} subnet(s)/zone(s)`;
    },
  }),
];
