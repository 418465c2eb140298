import { CloudflareProvider } from '@cdktf/provider-cloudflare/lib/provider';
import { beforeAll, describe, expect, it } from 'vitest';
import { resourcesOf, type SynthJson, stageNamed, synthConstruct } from '../test-support/synth-json';
import { CloudflareRulesets } from './cloudflare-rulesets';

const ZONE_ID = 'f'.repeat(32);
type Rule = { description: string; expression: string; action: string; [key: string]: unknown };

describe('CloudflareRulesets', () => {
  let json: SynthJson;
  const rulesOf = (phase: string): Rule[] => {
    const ruleset = Object.values(resourcesOf(json, 'cloudflare_ruleset')).find(
      (candidate) => candidate.phase === phase,
    );
    if (!ruleset) throw new Error(`no ruleset for ${phase}`);
    expect(ruleset).toMatchObject({ zone_id: ZONE_ID, kind: 'zone' });
    return ruleset.rules as Rule[];
  };
  beforeAll(() => {
    json = synthConstruct((stack) => {
      new CloudflareProvider(stack, 'cloudflare', {});
      new CloudflareRulesets(stack, 'rulesets', { zoneId: ZONE_ID, stage: stageNamed('production') });
    });
  });

  it('creates one entry point per phase: custom WAF, rate limit and cache', () => {
    expect(
      Object.values(resourcesOf(json, 'cloudflare_ruleset'))
        .map((ruleset) => ruleset.phase)
        .sort(),
    ).toEqual(['http_ratelimit', 'http_request_cache_settings', 'http_request_firewall_custom']);
  });

  it('blocks probed paths and unexpected methods', () => {
    const [paths, methods] = rulesOf('http_request_firewall_custom');
    expect(paths).toMatchObject({ action: 'block' });
    expect(paths?.expression).toContain('starts_with(lower(http.request.uri.path), "/.env")');
    expect(paths?.expression).toContain('"/wp-login.php"');
    expect(methods).toMatchObject({ action: 'block' });
    expect(methods?.expression).toBe(
      'not (http.request.method in {"GET" "HEAD" "POST" "PUT" "PATCH" "DELETE" "OPTIONS"})',
    );
  });

  it('rate-limits login and registration per IP, scaling the stage limit to the 10 s period', () => {
    expect(rulesOf('http_ratelimit')).toEqual([
      expect.objectContaining({
        expression: '(http.request.uri.path in {"/api/v1/auth/login" "/api/v1/registrations"})',
        action: 'block',
        ratelimit: {
          characteristics: ['ip.src', 'cf.colo.id'],
          period: 10,
          // 100 per 5 minutes → ceil(100 × 10 / 300) = 4 per 10 s.
          requests_per_period: 4,
          mitigation_timeout: 10,
        },
      }),
    ]);
  });

  it('caches static assets and bypasses the cache for the API, with the bypass last', () => {
    const [assets, api] = rulesOf('http_request_cache_settings');
    expect(assets?.expression).toContain('http.request.uri.path.extension in {"css" "js"');
    expect(assets?.action_parameters).toMatchObject({ cache: true, edge_ttl: { mode: 'respect_origin' } });
    expect(api?.expression).toContain('starts_with(http.request.uri.path, "/api/")');
    expect(api?.action_parameters).toEqual({ cache: false });
  });
});
