import { KmsKey } from '@cdktf/provider-aws/lib/kms-key';
import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import type { StageDefinition } from '@sigma-pli/config';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  onlyResource,
  parsePolicy,
  resourcesOf,
  type SynthJson,
  stageNamed,
  synthConstruct,
  testAccount,
  tfRef,
} from '../test-support/synth-json';
import { AwsContext } from './aws-context';
import { Buckets } from './buckets';
import { Cdn } from './cdn';

function synthCdn(stage: StageDefinition, region = 'us-east-1'): SynthJson {
  return synthConstruct((stack) => {
    const usEast1 = new AwsProvider(stack, 'aws-us-east-1', { region: 'us-east-1', alias: 'us_east_1' });
    const context = new AwsContext(stack, 'context', { region });
    const key = new KmsKey(stack, 'key', {});
    const buckets = new Buckets(stack, 'buckets', { account: testAccount(), stage, context, key });
    new Cdn(stack, 'cdn', {
      account: testAccount(),
      stage: { ...stage, region },
      context,
      logsKey: key,
      buckets,
      usEast1,
    });
  });
}

describe('Cdn', () => {
  let json: SynthJson;
  let distribution: Record<string, unknown>;
  let distributionId: string;
  beforeAll(() => {
    json = synthCdn(stageNamed('production'));
    const entry = Object.entries(resourcesOf(json, 'aws_cloudfront_distribution'))[0];
    if (!entry) throw new Error('no distribution');
    [distributionId, distribution] = entry;
    Object.entries(resourcesOf(json, 'aws_cloudfront_distribution'))[0] ?? [];
  });

  it('serves the static prefix of the private main bucket through an Origin Access Control', () => {
    const [origin] = distribution.origin as Record<string, unknown>[];
    expect(origin?.origin_path).toBe('/static');
    expect(origin?.domain_name).toMatch(
      /^\$\{aws_s3_bucket\.buckets_main_bucket_[\w]+\.bucket_regional_domain_name\}$/,
    );
    expect(origin?.origin_access_control_id).toMatch(/^\$\{aws_cloudfront_origin_access_control\./);
    expect(onlyResource(json, 'aws_cloudfront_origin_access_control')).toMatchObject({
      origin_access_control_origin_type: 's3',
      signing_behavior: 'always',
      signing_protocol: 'sigv4',
    });
  });

  it('lets only this distribution read the static assets, in the main bucket policy', () => {
    const policies = Object.values(resourcesOf(json, 'aws_s3_bucket_policy'));
    const statements = policies.flatMap((policy) => parsePolicy(policy.policy).Statement);
    const read = statements.filter((statement) => statement.Sid === 'CloudFrontReadsStaticAssets');
    expect(read).toHaveLength(1);
    expect(read[0]).toMatchObject({
      Principal: { Service: 'cloudfront.amazonaws.com' },
      Action: 's3:GetObject',
      Condition: {
        StringEquals: { 'AWS:SourceArn': tfRef(`aws_cloudfront_distribution.${distributionId}.arn`) },
      },
    });
    expect(read[0]?.Resource).toMatch(/\/static\/\*$/);
  });

  it('redirects to HTTPS, requires TLS 1.2 (2021 policy), compresses and adds security headers', () => {
    expect(distribution.default_cache_behavior).toMatchObject({
      viewer_protocol_policy: 'redirect-to-https',
      compress: true,
      allowed_methods: ['GET', 'HEAD', 'OPTIONS'],
    });
    expect(distribution.viewer_certificate).toMatchObject({
      minimum_protocol_version: 'TLSv1.2_2021',
      ssl_support_method: 'sni-only',
    });
    const headers = onlyResource(json, 'aws_cloudfront_response_headers_policy').security_headers_config;
    expect(headers).toMatchObject({
      strict_transport_security: { access_control_max_age_sec: 63072000, include_subdomains: true },
      content_type_options: { override: true },
      frame_options: { frame_option: 'DENY' },
    });
  });

  it('logs to the logs bucket under its prefix, after the bucket accepts the log delivery', () => {
    expect(distribution.logging_config).toMatchObject({ prefix: 'cloudfront/', include_cookies: false });
    expect(String((distribution.logging_config as Record<string, unknown>).bucket)).toMatch(
      /^\$\{aws_s3_bucket\.buckets_logs_bucket_[\w]+\.bucket_domain_name\}$/,
    );
    expect(distribution.depends_on).toEqual([
      expect.stringMatching(/^aws_s3_bucket_policy\.buckets_logs_policy/),
      expect.stringMatching(/^aws_s3_bucket_acl\.buckets_logs-acl/),
    ]);
  });

  it('creates the certificate and the CLOUDFRONT-scope WAF ACL in us-east-1, whatever the stage region', () => {
    const acl = onlyResource(json, 'aws_wafv2_web_acl');
    expect(acl).toMatchObject({ scope: 'CLOUDFRONT', provider: 'aws.us_east_1' });
    expect(distribution.web_acl_id).toMatch(/^\$\{aws_wafv2_web_acl\.[\w-]+\.arn\}$/);
    expect(onlyResource(json, 'aws_acm_certificate')).toMatchObject({
      domain_name: 'static.www.sigma-pli.example.com',
      provider: 'aws.us_east_1',
    });
    expect(distribution.aliases).toEqual(['static.www.sigma-pli.example.com']);
  });

  it('points a DNS-only Cloudflare record at the distribution', () => {
    const records = Object.values(json.resource?.cloudflare_dns_record ?? {}).filter(
      (record) => record.type === 'CNAME' && record.name === 'static.www.sigma-pli.example.com',
    );
    expect(records).toHaveLength(1);
    expect(records[0]).toMatchObject({
      proxied: false,
      content: tfRef(`aws_cloudfront_distribution.${distributionId}.domain_name`),
    });
  });

  it('logs the WAF ACL to an aws-waf-logs- group in us-east-1, encrypted with the stage key there', () => {
    const group = onlyResource(json, 'aws_cloudwatch_log_group');
    expect(group).toMatchObject({
      name: 'aws-waf-logs-sigma-pli-production-cdn',
      provider: 'aws.us_east_1',
      retention_in_days: 90,
      kms_key_id: tfRef('aws_kms_key.key.arn'),
    });
    const logging = onlyResource(json, 'aws_wafv2_web_acl_logging_configuration');
    expect(logging.provider).toBe('aws.us_east_1');
    expect(logging.log_destination_configs).toEqual([
      expect.stringMatching(/^\$\{aws_cloudwatch_log_group\./),
    ]);
  });

  it('gives the WAF log group its own us-east-1 key when the stage runs elsewhere', () => {
    const elsewhere = synthCdn(stageNamed('production'), 'sa-east-1');
    const keys = Object.entries(resourcesOf(elsewhere, 'aws_kms_key')).filter(
      ([, key]) => key.provider === 'aws.us_east_1',
    );
    expect(keys).toHaveLength(1);
    expect(String(keys[0]?.[1].policy)).toContain('logs.us-east-1.amazonaws.com');
    expect(onlyResource(elsewhere, 'aws_cloudwatch_log_group').kms_key_id).toBe(
      tfRef(`aws_kms_key.${keys[0]?.[0]}.arn`),
    );
  });

  it('has no WAF ACL when the stage has no AWS WAF', () => {
    const production = stageNamed('production');
    const withoutWaf = synthCdn({ ...production, edge: { ...production.edge, awsWaf: false } });
    expect(resourcesOf(withoutWaf, 'aws_wafv2_web_acl')).toEqual({});
  });
});
