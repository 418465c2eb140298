import { ZoneSetting } from '@cdktf/provider-cloudflare/lib/zone-setting';
import { Construct } from 'constructs';

/** One year, the HSTS max-age browsers and preload lists expect. */
const HSTS_MAX_AGE_SECONDS = 31_536_000;

/**
 * Zone settings by Cloudflare setting id; values are strings or, for `security_header`, an object. Brotli is not
 * among them: Cloudflare retired the `brotli` setting and its API on 2024-06-14 and compresses with Brotli for
 * every zone since (https://developers.cloudflare.com/fundamentals/api/reference/deprecations/).
 */
export const ZONE_SETTINGS: Readonly<Record<string, string | Record<string, unknown>>> = {
  // Full (strict): Cloudflare verifies the ALB's ACM certificate on every origin connection.
  ssl: 'strict',
  always_use_https: 'on',
  min_tls_version: '1.2',
  tls_1_3: 'on',
  security_header: {
    strict_transport_security: {
      enabled: true,
      max_age: HSTS_MAX_AGE_SECONDS,
      include_subdomains: true,
      nosniff: true,
      // Preloading is hard to undo; it stays a deliberate, manual decision.
      preload: false,
    },
  },
  // Challenges visitors whose IP reputation is poor. This is what the retired `cf.threat_score` field (always 0
  // now) used to express in rules, so no custom rule on the threat score is written.
  security_level: 'medium',
};

/**
 * TLS and compression settings of the Cloudflare zone. They are zone-wide, so only the stage that owns the zone
 * (`edge.cloudflareZoneOwner`) creates this construct.
 */
export class CloudflareZoneSettings extends Construct {
  constructor(scope: Construct, id: string, props: { zoneId: string }) {
    super(scope, id);
    for (const [settingId, value] of Object.entries(ZONE_SETTINGS)) {
      new ZoneSetting(this, settingId, {
        zoneId: props.zoneId,
        settingId,
        // The provider's `value` is dynamic (string or object); the binding types it as a map only.
        value: value as Record<string, unknown>,
      });
    }
  }
}
