import type { TfBlock } from '@sigma-pli/terraform-json';
import { block, blocks, isTrue, resourceRule } from './helpers';

const ACL = ['aws_wafv2_web_acl'];

/** True when a statement is, or nests, a managed rule group statement. */
function hasManagedGroup(statement: TfBlock): boolean {
  if (blocks(statement.managed_rule_group_statement).length > 0) return true;
  return Object.values(statement).some((child) => blocks(child).some(hasManagedGroup));
}

export const WAF_RULES = [
  resourceRule({
    id: 'waf-rules-present',
    title: 'WAF web ACL has rules',
    severity: 'high',
    checkov: [],
    trivy: [],
    fsbp: ['WAF.10'],
    fix: 'Add the IP filter, rate-based and managed rule group rules from the stage definition.',
    resourceTypes: ACL,
    check: (acl) => (blocks(acl.config.rule).length > 0 ? undefined : 'the web ACL has no rule'),
  }),
  resourceRule({
    id: 'waf-managed-rules',
    title: 'WAF web ACL uses AWS managed rule groups (SQLi, common, known bad inputs)',
    severity: 'high',
    checkov: ['CKV_AWS_192'],
    trivy: [],
    fsbp: [],
    fix: 'Add rules with managed_rule_group_statement (AWSManagedRulesSQLiRuleSet, AWSManagedRulesCommonRuleSet, AWSManagedRulesKnownBadInputsRuleSet) and override_action { none {} }.',
    resourceTypes: ACL,
    check: (acl) =>
      blocks(acl.config.rule).some((rule) => hasManagedGroup(block(rule, 'statement')))
        ? undefined
        : 'no managed_rule_group_statement',
  }),
  resourceRule({
    id: 'waf-logging',
    title: 'WAF web ACL logs its traffic',
    severity: 'medium',
    checkov: ['CKV2_AWS_31'],
    trivy: [],
    fsbp: ['WAF.11'],
    fix: 'Add aws_wafv2_web_acl_logging_configuration { resource_arn = acl.arn } to an aws-waf-logs-* log group.',
    resourceTypes: ACL,
    check: (acl, context) =>
      context.document.referencing(acl, 'aws_wafv2_web_acl_logging_configuration', 'resource_arn').length > 0
        ? undefined
        : 'no aws_wafv2_web_acl_logging_configuration references this web ACL',
  }),
  resourceRule({
    id: 'waf-metrics',
    title: 'WAF web ACL and each of its rules publish CloudWatch metrics',
    severity: 'low',
    checkov: [],
    trivy: [],
    fsbp: ['WAF.12'],
    fix: 'Set visibility_config { cloudwatch_metrics_enabled = true } on the ACL and on every rule.',
    resourceTypes: ACL,
    check: (acl) => {
      if (!isTrue(block(acl.config, 'visibility_config').cloudwatch_metrics_enabled))
        return 'the ACL has metrics off';
      const silent = blocks(acl.config.rule).filter(
        (rule) => !isTrue(block(rule, 'visibility_config').cloudwatch_metrics_enabled),
      );
      return silent.length === 0
        ? undefined
        : `metrics off on rule(s): ${silent.map((rule) => String(rule.name)).join(', ')}`;
    },
  }),
];
