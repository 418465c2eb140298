import type { AccountSettings, StageDefinition, UsageAssumptions } from '@sigma-pli/config';
import type { TerraformDocument, TfResource } from '@sigma-pli/terraform-json';
import { RESOURCE_ESTIMATORS, STACK_ESTIMATORS } from './estimators';
import { type PriceTable, priceOf } from './prices';

/** Report groups, in the order of the architecture document's cost tables. */
export const GROUPS = [
  'EC2',
  'EC2 Auto Scaling',
  'Load Balancer',
  'Network',
  'RDS',
  'Read Replica',
  'Cache',
  'CloudWatch',
  'S3 + Backup',
  'CDN',
  'Data Transfer',
  'Security',
  'Cloudflare',
] as const;
export type Group = (typeof GROUPS)[number];

export interface LineItem {
  group: Group;
  /** What is billed, e.g. `t4g.micro instance hours`. */
  line: string;
  priceKey: string;
  quantity: number;
  unit: string;
  unitPriceUsd: number;
  /** quantity × unit price, rounded to the cent. */
  monthlyUsd: number;
  /** Addresses of the resources behind the line (empty for usage lines without one resource). */
  resources: string[];
  /** The quantity comes from the stage's usage assumptions, not from a resource. */
  fromUsage: boolean;
}

export interface StageEstimate {
  stack: string;
  stage: string;
  phase: string;
  region: string;
  lines: LineItem[];
  totalUsd: number;
  budget: StageDefinition['budget'];
  /** Budget minus total: negative when over budget. */
  headroomUsd: number;
  withinBudget: boolean;
  /** Resource types found in the stack that have no estimator and are not known to be free. */
  unpricedTypes: string[];
  warnings: string[];
}

export interface EstimateInput {
  document: TerraformDocument;
  stage: StageDefinition;
  account: AccountSettings;
  usage: UsageAssumptions;
  prices: PriceTable;
}

/** Cents are the unit of every sum: round once per line, then add lines. */
export function roundCents(value: number): number {
  return Math.round(Number((value * 100).toFixed(6))) / 100;
}

/** What an estimator returns: a line before it is priced and merged with identical lines. */
export interface LineDraft {
  group: Group;
  line: string;
  priceKey: string;
  quantity: number;
  resource?: TfResource;
  fromUsage?: boolean;
}

export interface EstimatorContext extends EstimateInput {
  hoursPerMonth: number;
  warn(message: string): void;
}

/** Types that carry no monthly charge of their own, or whose cost is a usage line (storage, requests, logs). */
export const NO_MONTHLY_CHARGE = new Set([
  'aws_s3_bucket',
  'aws_backup_plan',
  'aws_config_configuration_recorder',
  'aws_config_config_rule',
  'aws_rum_app_monitor',
  'aws_cloudfront_distribution',
  'aws_acm_certificate',
  'aws_acm_certificate_validation',
  'aws_applicationinsights_application',
  'aws_autoscaling_policy',
  'aws_backup_selection',
  'aws_backup_vault',
  'aws_cloudwatch_log_group',
  'aws_cognito_identity_pool',
  'aws_cognito_identity_pool_roles_attachment',
  'aws_s3_bucket_acl',
  'aws_cloudwatch_log_resource_policy',
  'aws_cloudfront_origin_access_control',
  'aws_cloudfront_response_headers_policy',
  'aws_cloudfront_cache_policy',
  'aws_config_configuration_recorder_status',
  'aws_config_delivery_channel',
  'aws_db_parameter_group',
  'aws_db_subnet_group',
  'aws_default_security_group',
  'aws_ebs_encryption_by_default',
  'aws_ebs_default_kms_key',
  'aws_elasticache_parameter_group',
  'aws_elasticache_subnet_group',
  'aws_flow_log',
  'aws_iam_instance_profile',
  'aws_iam_policy',
  'aws_iam_role',
  'aws_iam_role_policy',
  'aws_iam_role_policy_attachment',
  'aws_internet_gateway',
  'aws_kms_alias',
  'aws_kms_key_policy',
  'aws_launch_template',
  'aws_lb_listener',
  'aws_lb_listener_rule',
  'aws_lb_target_group',
  'aws_resourcegroups_group',
  'aws_route',
  'aws_route_table',
  'aws_route_table_association',
  'aws_s3_bucket_lifecycle_configuration',
  'aws_s3_bucket_logging',
  'aws_s3_bucket_ownership_controls',
  'aws_s3_bucket_policy',
  'aws_s3_bucket_public_access_block',
  'aws_s3_bucket_server_side_encryption_configuration',
  'aws_s3_bucket_versioning',
  'aws_s3_object',
  'aws_secretsmanager_secret_rotation',
  'aws_secretsmanager_secret_version',
  'aws_security_group',
  'aws_security_group_rule',
  'aws_sns_topic',
  'aws_sns_topic_policy',
  'aws_sns_topic_subscription',
  'aws_ssm_parameter',
  'aws_subnet',
  'aws_vpc',
  'aws_vpc_security_group_egress_rule',
  'aws_vpc_security_group_ingress_rule',
  'aws_wafv2_ip_set',
  'aws_wafv2_web_acl_association',
  'aws_wafv2_web_acl_logging_configuration',
  'cloudflare_dns_record',
  'cloudflare_ruleset',
  'cloudflare_zone_setting',
  'random_password',
]);

function mergeDrafts(drafts: LineDraft[], context: EstimatorContext): LineItem[] {
  const merged = new Map<string, LineItem>();
  for (const draft of drafts) {
    const price = priceOf(context.prices, draft.priceKey);
    const key = `${draft.group}\u0000${draft.line}\u0000${draft.priceKey}`;
    const existing = merged.get(key);
    if (existing) {
      existing.quantity += draft.quantity;
      if (draft.resource) existing.resources.push(draft.resource.address);
      continue;
    }
    merged.set(key, {
      group: draft.group,
      line: draft.line,
      priceKey: draft.priceKey,
      quantity: draft.quantity,
      unit: price.unit,
      unitPriceUsd: price.usd,
      monthlyUsd: 0,
      resources: draft.resource ? [draft.resource.address] : [],
      fromUsage: draft.fromUsage ?? false,
    });
  }
  const lines = [...merged.values()].filter((line) => line.quantity > 0);
  for (const line of lines) {
    line.quantity = Number(line.quantity.toFixed(6));
    line.monthlyUsd = roundCents(line.quantity * line.unitPriceUsd);
  }
  return lines.sort(
    (a, b) => GROUPS.indexOf(a.group) - GROUPS.indexOf(b.group) || b.monthlyUsd - a.monthlyUsd,
  );
}

/** Prices one synthesized stack for one stage: every resource with a monthly cost, plus the usage lines. */
export function estimateStage(input: EstimateInput): StageEstimate {
  const warnings: string[] = [];
  const context: EstimatorContext = {
    ...input,
    hoursPerMonth: input.prices.hoursPerMonth,
    warn: (message) => warnings.push(message),
  };
  const drafts: LineDraft[] = [];
  const unpriced = new Set<string>();
  for (const resource of input.document.resources()) {
    const estimator = RESOURCE_ESTIMATORS[resource.type];
    if (estimator) drafts.push(...estimator(resource, context));
    else if (!NO_MONTHLY_CHARGE.has(resource.type)) unpriced.add(resource.type);
  }
  for (const estimator of STACK_ESTIMATORS) drafts.push(...estimator(context));

  const lines = mergeDrafts(drafts, context);
  const totalUsd = roundCents(lines.reduce((sum, line) => sum + line.monthlyUsd, 0));
  const { budget } = input.stage;
  const headroomUsd = roundCents(budget.monthlyUsd - totalUsd);
  return {
    stack: input.document.stackName,
    stage: input.stage.name,
    phase: input.stage.phase,
    region: input.stage.region,
    lines,
    totalUsd,
    budget,
    headroomUsd,
    withinBudget: headroomUsd >= 0,
    unpricedTypes: [...unpriced].sort(),
    warnings,
  };
}
