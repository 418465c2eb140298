import type { TfResource } from '@sigma-pli/terraform-json';
import type { RuleContext } from '../types';
import { block, blocks, isTrue, requireTrue, resourceRule } from './helpers';

const ALB = ['aws_lb', 'aws_alb'];
const isApplication = (lb: TfResource): boolean =>
  (lb.config.load_balancer_type ?? 'application') === 'application';

/** Modern TLS policies: TLS 1.2+ with forward secrecy only (ELB's 2021+ TLS 1.3 policies and FS-1-2-Res). */
export const MODERN_TLS_POLICIES = [
  'ELBSecurityPolicy-TLS13-1-2-2021-06',
  'ELBSecurityPolicy-TLS13-1-2-Res-2021-06',
  'ELBSecurityPolicy-TLS13-1-2-Res-PQ-2025-09',
  'ELBSecurityPolicy-TLS13-1-2-PQ-2025-09',
  'ELBSecurityPolicy-TLS13-1-3-2021-06',
  'ELBSecurityPolicy-TLS13-1-3-PQ-2025-09',
  'ELBSecurityPolicy-TLS13-1-3-FIPS-2023-04',
  'ELBSecurityPolicy-TLS13-1-2-FIPS-2023-04',
  'ELBSecurityPolicy-TLS13-1-2-Res-FIPS-2023-04',
  'ELBSecurityPolicy-FS-1-2-Res-2020-10',
];

const listenersOf = (lb: TfResource, context: RuleContext): TfResource[] => [
  ...context.document.referencing(lb, 'aws_lb_listener', 'load_balancer_arn'),
  ...context.document.referencing(lb, 'aws_alb_listener', 'load_balancer_arn'),
];

const redirectsToHttps = (listener: TfResource): boolean =>
  blocks(listener.config.default_action).some(
    (action) => action.type === 'redirect' && block(action, 'redirect').protocol === 'HTTPS',
  );

export const ALB_RULES = [
  resourceRule({
    id: 'alb-drop-invalid-headers',
    title: 'ALB drops invalid HTTP header fields',
    severity: 'medium',
    checkov: ['CKV_AWS_131'],
    trivy: ['AVD-AWS-0052'],
    fsbp: ['ELB.4'],
    fix: 'Set drop_invalid_header_fields = true.',
    resourceTypes: ALB,
    applies: isApplication,
    check: requireTrue('drop_invalid_header_fields'),
  }),
  resourceRule({
    id: 'alb-desync-mitigation',
    title: 'ALB desync mitigation is defensive or strictest',
    severity: 'medium',
    checkov: ['CKV_AWS_328'],
    trivy: [],
    fsbp: ['ELB.12'],
    fix: 'Set desync_mitigation_mode = "defensive" (the default) or "strictest"; never "monitor".',
    resourceTypes: ALB,
    applies: isApplication,
    check: (lb) =>
      ['defensive', 'strictest', undefined].includes(lb.config.desync_mitigation_mode as string | undefined)
        ? undefined
        : `desync_mitigation_mode is ${String(lb.config.desync_mitigation_mode)}`,
  }),
  resourceRule({
    id: 'alb-https-listeners',
    title: 'ALB serves HTTPS only: every listener is HTTPS or redirects HTTP to HTTPS',
    severity: 'high',
    checkov: ['CKV_AWS_2', 'CKV2_AWS_20'],
    trivy: ['AVD-AWS-0054'],
    fsbp: ['ELB.1'],
    fix: 'Make the port-80 listener a redirect (protocol HTTPS, HTTP_301) and serve on an HTTPS listener.',
    resourceTypes: ALB,
    applies: isApplication,
    check: (lb, context) => {
      const listeners = listenersOf(lb, context);
      if (listeners.length === 0) return 'no listener references this load balancer';
      const plain = listeners.filter(
        (listener) => listener.config.protocol !== 'HTTPS' && !redirectsToHttps(listener),
      );
      if (plain.length > 0)
        return `plain HTTP listener(s): ${plain.map((listener) => listener.address).join(', ')}`;
      return listeners.some((listener) => listener.config.protocol === 'HTTPS')
        ? undefined
        : 'no HTTPS listener';
    },
  }),
  resourceRule({
    id: 'alb-tls-policy',
    title: 'ALB HTTPS listeners use a modern TLS policy (TLS 1.2+, forward secrecy)',
    severity: 'high',
    checkov: ['CKV_AWS_103'],
    trivy: ['AVD-AWS-0047'],
    fsbp: ['ELB.17'],
    fix: 'Set ssl_policy = "ELBSecurityPolicy-TLS13-1-2-2021-06" (or a stricter TLS13 policy).',
    resourceTypes: ['aws_lb_listener', 'aws_alb_listener'],
    applies: (listener) => listener.config.protocol === 'HTTPS',
    check: (listener) =>
      MODERN_TLS_POLICIES.includes(String(listener.config.ssl_policy))
        ? undefined
        : `ssl_policy ${String(listener.config.ssl_policy)} is not a modern TLS policy`,
  }),
  resourceRule({
    id: 'alb-access-logs',
    title: 'ALB access logs go to S3',
    severity: 'medium',
    checkov: ['CKV_AWS_91'],
    trivy: [],
    fsbp: ['ELB.5'],
    fix: 'Set access_logs { bucket = <logs bucket>, enabled = true }.',
    resourceTypes: ALB,
    applies: isApplication,
    check: (lb) => {
      const logs = block(lb.config, 'access_logs');
      return isTrue(logs.enabled) && logs.bucket ? undefined : 'access_logs is not enabled with a bucket';
    },
  }),
  resourceRule({
    id: 'alb-waf',
    title: 'ALB is protected by an AWS WAF web ACL where the stage enables AWS WAF',
    severity: 'high',
    checkov: ['CKV2_AWS_28'],
    trivy: [],
    fsbp: ['ELB.16'],
    fix: 'Associate the regional web ACL with aws_wafv2_web_acl_association { resource_arn = alb.arn }.',
    resourceTypes: ALB,
    applies: (lb, context) =>
      isApplication(lb) && context.stage?.edge.awsWaf === true && lb.config.internal !== true,
    check: (lb, context) =>
      context.document.referencing(lb, 'aws_wafv2_web_acl_association', 'resource_arn').length > 0
        ? undefined
        : 'no aws_wafv2_web_acl_association references this load balancer',
  }),
  resourceRule({
    id: 'alb-deletion-protection',
    title: 'ALB has deletion protection where the stage says so',
    severity: 'low',
    checkov: ['CKV_AWS_150'],
    trivy: ['AVD-AWS-0053'],
    fsbp: ['ELB.6'],
    fix: 'Set enable_deletion_protection from stage.edge.loadBalancerDeletionProtection.',
    resourceTypes: ALB,
    applies: (_lb, context) => context.stage?.edge.loadBalancerDeletionProtection === true,
    check: requireTrue('enable_deletion_protection'),
  }),
];
