import { Ruleset, type RulesetRules } from '@cdktf/provider-cloudflare/lib/ruleset';
import type { StageDefinition } from '@sigma-pli/config';
import { Construct } from 'constructs';
import { API_PATH_PREFIX, CREDENTIAL_PATHS } from '../edge-paths';

/** Paths no request to this app has a reason to ask for: scanners probing for other software and leaked files. */
export const PROBED_PATHS = [
  '/.env',
  '/.git',
  '/wp-admin',
  '/wp-login.php',
  '/xmlrpc.php',
  '/phpmyadmin',
  '/cgi-bin',
] as const;
/** Methods the app answers; anything else (TRACE, TRACK, CONNECT, WebDAV verbs) is blocked at the edge. */
export const ALLOWED_METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'] as const;
/** Extensions of static assets, cached at the edge for as long as Nginx's Cache-Control allows. */
export const STATIC_EXTENSIONS = [
  'css',
  'js',
  'mjs',
  'map',
  'png',
  'jpg',
  'jpeg',
  'gif',
  'svg',
  'webp',
  'avif',
  'ico',
  'woff',
  'woff2',
] as const;

/**
 * Rate limiting with the parameters every Cloudflare plan accepts (the Free plan allows a 10 s period and a 10 s
 * block, counted per IP and data center, on the path only). The stage's per-5-minute limit is scaled to 10 s.
 */
export const RATE_LIMIT_PERIOD_SECONDS = 10;

const quoted = (values: readonly string[]) => values.map((value) => `"${value}"`).join(' ');

export interface CloudflareRulesetsProps {
  zoneId: string;
  stage: Pick<StageDefinition, 'edge'>;
}

/**
 * The zone's entry-point rulesets: custom WAF rules, the rate limit on the credential endpoints and the cache
 * rules. There is one entry point per phase and zone, so only the zone-owning stage creates this construct.
 */
export class CloudflareRulesets extends Construct {
  constructor(scope: Construct, id: string, props: CloudflareRulesetsProps) {
    super(scope, id);
    const ruleset = (name: string, phase: string, rules: RulesetRules[]) =>
      new Ruleset(this, phase, { zoneId: props.zoneId, kind: 'zone', name, phase, rules });

    ruleset('Custom WAF rules', 'http_request_firewall_custom', [
      {
        description: 'Block probes for software this app does not run',
        expression: PROBED_PATHS.map((path) => `starts_with(lower(http.request.uri.path), "${path}")`).join(
          ' or ',
        ),
        action: 'block',
      },
      {
        description: 'Block methods the app does not answer',
        expression: `not (http.request.method in {${quoted(ALLOWED_METHODS)}})`,
        action: 'block',
      },
    ]);

    const perFiveMinutes = props.stage.edge.loginRateLimitPer5Min;
    ruleset('Rate limits', 'http_ratelimit', [
      {
        description: 'Login and registration: per-IP limit',
        expression: `(http.request.uri.path in {${quoted(CREDENTIAL_PATHS)}})`,
        action: 'block',
        ratelimit: {
          characteristics: ['ip.src', 'cf.colo.id'],
          period: RATE_LIMIT_PERIOD_SECONDS,
          requestsPerPeriod: Math.max(1, Math.ceil((perFiveMinutes * RATE_LIMIT_PERIOD_SECONDS) / 300)),
          mitigationTimeout: RATE_LIMIT_PERIOD_SECONDS,
        },
      },
    ]);

    // Later cache rules override earlier ones, so the API bypass comes last and always wins.
    ruleset('Cache rules', 'http_request_cache_settings', [
      {
        description: 'Cache static assets at the edge, as long as the origin says',
        expression: `(http.request.uri.path.extension in {${quoted(STATIC_EXTENSIONS)}})`,
        action: 'set_cache_settings',
        actionParameters: {
          cache: true,
          edgeTtl: { mode: 'respect_origin' },
          browserTtl: { mode: 'respect_origin' },
        },
      },
      {
        description: 'Never cache the API or health checks',
        expression: `starts_with(http.request.uri.path, "${API_PATH_PREFIX}") or starts_with(http.request.uri.path, "/health")`,
        action: 'set_cache_settings',
        actionParameters: { cache: false },
      },
    ]);
  }
}
