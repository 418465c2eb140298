import { CloudflareProvider } from '@cdktf/provider-cloudflare/lib/provider';
import { describe, expect, it } from 'vitest';
import { resourcesOf, synthConstruct } from '../test-support/synth-json';
import { CloudflareZoneSettings } from './cloudflare-zone-settings';

const ZONE_ID = 'f'.repeat(32);

describe('CloudflareZoneSettings', () => {
  it('sets strict SSL, HTTPS only, TLS 1.2 minimum, TLS 1.3, HSTS and reputation challenges on the zone (Brotli is always on)', () => {
    const json = synthConstruct((stack) => {
      new CloudflareProvider(stack, 'cloudflare', {});
      new CloudflareZoneSettings(stack, 'zone', { zoneId: ZONE_ID });
    });
    const settings = Object.fromEntries(
      Object.values(resourcesOf(json, 'cloudflare_zone_setting')).map((setting) => {
        expect(setting.zone_id).toBe(ZONE_ID);
        return [setting.setting_id, setting.value];
      }),
    );
    expect(settings).toEqual({
      ssl: 'strict',
      always_use_https: 'on',
      min_tls_version: '1.2',
      tls_1_3: 'on',
      security_level: 'medium',
      security_header: {
        strict_transport_security: {
          enabled: true,
          max_age: 31_536_000,
          include_subdomains: true,
          nosniff: true,
          preload: false,
        },
      },
    });
  });
});
