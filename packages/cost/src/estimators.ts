import { block, blocks, type TfBlock, type TfResource } from '@sigma-pli/terraform-json';
import type { EstimatorContext, LineDraft } from './estimate';
import { priceOf } from './prices';

type ResourceEstimator = (resource: TfResource, context: EstimatorContext) => LineDraft[];
type StackEstimator = (context: EstimatorContext) => LineDraft[];

/** EC2 detailed monitoring publishes 7 metrics per instance at one-minute resolution, billed as custom metrics. */
const DETAILED_MONITORING_METRICS = 7;
/** Volume an instance gets when its launch template maps no root device: the AL2023 AMI's 8 GB gp3. */
const AMI_DEFAULT_ROOT = { sizeGb: 8, type: 'gp3' };

const asNumber = (value: unknown): number | undefined => {
  if (typeof value === 'number') return value;
  if (typeof value === 'string' && /^\d+(\.\d+)?$/.test(value)) return Number(value);
  return undefined;
};

function countOf(resource: TfResource, context: EstimatorContext): number {
  const count = context.document.instanceCount(resource);
  if (count === undefined) {
    context.warn(`${resource.address}: count is an expression; priced as one instance`);
    return 1;
  }
  return count;
}

/** Root and data volumes of a launch template or instance, per instance. */
function volumes(config: TfBlock): { sizeGb: number; type: string }[] {
  const mapped = blocks(config.block_device_mappings ?? config.root_block_device).map((mapping) => {
    const ebs = blocks(mapping.ebs)[0] ?? mapping;
    return {
      sizeGb: asNumber(ebs.volume_size) ?? AMI_DEFAULT_ROOT.sizeGb,
      type: String(ebs.volume_type ?? 'gp3'),
    };
  });
  return mapped.length > 0 ? mapped : [AMI_DEFAULT_ROOT];
}

function computeLines(
  group: LineDraft['group'],
  config: TfBlock,
  instanceType: string,
  instances: number,
  resource: TfResource,
  context: EstimatorContext,
): LineDraft[] {
  const lines: LineDraft[] = [
    {
      group,
      line: `${instanceType} instance hours`,
      priceKey: `ec2.instance.${instanceType}`,
      quantity: instances * context.hoursPerMonth,
      resource,
    },
  ];
  for (const volume of volumes(config)) {
    lines.push({
      group,
      line: `EBS ${volume.type} volumes`,
      priceKey: `ebs.${volume.type}`,
      quantity: instances * volume.sizeGb,
      resource,
    });
  }
  if (block(config, 'monitoring').enabled === true) {
    lines.push({
      group: 'CloudWatch',
      line: 'EC2 detailed monitoring metrics',
      priceKey: 'cloudwatch.metric',
      quantity: instances * DETAILED_MONITORING_METRICS,
      resource,
    });
  }
  return lines;
}

const autoScalingGroup: ResourceEstimator = (group, context) => {
  const { document, usage } = context;
  const template = document.referencedIn(
    group.config.launch_template ?? group.config.mixed_instances_policy,
    'aws_launch_template',
  )[0];
  if (!template) {
    context.warn(`${group.address}: no launch template found through its references; not priced`);
    return [];
  }
  const instanceType = String(template.config.instance_type);
  const desired = asNumber(group.config.desired_capacity) ?? asNumber(group.config.min_size) ?? 0;
  const max = asNumber(group.config.max_size) ?? desired;
  const lines = computeLines('EC2', template.config, instanceType, desired, group, context);
  const peak = max > desired ? usage.compute.averageExtraInstances : 0;
  if (peak > 0) {
    lines.push(
      ...computeLines('EC2 Auto Scaling', template.config, instanceType, peak, group, context).map(
        (line) => ({
          ...line,
          line: `${line.line} above desired capacity (peaks)`,
          fromUsage: true,
        }),
      ),
    );
  }
  lines.push({
    group: 'CloudWatch',
    line: 'CloudWatch agent metrics',
    priceKey: 'cloudwatch.metric',
    quantity: (desired + peak) * usage.compute.agentMetricsPerInstance,
    resource: group,
    fromUsage: true,
  });
  return lines;
};

const instance: ResourceEstimator = (resource, context) =>
  computeLines(
    'EC2',
    resource.config,
    String(resource.config.instance_type),
    countOf(resource, context),
    resource,
    context,
  );

const loadBalancer: ResourceEstimator = (resource, context) => {
  const type = resource.config.load_balancer_type ?? 'application';
  if (type !== 'application') {
    context.warn(`${resource.address}: ${String(type)} load balancers are not priced`);
    return [];
  }
  const hours = context.hoursPerMonth;
  const lines: LineDraft[] = [
    { group: 'Load Balancer', line: 'ALB hours', priceKey: 'alb.hour', quantity: hours, resource },
    {
      group: 'Load Balancer',
      line: 'ALB capacity units (LCU-hours)',
      priceKey: 'alb.lcu',
      quantity: context.usage.loadBalancer.averageLcu * hours,
      resource,
      fromUsage: true,
    },
  ];
  if (resource.config.internal !== true) {
    // An internet-facing ALB holds one public IPv4 address per subnet (per AZ).
    const subnets = Array.isArray(resource.config.subnets)
      ? resource.config.subnets.length
      : blocks(resource.config.subnet_mapping).length || context.stage.network.azCount;
    lines.push({
      group: 'Network',
      line: 'Public IPv4 addresses (ALB, one per AZ)',
      priceKey: 'ipv4.hour',
      quantity: subnets * hours,
      resource,
    });
  }
  return lines;
};

const natGateway: ResourceEstimator = (resource, context) => [
  {
    group: 'Network',
    line: 'NAT gateway hours',
    priceKey: 'nat.hour',
    quantity: countOf(resource, context) * context.hoursPerMonth,
    resource,
  },
];

const elasticIp: ResourceEstimator = (resource, context) => [
  {
    group: 'Network',
    line: 'Public IPv4 addresses (Elastic IPs)',
    priceKey: 'ipv4.hour',
    quantity: countOf(resource, context) * context.hoursPerMonth,
    resource,
  },
];

const vpcEndpoint: ResourceEstimator = (resource, context) => {
  if (resource.config.vpc_endpoint_type !== 'Interface') return [];
  const zones = Array.isArray(resource.config.subnet_ids)
    ? resource.config.subnet_ids.length
    : context.stage.network.azCount;
  return [
    {
      group: 'Network',
      line: 'Interface VPC endpoint AZ-hours',
      priceKey: 'vpcEndpoint.interfaceHour',
      quantity: zones * context.hoursPerMonth,
      resource,
    },
  ];
};

const dbInstance: ResourceEstimator = (resource, context) => {
  const { config } = resource;
  const engine = String(config.engine ?? 'postgres');
  const source = context.document.referencedIn(config.replicate_source_db, 'aws_db_instance')[0];
  const isReplica = config.replicate_source_db !== undefined;
  const group = isReplica ? 'Read Replica' : 'RDS';
  const multiAz = config.multi_az === true;
  // A Multi-AZ deployment bills its standby: instance hours and storage × the factor (2 in us-east-1).
  const factor = multiAz ? priceOf(context.prices, 'rds.multiAzFactor').usd : 1;
  const deployment = multiAz ? ' Multi-AZ' : '';
  const instanceClass = String(config.instance_class);
  const storageGb = asNumber(config.allocated_storage) ?? asNumber(source?.config.allocated_storage) ?? 0;
  const storageType = String(config.storage_type ?? source?.config.storage_type ?? 'gp2');
  const lines: LineDraft[] = [
    {
      group,
      line: `${instanceClass}${deployment} instance hours`,
      priceKey: `rds.${engine.replace(/^aurora-/, '')}.${instanceClass}`,
      quantity: factor * context.hoursPerMonth,
      resource,
    },
    {
      group,
      line: `${storageType}${deployment} storage`,
      priceKey: `rds.storage.${storageType}`,
      quantity: factor * storageGb,
      resource,
    },
  ];
  if (!isReplica) {
    lines.push({
      group,
      line: 'Backup storage above the free allowance',
      priceKey: 'rds.backupStorage',
      quantity: context.usage.database.extraBackupGb,
      resource,
      fromUsage: true,
    });
  }
  if (config.manage_master_user_password === true) {
    lines.push({
      group: 'Security',
      line: 'Secrets Manager secrets',
      priceKey: 'secrets.secret',
      quantity: 1,
      resource,
    });
  }
  return lines;
};

function cacheNodes(resource: TfResource): number {
  const { config } = resource;
  const clusters = asNumber(config.num_cache_clusters);
  if (clusters !== undefined) return clusters;
  const shards = asNumber(config.num_node_groups) ?? 1;
  return shards * ((asNumber(config.replicas_per_node_group) ?? 0) + 1);
}

const cacheReplicationGroup: ResourceEstimator = (resource, context) => [
  {
    group: 'Cache',
    line: `${String(resource.config.node_type)} node hours`,
    priceKey: `elasticache.${String(resource.config.node_type)}`,
    quantity: cacheNodes(resource) * context.hoursPerMonth,
    resource,
  },
];

const cacheCluster: ResourceEstimator = (resource, context) => {
  // A cluster that belongs to a replication group is priced through the group.
  if (resource.config.replication_group_id !== undefined) return [];
  return [
    {
      group: 'Cache',
      line: `${String(resource.config.node_type)} node hours`,
      priceKey: `elasticache.${String(resource.config.node_type)}`,
      quantity: (asNumber(resource.config.num_cache_nodes) ?? 1) * context.hoursPerMonth,
      resource,
    },
  ];
};

const fixed =
  (group: LineDraft['group'], line: string, priceKey: string): ResourceEstimator =>
  (resource, context) => [{ group, line, priceKey, quantity: countOf(resource, context), resource }];

const webAcl: ResourceEstimator = (resource, context) => {
  const scope = resource.config.scope === 'CLOUDFRONT' ? 'CloudFront' : 'regional';
  const requestsMillions =
    scope === 'CloudFront'
      ? context.usage.cdn.requestsTenThousands / 100
      : context.usage.loadBalancer.requestsMillions;
  return [
    { group: 'Security', line: 'WAF web ACLs', priceKey: 'waf.webAcl', quantity: 1, resource },
    {
      group: 'Security',
      line: 'WAF rules and managed rule groups',
      priceKey: 'waf.rule',
      quantity: blocks(resource.config.rule).length,
      resource,
    },
    {
      group: 'Security',
      line: `WAF requests inspected (${scope})`,
      priceKey: 'waf.requests',
      quantity: requestsMillions,
      resource,
      fromUsage: true,
    },
  ];
};

const metricAlarm: ResourceEstimator = (resource) => {
  const { config } = resource;
  const queries = blocks(config.metric_query);
  const metrics = queries.length > 0 ? queries.filter((query) => query.metric !== undefined).length : 1;
  const periods = [config.period, ...queries.map((query) => block(query, 'metric').period)]
    .map(asNumber)
    .filter((period): period is number => period !== undefined);
  const highResolution = periods.some((period) => period < 60);
  // Anomaly detection alarms bill three metrics per evaluated metric (the metric and its two bands).
  const anomaly = config.threshold_metric_id !== undefined ? 3 : 1;
  return [
    {
      group: 'CloudWatch',
      line: highResolution ? 'High-resolution alarm metrics' : 'Alarm metrics',
      priceKey: highResolution ? 'cloudwatch.alarmHighResolution' : 'cloudwatch.alarm',
      quantity: metrics * anomaly,
      resource,
    },
  ];
};

/** Runs per month of a canary schedule `rate(N minute[s]|hour[s])`; cron schedules are not evaluated. */
export function canaryRunsPerMonth(expression: string, hoursPerMonth: number): number | undefined {
  const match = /^rate\((\d+)\s+(minute|minutes|hour|hours)\)$/.exec(expression.trim());
  if (!match) return undefined;
  const every = Number(match[1]);
  if (every === 0) return 1;
  const minutes = match[2]?.startsWith('hour') ? every * 60 : every;
  return (hoursPerMonth * 60) / minutes;
}

const canary: ResourceEstimator = (resource, context) => {
  const expression = String(block(resource.config, 'schedule').expression ?? '');
  const runs = canaryRunsPerMonth(expression, context.hoursPerMonth);
  if (runs === undefined) {
    context.warn(`${resource.address}: schedule "${expression}" is not a rate(); priced as hourly`);
  }
  return [
    {
      group: 'CloudWatch',
      line: `Synthetics canary runs (${expression || 'no schedule'})`,
      priceKey: 'synthetics.run',
      quantity: runs ?? context.hoursPerMonth,
      resource,
    },
  ];
};

const usageLine =
  (draft: Omit<LineDraft, 'quantity' | 'fromUsage'>, quantity: (context: EstimatorContext) => number) =>
  (context: EstimatorContext): LineDraft => ({ ...draft, quantity: quantity(context), fromUsage: true });

/** Usage lines that exist once per stack when at least one resource of `types` does. */
function whenPresent(types: string[], lines: ((context: EstimatorContext) => LineDraft)[]): StackEstimator {
  return (context) =>
    types.some((type) => context.document.resources(type).length > 0)
      ? lines.map((line) => line(context))
      : [];
}

export const RESOURCE_ESTIMATORS: Readonly<Record<string, ResourceEstimator>> = {
  aws_autoscaling_group: autoScalingGroup,
  aws_instance: instance,
  aws_lb: loadBalancer,
  aws_alb: loadBalancer,
  aws_nat_gateway: natGateway,
  aws_eip: elasticIp,
  aws_vpc_endpoint: vpcEndpoint,
  aws_db_instance: dbInstance,
  aws_elasticache_replication_group: cacheReplicationGroup,
  aws_elasticache_cluster: cacheCluster,
  aws_kms_key: fixed('Security', 'KMS customer managed keys', 'kms.key'),
  aws_secretsmanager_secret: fixed('Security', 'Secrets Manager secrets', 'secrets.secret'),
  aws_wafv2_web_acl: webAcl,
  aws_cloudwatch_metric_alarm: metricAlarm,
  aws_cloudwatch_composite_alarm: fixed('CloudWatch', 'Composite alarms', 'cloudwatch.compositeAlarm'),
  aws_cloudwatch_dashboard: fixed('CloudWatch', 'Dashboards', 'cloudwatch.dashboard'),
  aws_synthetics_canary: canary,
  aws_cloudtrail: fixed('Security', 'CloudTrail trail (management events)', 'cloudtrail.managementTrail'),
};

export const STACK_ESTIMATORS: readonly StackEstimator[] = [
  whenPresent(
    ['aws_nat_gateway'],
    [
      usageLine(
        { group: 'Network', line: 'NAT gateway data processed', priceKey: 'nat.gb' },
        (c) => c.usage.network.natProcessedGb,
      ),
    ],
  ),
  whenPresent(
    ['aws_lb', 'aws_alb'],
    [
      usageLine(
        {
          group: 'Data Transfer',
          line: 'Data transfer out to the internet',
          priceKey: 'transfer.internetOut',
        },
        (c) => c.usage.network.internetEgressGb,
      ),
    ],
  ),
  whenPresent(
    ['aws_autoscaling_group', 'aws_instance'],
    [
      usageLine(
        {
          group: 'CloudWatch',
          line: 'App custom metrics (embedded metric format)',
          priceKey: 'cloudwatch.metric',
        },
        (c) => c.usage.appCustomMetrics,
      ),
    ],
  ),
  whenPresent(
    ['aws_cloudwatch_log_group'],
    [
      usageLine(
        { group: 'CloudWatch', line: 'Logs ingestion', priceKey: 'cloudwatch.logsIngestion' },
        (c) => c.usage.logs.ingestionGb,
      ),
      usageLine(
        { group: 'CloudWatch', line: 'Logs storage', priceKey: 'cloudwatch.logsStorage' },
        (c) => c.usage.logs.storedGb,
      ),
    ],
  ),
  whenPresent(
    ['aws_s3_bucket'],
    [
      usageLine(
        { group: 'S3 + Backup', line: 'S3 Standard storage', priceKey: 's3.standard' },
        (c) => c.usage.storage.standardGb,
      ),
      usageLine(
        { group: 'S3 + Backup', line: 'S3 Glacier Instant Retrieval storage', priceKey: 's3.glacierInstant' },
        (c) => c.usage.storage.glacierInstantGb,
      ),
      usageLine(
        { group: 'S3 + Backup', line: 'S3 Glacier Deep Archive storage', priceKey: 's3.deepArchive' },
        (c) => c.usage.storage.deepArchiveGb,
      ),
      usageLine(
        { group: 'S3 + Backup', line: 'S3 PUT/COPY/POST/LIST requests', priceKey: 's3.writeRequests' },
        (c) => c.usage.storage.writeRequestsThousands,
      ),
      usageLine(
        { group: 'S3 + Backup', line: 'S3 GET requests', priceKey: 's3.readRequests' },
        (c) => c.usage.storage.readRequestsThousands,
      ),
    ],
  ),
  whenPresent(
    ['aws_backup_plan'],
    [
      usageLine(
        { group: 'S3 + Backup', line: 'AWS Backup snapshot storage (RDS)', priceKey: 'backup.rdsWarm' },
        (c) => c.usage.database.awsBackupGb,
      ),
    ],
  ),
  whenPresent(
    ['aws_cloudfront_distribution'],
    [
      usageLine(
        { group: 'CDN', line: 'CloudFront transfer out', priceKey: 'cloudfront.transfer' },
        (c) => c.usage.cdn.transferGb,
      ),
      usageLine(
        { group: 'CDN', line: 'CloudFront HTTPS requests', priceKey: 'cloudfront.httpsRequests' },
        (c) => c.usage.cdn.requestsTenThousands,
      ),
    ],
  ),
  whenPresent(
    ['aws_kms_key'],
    [
      usageLine(
        { group: 'Security', line: 'KMS requests', priceKey: 'kms.requests' },
        (c) => c.usage.security.kmsRequestsTenThousands,
      ),
    ],
  ),
  whenPresent(
    ['aws_secretsmanager_secret'],
    [
      usageLine(
        { group: 'Security', line: 'Secrets Manager API calls', priceKey: 'secrets.apiCalls' },
        (c) => c.usage.security.secretsApiCallsTenThousands,
      ),
    ],
  ),
  whenPresent(
    ['aws_config_configuration_recorder'],
    [
      usageLine(
        { group: 'Security', line: 'AWS Config configuration items', priceKey: 'config.item' },
        (c) => c.usage.security.configItems,
      ),
    ],
  ),
  whenPresent(
    ['aws_config_config_rule'],
    [
      usageLine(
        { group: 'Security', line: 'AWS Config rule evaluations', priceKey: 'config.ruleEvaluation' },
        (c) => c.usage.security.configRuleEvaluations,
      ),
    ],
  ),
  whenPresent(
    ['aws_rum_app_monitor'],
    [
      usageLine(
        { group: 'CloudWatch', line: 'RUM events', priceKey: 'rum.events' },
        (c) => c.usage.rumEventsHundredThousands,
      ),
    ],
  ),
  // The plan is billed per zone, to the one stage that owns the zone's settings (stages may share a zone).
  (context) =>
    context.stage.edge.cloudflareZoneOwner &&
    context.document.resources().some((resource) => resource.type.startsWith('cloudflare_'))
      ? [
          {
            group: 'Cloudflare',
            line: `Cloudflare ${context.account.cloudflare.plan} plan`,
            priceKey: `cloudflare.plan.${context.account.cloudflare.plan}`,
            quantity: 1,
          },
        ]
      : [],
];
