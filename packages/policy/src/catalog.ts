import { ALB_RULES } from './rules/alb';
import { AUDIT_RULES } from './rules/audit';
import { CACHE_RULES } from './rules/cache';
import { CLOUDFRONT_RULES } from './rules/cloudfront';
import { COMPUTE_RULES } from './rules/compute';
import { IAM_RULES } from './rules/iam';
import { MONITORING_RULES } from './rules/monitoring';
import { NETWORK_RULES } from './rules/network';
import { RDS_RULES } from './rules/rds';
import { S3_RULES } from './rules/s3';
import { SECRETS_RULES } from './rules/secrets';
import { WAF_RULES } from './rules/waf';
import type { Rule } from './types';

/** Every rule `pnpm policy` evaluates, grouped by service in report order. */
export const CATALOG: readonly Rule[] = [
  ...RDS_RULES,
  ...ALB_RULES,
  ...COMPUTE_RULES,
  ...S3_RULES,
  ...MONITORING_RULES,
  ...WAF_RULES,
  ...SECRETS_RULES,
  ...NETWORK_RULES,
  ...CACHE_RULES,
  ...CLOUDFRONT_RULES,
  ...AUDIT_RULES,
  ...IAM_RULES,
];

export function ruleById(id: string): Rule | undefined {
  return CATALOG.find((rule) => rule.id === id);
}
