import { CloudflareProvider } from '@cdktf/provider-cloudflare/lib/provider';
import { describe, expect, it } from 'vitest';
import { onlyResource, resourcesOf, type SynthJson, synthConstruct } from '../test-support/synth-json';
import { CloudflareDns, type CloudflareDnsProps } from './cloudflare-dns';

const ZONE_ID = 'f'.repeat(32);
const ALB_DNS = 'sigma-pli-alb-123.us-east-1.elb.amazonaws.com';

function synthDns(props: Omit<CloudflareDnsProps, 'zoneId' | 'target'>): SynthJson {
  return synthConstruct((stack) => {
    new CloudflareProvider(stack, 'cloudflare', {});
    new CloudflareDns(stack, 'dns', { zoneId: ZONE_ID, target: ALB_DNS, ...props });
  });
}

describe('CloudflareDns', () => {
  it('points a proxied host name at the ALB with the automatic TTL', () => {
    const json = synthDns({ hostname: 'www.example.com', proxied: true });
    expect(onlyResource(json, 'cloudflare_dns_record')).toMatchObject({
      name: 'www.example.com',
      type: 'CNAME',
      content: ALB_DNS,
      proxied: true,
      ttl: 1,
    });
    expect(resourcesOf(json, 'cloudflare_ruleset')).toEqual({});
  });

  it('points a DNS-only host name at the ALB where the stage is not behind the proxy', () => {
    const json = synthDns({ hostname: 'mvp.example.com', proxied: false });
    expect(onlyResource(json, 'cloudflare_dns_record')).toMatchObject({ proxied: false, ttl: 300 });
  });

  it('redirects the apex permanently to the host name, keeping path and query', () => {
    const json = synthDns({ hostname: 'www.example.com', proxied: true, redirectApex: 'example.com' });
    const apex = Object.values(resourcesOf(json, 'cloudflare_dns_record')).find(
      (record) => record.name === 'example.com',
    );
    expect(apex).toMatchObject({ proxied: true, content: 'www.example.com' });
    const ruleset = onlyResource(json, 'cloudflare_ruleset');
    expect(ruleset).toMatchObject({ kind: 'zone', phase: 'http_request_dynamic_redirect', zone_id: ZONE_ID });
    expect(ruleset.rules).toEqual([
      expect.objectContaining({
        expression: '(http.host eq "example.com")',
        action: 'redirect',
        action_parameters: {
          from_value: {
            status_code: 301,
            target_url: { expression: 'concat("https://www.example.com", http.request.uri.path)' },
            preserve_query_string: true,
          },
        },
      }),
    ]);
  });
});
