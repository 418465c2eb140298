/**
 * Test fixtures of the rule catalog: one compliant stack that passes every rule, and per rule a mutation that
 * makes exactly that rule fail. Values are obviously fake (no real ARNs, keys or passwords).
 */
import { TerraformDocument, type TfResource } from '@sigma-pli/terraform-json';

type Block = Record<string, unknown>;
export interface FixtureStack {
  '//': { metadata: { stackName: string } };
  resource: Record<string, Record<string, Block>>;
  data: Record<string, Record<string, Block>>;
}

const base64 = (text: string): string => Buffer.from(text, 'utf8').toString('base64');
const KEY = '${aws_kms_key.data.arn}';

const tlsOnlyDocument = (bucket: string): Block => ({
  statement: [
    {
      effect: 'Deny',
      actions: ['s3:*'],
      resources: [`\${aws_s3_bucket.${bucket}.arn}`, `\${aws_s3_bucket.${bucket}.arn}/*`],
      principals: [{ type: '*', identifiers: ['*'] }],
      condition: [{ test: 'Bool', variable: 'aws:SecureTransport', values: ['false'] }],
    },
  ],
});

/** The companions every bucket needs, referencing it by `${aws_s3_bucket.<name>.id}`. */
function bucketCompanions(stack: FixtureStack, name: string): void {
  const bucket = `\${aws_s3_bucket.${name}.id}`;
  const add = (type: string, config: Block) => {
    stack.resource[type] = { ...stack.resource[type], [name]: { bucket, ...config } };
  };
  stack.resource.aws_s3_bucket = { ...stack.resource.aws_s3_bucket, [name]: { bucket: `fixture-${name}` } };
  add('aws_s3_bucket_public_access_block', {
    block_public_acls: true,
    block_public_policy: true,
    ignore_public_acls: true,
    restrict_public_buckets: true,
  });
  add('aws_s3_bucket_server_side_encryption_configuration', {
    rule: [
      {
        apply_server_side_encryption_by_default: { sse_algorithm: 'aws:kms', kms_master_key_id: KEY },
        bucket_key_enabled: true,
      },
    ],
  });
  add('aws_s3_bucket_versioning', { versioning_configuration: { status: 'Enabled' } });
  add('aws_s3_bucket_ownership_controls', { rule: { object_ownership: 'BucketOwnerEnforced' } });
  add('aws_s3_bucket_lifecycle_configuration', {
    rule: [
      { id: 'abort-mpu', status: 'Enabled', abort_incomplete_multipart_upload: { days_after_initiation: 7 } },
    ],
  });
  add('aws_s3_bucket_policy', { policy: `\${data.aws_iam_policy_document.tls_${name}.json}` });
  stack.data.aws_iam_policy_document = {
    ...stack.data.aws_iam_policy_document,
    [`tls_${name}`]: tlsOnlyDocument(name),
  };
}

const RDS_COMMON = {
  publicly_accessible: false,
  deletion_protection: true,
  iam_database_authentication_enabled: true,
  performance_insights_enabled: true,
  performance_insights_kms_key_id: KEY,
  enabled_cloudwatch_logs_exports: ['postgresql', 'upgrade'],
  parameter_group_name: '${aws_db_parameter_group.postgres.name}',
  monitoring_interval: 60,
};

export function compliantStack(): FixtureStack {
  const stack: FixtureStack = {
    '//': { metadata: { stackName: 'fixture' } },
    data: {},
    resource: {
      aws_kms_key: { data: { enable_key_rotation: true } },
      aws_ebs_encryption_by_default: { on: { enabled: true } },
      aws_vpc: { main: { cidr_block: '10.99.0.0/16' } },
      aws_flow_log: { vpc: { vpc_id: '${aws_vpc.main.id}', traffic_type: 'ALL' } },
      aws_default_security_group: { default: { vpc_id: '${aws_vpc.main.id}' } },
      aws_subnet: {
        a: { vpc_id: '${aws_vpc.main.id}', map_public_ip_on_launch: false },
        b: { vpc_id: '${aws_vpc.main.id}', map_public_ip_on_launch: false },
      },
      aws_security_group: {
        alb: {
          description: 'ALB: HTTPS from the internet',
          vpc_id: '${aws_vpc.main.id}',
          ingress: [
            {
              description: 'HTTPS from users',
              from_port: 443,
              to_port: 443,
              protocol: 'tcp',
              cidr_blocks: ['0.0.0.0/0'],
            },
            {
              description: 'HTTP, redirected',
              from_port: 80,
              to_port: 80,
              protocol: 'tcp',
              cidr_blocks: ['0.0.0.0/0'],
            },
          ],
        },
        app: { description: 'App instances', vpc_id: '${aws_vpc.main.id}' },
      },
      aws_vpc_security_group_ingress_rule: {
        app_from_alb: {
          security_group_id: '${aws_security_group.app.id}',
          referenced_security_group_id: '${aws_security_group.alb.id}',
          from_port: 8080,
          to_port: 8080,
          ip_protocol: 'tcp',
          description: 'Nginx from the ALB only',
        },
      },
      aws_db_parameter_group: {
        postgres: { family: 'postgres15', parameter: [{ name: 'rds.force_ssl', value: '1' }] },
      },
      aws_db_instance: {
        primary: {
          ...RDS_COMMON,
          engine: 'postgres',
          storage_encrypted: true,
          kms_key_id: KEY,
          multi_az: true,
          backup_retention_period: 7,
          copy_tags_to_snapshot: true,
        },
        replica: { ...RDS_COMMON, replicate_source_db: '${aws_db_instance.primary.identifier}' },
      },
      aws_lb: {
        alb: {
          load_balancer_type: 'application',
          drop_invalid_header_fields: true,
          desync_mitigation_mode: 'defensive',
          enable_deletion_protection: true,
          access_logs: { bucket: '${aws_s3_bucket.logs.id}', enabled: true },
          subnets: ['${aws_subnet.a.id}', '${aws_subnet.b.id}'],
        },
      },
      aws_lb_listener: {
        http: {
          load_balancer_arn: '${aws_lb.alb.arn}',
          port: 80,
          protocol: 'HTTP',
          default_action: [
            { type: 'redirect', redirect: { protocol: 'HTTPS', port: '443', status_code: 'HTTP_301' } },
          ],
        },
        https: {
          load_balancer_arn: '${aws_lb.alb.arn}',
          port: 443,
          protocol: 'HTTPS',
          ssl_policy: 'ELBSecurityPolicy-TLS13-1-2-2021-06',
          default_action: [{ type: 'forward', target_group_arn: '${aws_lb_target_group.app.arn}' }],
        },
      },
      aws_lb_target_group: { app: { port: 8080, protocol: 'HTTP' } },
      aws_wafv2_web_acl: {
        regional: {
          scope: 'REGIONAL',
          visibility_config: { cloudwatch_metrics_enabled: true, sampled_requests_enabled: true },
          rule: [
            {
              name: 'common',
              override_action: { none: {} },
              statement: {
                managed_rule_group_statement: { name: 'AWSManagedRulesCommonRuleSet', vendor_name: 'AWS' },
              },
              visibility_config: { cloudwatch_metrics_enabled: true },
            },
          ],
        },
      },
      aws_wafv2_web_acl_association: {
        alb: { resource_arn: '${aws_lb.alb.arn}', web_acl_arn: '${aws_wafv2_web_acl.regional.arn}' },
      },
      aws_wafv2_web_acl_logging_configuration: {
        regional: {
          resource_arn: '${aws_wafv2_web_acl.regional.arn}',
          log_destination_configs: ['${aws_cloudwatch_log_group.waf.arn}'],
        },
      },
      aws_launch_template: {
        app: {
          instance_type: 't4g.micro',
          metadata_options: {
            http_endpoint: 'enabled',
            http_tokens: 'required',
            http_put_response_hop_limit: 1,
          },
          network_interfaces: [{ associate_public_ip_address: false }],
          block_device_mappings: [{ device_name: '/dev/xvda', ebs: { encrypted: true, volume_size: 20 } }],
          user_data: base64(
            '#cloud-config\nruncmd:\n  - SESSION_SECRET=$(aws secretsmanager get-secret-value --secret-id fixture/session --query SecretString --output text)\n',
          ),
        },
      },
      aws_autoscaling_group: {
        app: {
          launch_template: { id: '${aws_launch_template.app.id}', version: '$Latest' },
          health_check_type: 'ELB',
          vpc_zone_identifier: ['${aws_subnet.a.id}', '${aws_subnet.b.id}'],
        },
      },
      aws_s3_bucket_logging: {
        main: {
          bucket: '${aws_s3_bucket.main.id}',
          target_bucket: '${aws_s3_bucket.logs.id}',
          target_prefix: 's3/',
        },
      },
      aws_cloudwatch_log_group: {
        app: { retention_in_days: 30, kms_key_id: KEY },
        waf: { name: 'aws-waf-logs-fixture', retention_in_days: 30, kms_key_id: KEY },
      },
      aws_sns_topic: { alarms: { kms_master_key_id: KEY } },
      aws_cloudwatch_metric_alarm: { cpu: { alarm_actions: ['${aws_sns_topic.alarms.arn}'] } },
      aws_secretsmanager_secret: { session: { kms_key_id: KEY } },
      aws_secretsmanager_secret_rotation: {
        session: {
          secret_id: '${aws_secretsmanager_secret.session.id}',
          rotation_rules: { automatically_after_days: 30 },
        },
      },
      aws_elasticache_replication_group: {
        redis: {
          at_rest_encryption_enabled: true,
          transit_encryption_enabled: true,
          auth_token: '${aws_secretsmanager_secret_version.redis.secret_string}',
          automatic_failover_enabled: true,
          multi_az_enabled: true,
          snapshot_retention_limit: 7,
        },
      },
      aws_cloudfront_origin_access_control: {
        main: { signing_behavior: 'always', signing_protocol: 'sigv4' },
      },
      aws_cloudfront_distribution: {
        static: {
          origin: [
            {
              origin_id: 'main',
              domain_name: '${aws_s3_bucket.main.bucket_regional_domain_name}',
              origin_access_control_id: '${aws_cloudfront_origin_access_control.main.id}',
            },
          ],
          default_cache_behavior: { viewer_protocol_policy: 'redirect-to-https' },
          viewer_certificate: {
            acm_certificate_arn: 'arn:aws:acm:us-east-1:000000000000:certificate/fake',
            minimum_protocol_version: 'TLSv1.2_2021',
          },
          web_acl_id: '${aws_wafv2_web_acl.regional.arn}',
          logging_config: { bucket: '${aws_s3_bucket.logs.bucket_domain_name}' },
        },
      },
      aws_cloudtrail: {
        trail: {
          is_multi_region_trail: true,
          enable_log_file_validation: true,
          kms_key_id: KEY,
          cloud_watch_logs_group_arn: '${aws_cloudwatch_log_group.app.arn}:*',
          cloud_watch_logs_role_arn: '${aws_iam_role.trail.arn}',
        },
      },
      aws_iam_role: {
        trail: { name: 'fixture-trail' },
        deploy: {
          assume_role_policy: JSON.stringify({
            Statement: [
              {
                Effect: 'Allow',
                Principal: { Federated: '${aws_iam_openid_connect_provider.github.arn}' },
                Action: 'sts:AssumeRoleWithWebIdentity',
                Condition: {
                  StringEquals: {
                    'token.actions.githubusercontent.com:aud': 'sts.amazonaws.com',
                    'token.actions.githubusercontent.com:sub': [
                      'repo:example/fixture:environment:production',
                    ],
                  },
                },
              },
            ],
          }),
        },
      },
      aws_iam_openid_connect_provider: {
        github: { url: 'https://token.actions.githubusercontent.com', client_id_list: ['sts.amazonaws.com'] },
      },
      aws_iam_role_policy: {
        deploy: {
          role: '${aws_iam_role.deploy.id}',
          policy: JSON.stringify({
            Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: '${aws_s3_bucket.main.arn}/*' }],
          }),
        },
      },
    },
  };
  bucketCompanions(stack, 'main');
  bucketCompanions(stack, 'logs');
  return stack;
}

/**
 * The compliant stack cut down to what a rule about `types` looks at: those resources, the resources and data
 * sources they reference, and the companions that reference them (with what the companions reference). A rule
 * that passes here does not depend on anything else in the stack.
 */
export function minimalStack(types: readonly string[]): FixtureStack {
  const full = compliantStack();
  const document = new TerraformDocument(full);
  const keep = new Set<string>();
  const keepWithReferences = (resource: TfResource) => {
    keep.add(resource.address);
    for (const target of document.referencedIn(resource.config)) keep.add(target.address);
  };
  for (const type of types) {
    for (const resource of document.resources(type)) {
      keepWithReferences(resource);
      for (const companion of document.referencing(resource)) keepWithReferences(companion);
    }
  }
  const pick = (mode: 'resource' | 'data', blocks: FixtureStack['resource']) =>
    Object.fromEntries(
      Object.entries(blocks)
        .map(([type, byName]) => [
          type,
          Object.fromEntries(
            Object.entries(byName).filter(([name]) =>
              keep.has(mode === 'data' ? `data.${type}.${name}` : `${type}.${name}`),
            ),
          ),
        ])
        .filter(([, byName]) => Object.keys(byName as object).length > 0),
    );
  return { '//': full['//'], resource: pick('resource', full.resource), data: pick('data', full.data) };
}

/** Reads a resource body to mutate it: `at(stack, 'aws_lb.alb')`. */
export function at(stack: FixtureStack, address: string): Block {
  const [type, name] = address.split('.') as [string, string];
  const found = stack.resource[type]?.[name];
  if (!found) throw new Error(`fixture has no ${address}`);
  return found;
}

export function remove(stack: FixtureStack, address: string): void {
  const [type, name] = address.split('.') as [string, string];
  delete stack.resource[type]?.[name];
}

/** A break that merges `patch` into the resource at `address`. */
const set =
  (address: string, patch: Block) =>
  (stack: FixtureStack): void => {
    Object.assign(at(stack, address), patch);
  };

/** A break that deletes one attribute of the resource at `address`. */
const unset =
  (address: string, key: string) =>
  (stack: FixtureStack): void => {
    delete at(stack, address)[key];
  };

/** Per rule id: the smallest change to the compliant stack that makes the rule fail. */
export const BREAKS: Record<string, (stack: FixtureStack) => void> = {
  'rds-encrypted': set('aws_db_instance.primary', { storage_encrypted: false }),
  'rds-not-public': set('aws_db_instance.primary', { publicly_accessible: true }),
  'rds-multi-az': set('aws_db_instance.primary', { multi_az: false }),
  'rds-deletion-protection': set('aws_db_instance.replica', { deletion_protection: false }),
  'rds-iam-auth': unset('aws_db_instance.primary', 'iam_database_authentication_enabled'),
  'rds-performance-insights-kms': unset('aws_db_instance.primary', 'performance_insights_kms_key_id'),
  'rds-backups': set('aws_db_instance.primary', { backup_retention_period: 1 }),
  'rds-log-exports': set('aws_db_instance.primary', { enabled_cloudwatch_logs_exports: ['postgresql'] }),
  'rds-force-ssl': set('aws_db_parameter_group.postgres', {
    parameter: [{ name: 'rds.force_ssl', value: '0' }],
  }),
  'rds-copy-tags': set('aws_db_instance.primary', { copy_tags_to_snapshot: false }),
  'rds-enhanced-monitoring': set('aws_db_instance.primary', { monitoring_interval: 0 }),
  'alb-drop-invalid-headers': set('aws_lb.alb', { drop_invalid_header_fields: false }),
  'alb-desync-mitigation': set('aws_lb.alb', { desync_mitigation_mode: 'monitor' }),
  'alb-https-listeners': set('aws_lb_listener.http', {
    default_action: [{ type: 'forward', target_group_arn: '${aws_lb_target_group.app.arn}' }],
  }),
  'alb-tls-policy': set('aws_lb_listener.https', { ssl_policy: 'ELBSecurityPolicy-2016-08' }),
  'alb-access-logs': set('aws_lb.alb', {
    access_logs: { bucket: '${aws_s3_bucket.logs.id}', enabled: false },
  }),
  'alb-waf': (s) => remove(s, 'aws_wafv2_web_acl_association.alb'),
  'alb-deletion-protection': set('aws_lb.alb', { enable_deletion_protection: false }),
  'lt-imdsv2': set('aws_launch_template.app', {
    metadata_options: {
      http_tokens: 'optional',
      http_put_response_hop_limit: 1,
    },
  }),
  'lt-imds-hop-limit': set('aws_launch_template.app', {
    metadata_options: {
      http_tokens: 'required',
      http_put_response_hop_limit: 2,
    },
  }),
  'lt-no-public-ip': set('aws_launch_template.app', {
    network_interfaces: [{ associate_public_ip_address: true }],
  }),
  'lt-encrypted-volumes': set('aws_launch_template.app', {
    block_device_mappings: [{ device_name: '/dev/xvda', ebs: { encrypted: false } }],
  }),
  'lt-no-secrets-in-user-data': set('aws_launch_template.app', {
    user_data: base64('#!/bin/sh\nexport DB_PASSWORD=fake-but-inline-1234\n'),
  }),
  'asg-launch-template': (s) => {
    const group = at(s, 'aws_autoscaling_group.app');
    delete group.launch_template;
    group.launch_configuration = 'legacy-config';
  },
  'asg-elb-health-check': set('aws_autoscaling_group.app', { health_check_type: 'EC2' }),
  'asg-multi-az': set('aws_autoscaling_group.app', { vpc_zone_identifier: ['${aws_subnet.a.id}'] }),
  's3-public-access-block': set('aws_s3_bucket_public_access_block.main', { restrict_public_buckets: false }),
  's3-encryption': set('aws_s3_bucket_server_side_encryption_configuration.main', {
    rule: [{ apply_server_side_encryption_by_default: { sse_algorithm: 'AES256' } }],
  }),
  's3-versioning': set('aws_s3_bucket_versioning.main', {
    versioning_configuration: { status: 'Suspended' },
  }),
  's3-tls-only': (s) => remove(s, 'aws_s3_bucket_policy.main'),
  's3-ownership-controls': set('aws_s3_bucket_ownership_controls.main', {
    rule: { object_ownership: 'ObjectWriter' },
  }),
  's3-access-logging': (s) => remove(s, 'aws_s3_bucket_logging.main'),
  's3-lifecycle': set('aws_s3_bucket_lifecycle_configuration.main', {
    rule: [{ id: 'none', status: 'Enabled' }],
  }),
  'logs-retention': unset('aws_cloudwatch_log_group.app', 'retention_in_days'),
  'logs-kms': unset('aws_cloudwatch_log_group.app', 'kms_key_id'),
  'alarm-actions': set('aws_cloudwatch_metric_alarm.cpu', { actions_enabled: false }),
  'sns-kms': unset('aws_sns_topic.alarms', 'kms_master_key_id'),
  'waf-rules-present': set('aws_wafv2_web_acl.regional', { rule: [] }),
  'waf-managed-rules': set('aws_wafv2_web_acl.regional', {
    rule: [
      {
        name: 'rate',
        action: { block: {} },
        statement: { rate_based_statement: { limit: 2000, aggregate_key_type: 'IP' } },
        visibility_config: { cloudwatch_metrics_enabled: true },
      },
    ],
  }),
  'waf-logging': (s) => remove(s, 'aws_wafv2_web_acl_logging_configuration.regional'),
  'waf-metrics': (s) => {
    const [rule] = at(s, 'aws_wafv2_web_acl.regional').rule as Block[];
    (rule as Block).visibility_config = { cloudwatch_metrics_enabled: false };
  },
  'secret-kms': unset('aws_secretsmanager_secret.session', 'kms_key_id'),
  'secret-rotation': (s) => remove(s, 'aws_secretsmanager_secret_rotation.session'),
  'kms-rotation': set('aws_kms_key.data', { enable_key_rotation: false }),
  'ebs-encryption-by-default': (s) => remove(s, 'aws_ebs_encryption_by_default.on'),
  'vpc-flow-logs': (s) => remove(s, 'aws_flow_log.vpc'),
  'vpc-default-sg-closed': set('aws_default_security_group.default', {
    ingress: [{ protocol: '-1', from_port: 0, to_port: 0, self: true }],
  }),
  'subnet-no-public-ip': set('aws_subnet.a', { map_public_ip_on_launch: true }),
  'sg-rule-descriptions': unset('aws_vpc_security_group_ingress_rule.app_from_alb', 'description'),
  'sg-no-world-admin-ports': (s) => {
    const ingress = at(s, 'aws_security_group.alb').ingress as Block[];
    ingress.push({
      description: 'SSH for debugging',
      from_port: 22,
      to_port: 22,
      protocol: 'tcp',
      cidr_blocks: ['0.0.0.0/0'],
    });
  },
  'redis-encrypted-at-rest': set('aws_elasticache_replication_group.redis', {
    at_rest_encryption_enabled: false,
  }),
  'redis-encrypted-in-transit': set('aws_elasticache_replication_group.redis', {
    transit_encryption_enabled: false,
  }),
  'redis-auth': unset('aws_elasticache_replication_group.redis', 'auth_token'),
  'redis-failover': set('aws_elasticache_replication_group.redis', { automatic_failover_enabled: false }),
  'redis-snapshots': set('aws_elasticache_replication_group.redis', { snapshot_retention_limit: 0 }),
  'cloudfront-https-only': set('aws_cloudfront_distribution.static', {
    default_cache_behavior: {
      viewer_protocol_policy: 'allow-all',
    },
  }),
  'cloudfront-tls': set('aws_cloudfront_distribution.static', {
    viewer_certificate: {
      cloudfront_default_certificate: true,
    },
  }),
  'cloudfront-waf': unset('aws_cloudfront_distribution.static', 'web_acl_id'),
  'cloudfront-logging': unset('aws_cloudfront_distribution.static', 'logging_config'),
  'cloudfront-oac': (s) => {
    const [origin] = at(s, 'aws_cloudfront_distribution.static').origin as Block[];
    delete (origin as Block).origin_access_control_id;
  },
  'cloudtrail-present': (s) => remove(s, 'aws_cloudtrail.trail'),
  'cloudtrail-multi-region': set('aws_cloudtrail.trail', { is_multi_region_trail: false }),
  'cloudtrail-log-validation': set('aws_cloudtrail.trail', { enable_log_file_validation: false }),
  'cloudtrail-kms': unset('aws_cloudtrail.trail', 'kms_key_id'),
  'cloudtrail-cloudwatch': unset('aws_cloudtrail.trail', 'cloud_watch_logs_group_arn'),
  'iam-oidc-trust-scoped': (s) => {
    const role = at(s, 'aws_iam_role.deploy');
    role.assume_role_policy = String(role.assume_role_policy).replace(
      'repo:example/fixture:environment:production',
      'repo:*',
    );
  },
  'iam-no-admin': set('aws_iam_role_policy.deploy', {
    policy: JSON.stringify({ Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] }),
  }),
};
