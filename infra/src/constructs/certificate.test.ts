import { CloudflareProvider } from '@cdktf/provider-cloudflare/lib/provider';
import { beforeAll, describe, expect, it } from 'vitest';
import { onlyResource, type SynthJson, synthConstruct, tfRef } from '../test-support/synth-json';
import { Certificate } from './certificate';

const ZONE_ID = '0'.repeat(32);

describe('Certificate', () => {
  let json: SynthJson;
  let certificateArn = '';
  beforeAll(() => {
    json = synthConstruct((stack) => {
      new CloudflareProvider(stack, 'cloudflare', {});
      certificateArn = new Certificate(stack, 'certificate', { hostname: 'www.example.com', zoneId: ZONE_ID })
        .certificateArn;
    });
  });

  it('requests a DNS-validated certificate for the host name, replaced before it is destroyed', () => {
    expect(onlyResource(json, 'aws_acm_certificate')).toMatchObject({
      domain_name: 'www.example.com',
      validation_method: 'DNS',
      lifecycle: { create_before_destroy: true },
    });
  });

  it('writes one unproxied Cloudflare record per validation option', () => {
    const record = onlyResource(json, 'cloudflare_dns_record');
    expect(record.for_each).toMatch(
      /for key, val in .*tolist\(aws_acm_certificate\.certificate_[0-9A-F]+\.domain_validation_options\): val\.domain_name => val/,
    );
    expect(record).toMatchObject({
      zone_id: ZONE_ID,
      proxied: false,
      ttl: 60,
      name: tfRef('trimsuffix(each.value.resource_record_name, ".")'),
      type: tfRef('each.value.resource_record_type'),
      content: tfRef('trimsuffix(each.value.resource_record_value, ".")'),
    });
  });

  it('exposes the ARN only through the validation, which waits for the records', () => {
    const validation = onlyResource(json, 'aws_acm_certificate_validation');
    expect(validation.depends_on).toEqual([expect.stringMatching(/^cloudflare_dns_record\./)]);
    expect(certificateArn).toMatch(/TfToken/);
    expect(validation.certificate_arn).toMatch(/^\$\{aws_acm_certificate\./);
  });
});
