import { Wafv2IpSet } from '@cdktf/provider-aws/lib/wafv2-ip-set';
import { Wafv2WebAcl, type Wafv2WebAclRule } from '@cdktf/provider-aws/lib/wafv2-web-acl';
import { Wafv2WebAclAssociation } from '@cdktf/provider-aws/lib/wafv2-web-acl-association';
import { Wafv2WebAclLoggingConfiguration } from '@cdktf/provider-aws/lib/wafv2-web-acl-logging-configuration';
import type { AccountSettings, StageDefinition } from '@sigma-pli/config';
import { Construct } from 'constructs';
import { CREDENTIAL_PATHS } from '../edge-paths';
import { resourceName } from '../naming';

/** AWS managed rule groups, in evaluation order after the stage's own rules. */
export const MANAGED_RULE_GROUPS = [
  'AWSManagedRulesAmazonIpReputationList',
  // Covers XSS in the body, query and URI (CrossSiteScripting_*), so no separate XSS match rule is needed.
  'AWSManagedRulesCommonRuleSet',
  'AWSManagedRulesKnownBadInputsRuleSet',
  // Covers SQL injection in the body, query, URI and cookies (SQLi_*), so no separate SQLi match rule is needed.
  'AWSManagedRulesSQLiRuleSet',
] as const;

/** WAF rate-based rules count over this window, which matches the stage's "per 5 minutes" limits. */
const RATE_WINDOW_SECONDS = 300;

/**
 * Behind Cloudflare every request reaches the ALB from a Cloudflare address, so the client is the one Cloudflare
 * puts in `CF-Connecting-IP` (it overwrites any value the client sends, and the ALB admits only Cloudflare).
 * A request without the header did not come through Cloudflare: it matches, i.e. is counted and blocked.
 */
const CLOUDFLARE_CLIENT_IP = { header_name: 'CF-Connecting-IP', fallback_behavior: 'MATCH' } as const;

/** Managed rules that stay in count mode, with the reason. */
const COUNT_ONLY_MANAGED_RULES: Readonly<Record<string, string[]>> = {
  // Blocks bodies over 8 KB; the app accepts up to its body limit (1 MB), which Nginx enforces.
  AWSManagedRulesCommonRuleSet: ['SizeRestrictions_BODY'],
};

export interface WafProps {
  account: Pick<AccountSettings, 'project'>;
  stage: Pick<StageDefinition, 'name' | 'edge'>;
  loadBalancerArn: string;
  /** Log group for the ACL's logs; WAF accepts only groups whose name starts with `aws-waf-logs-`. */
  logGroupArn: string;
}

/**
 * Regional web ACL on the ALB: the stage's IP block list, a per-IP rate limit (stricter on credential paths), and
 * the AWS managed rule groups (IP reputation, common, known bad inputs, SQLi). Every rule emits metrics and samples.
 */
export class Waf extends Construct {
  readonly webAcl: Wafv2WebAcl;

  constructor(scope: Construct, id: string, props: WafProps) {
    super(scope, id);
    const { account, stage } = props;
    const name = (suffix: string) => resourceName(account, stage, suffix);
    const { blockedCidrs } = stage.edge;
    const clientIp = stage.edge.cloudflareProxy ? CLOUDFLARE_CLIENT_IP : undefined;

    // An IP set holds one address family; both always exist (possibly empty) so the rule never changes shape.
    const ipSet = (version: 'IPV4' | 'IPV6') =>
      new Wafv2IpSet(this, `blocked-${version.toLowerCase()}`, {
        name: name(`blocked-${version.toLowerCase()}`),
        description: 'CIDRs blocked by the stage configuration (edge.blockedCidrs)',
        scope: 'REGIONAL',
        ipAddressVersion: version,
        addresses: blockedCidrs.filter((cidr) => cidr.includes(':') === (version === 'IPV6')),
      });
    const blocked = [ipSet('IPV4'), ipSet('IPV6')];

    const rules: Wafv2WebAclRule[] = [
      {
        name: 'blocked-ips',
        priority: 0,
        action: { block: {} },
        statement: {
          or_statement: {
            statement: blocked.map((set) => ({
              ip_set_reference_statement: {
                arn: set.arn,
                ...(clientIp ? { ip_set_forwarded_ip_config: { ...clientIp, position: 'FIRST' } } : {}),
              },
            })),
          },
        },
        visibilityConfig: visibility(name('waf-blocked-ips')),
      },
      {
        name: 'rate-limit-credentials',
        priority: 1,
        action: { block: {} },
        statement: rateLimit(stage.edge.loginRateLimitPer5Min, clientIp, credentialPosts()),
        visibilityConfig: visibility(name('waf-rate-credentials')),
      },
      {
        name: 'rate-limit-per-ip',
        priority: 2,
        action: { block: {} },
        statement: rateLimit(stage.edge.wafRateLimitPer5Min, clientIp),
        visibilityConfig: visibility(name('waf-rate-ip')),
      },
      ...MANAGED_RULE_GROUPS.map(
        (group, index): Wafv2WebAclRule => ({
          name: group,
          priority: 10 + index,
          // `none` keeps each managed rule's own action (block), rather than turning the group into count-only.
          overrideAction: { none: {} },
          statement: {
            managed_rule_group_statement: {
              vendor_name: 'AWS',
              name: group,
              rule_action_override: (COUNT_ONLY_MANAGED_RULES[group] ?? []).map((rule) => ({
                name: rule,
                action_to_use: { count: {} },
              })),
            },
          },
          visibilityConfig: visibility(name(`waf-${group}`)),
        }),
      ),
    ];

    this.webAcl = new Wafv2WebAcl(this, 'acl', {
      name: name('alb'),
      description: 'Regional web ACL of the application load balancer',
      scope: 'REGIONAL',
      defaultAction: { allow: {} },
      rule: rules,
      visibilityConfig: visibility(name('waf')),
    });
    new Wafv2WebAclAssociation(this, 'alb-association', {
      resourceArn: props.loadBalancerArn,
      webAclArn: this.webAcl.arn,
    });
    new Wafv2WebAclLoggingConfiguration(this, 'logging', {
      resourceArn: this.webAcl.arn,
      logDestinationConfigs: [props.logGroupArn],
      // Session cookies and bearer tokens never reach the logs.
      redactedFields: [{ singleHeader: { name: 'authorization' } }, { singleHeader: { name: 'cookie' } }],
    });
  }
}

function visibility(metricName: string) {
  return { cloudwatchMetricsEnabled: true, sampledRequestsEnabled: true, metricName };
}

/** WAF statements are untyped in the bindings; they are written in Terraform's own (snake_case) shape. */
function rateLimit(
  limit: number,
  clientIp: typeof CLOUDFLARE_CLIENT_IP | undefined,
  scopeDown?: Record<string, unknown>,
) {
  return {
    rate_based_statement: {
      limit,
      ...(clientIp
        ? { aggregate_key_type: 'FORWARDED_IP', forwarded_ip_config: clientIp }
        : { aggregate_key_type: 'IP' }),
      evaluation_window_sec: RATE_WINDOW_SECONDS,
      ...(scopeDown ? { scope_down_statement: scopeDown } : {}),
    },
  };
}

/** A regular expression matching `text` literally. */
const literal = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * POST requests to a credential endpoint (or below it, so that a trailing slash does not escape the limit). One
 * regex rather than an OR of paths: AWS WAF allows only plain statements inside a scope-down AND.
 */
function credentialPosts() {
  return {
    and_statement: {
      statement: [
        {
          byte_match_statement: {
            search_string: 'POST',
            positional_constraint: 'EXACTLY',
            field_to_match: { method: {} },
            text_transformation: [{ priority: 0, type: 'NONE' }],
          },
        },
        {
          regex_match_statement: {
            regex_string: `^(?:${CREDENTIAL_PATHS.map(literal).join('|')})`,
            field_to_match: { uri_path: {} },
            text_transformation: [{ priority: 0, type: 'LOWERCASE' }],
          },
        },
      ],
    },
  };
}
