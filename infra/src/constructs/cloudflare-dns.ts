import { DnsRecord } from '@cdktf/provider-cloudflare/lib/dns-record';
import { Ruleset } from '@cdktf/provider-cloudflare/lib/ruleset';
import { Construct } from 'constructs';

/** TTL 1 means "automatic", the only TTL Cloudflare accepts on proxied records. */
const AUTOMATIC_TTL = 1;
const DNS_ONLY_TTL = 300;

export interface CloudflareDnsProps {
  zoneId: string;
  /** Host name the stage serves. */
  hostname: string;
  /** DNS name of the ALB the host name points at. */
  target: string;
  /** Through Cloudflare's proxy (CDN, WAF, DDoS protection) or DNS-only straight to the ALB. */
  proxied: boolean;
  /** Zone apex to redirect permanently to `https://<hostname>`; no apex record without it. */
  redirectApex?: string;
}

/** The stage's DNS records in Cloudflare, and the apex → host name redirect where the stage serves the apex. */
export class CloudflareDns extends Construct {
  constructor(scope: Construct, id: string, props: CloudflareDnsProps) {
    super(scope, id);
    new DnsRecord(this, 'app', {
      zoneId: props.zoneId,
      name: props.hostname,
      type: 'CNAME',
      content: props.target,
      proxied: props.proxied,
      ttl: props.proxied ? AUTOMATIC_TTL : DNS_ONLY_TTL,
      comment: 'SIGMA-PLI application load balancer',
    });
    if (!props.redirectApex) return;

    // The apex is proxied even when the app is not: the redirect happens at Cloudflare's edge, never at the ALB.
    new DnsRecord(this, 'apex', {
      zoneId: props.zoneId,
      name: props.redirectApex,
      type: 'CNAME',
      content: props.hostname,
      proxied: true,
      ttl: AUTOMATIC_TTL,
      comment: `Redirected to https://${props.hostname}`,
    });
    new Ruleset(this, 'apex-redirect', {
      zoneId: props.zoneId,
      name: 'Apex redirect',
      kind: 'zone',
      phase: 'http_request_dynamic_redirect',
      rules: [
        {
          description: `Redirect ${props.redirectApex} to ${props.hostname}`,
          expression: `(http.host eq "${props.redirectApex}")`,
          action: 'redirect',
          actionParameters: {
            fromValue: {
              statusCode: 301,
              targetUrl: { expression: `concat("https://${props.hostname}", http.request.uri.path)` },
              preserveQueryString: true,
            },
          },
        },
      ],
    });
  }
}
