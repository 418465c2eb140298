import { CloudfrontDistribution } from '@cdktf/provider-aws/lib/cloudfront-distribution';
import { CloudfrontOriginAccessControl } from '@cdktf/provider-aws/lib/cloudfront-origin-access-control';
import { CloudfrontResponseHeadersPolicy } from '@cdktf/provider-aws/lib/cloudfront-response-headers-policy';
import { CloudwatchLogGroup } from '@cdktf/provider-aws/lib/cloudwatch-log-group';
import { KmsKey } from '@cdktf/provider-aws/lib/kms-key';
import { Wafv2WebAcl } from '@cdktf/provider-aws/lib/wafv2-web-acl';
import { Wafv2WebAclLoggingConfiguration } from '@cdktf/provider-aws/lib/wafv2-web-acl-logging-configuration';
import { DnsRecord } from '@cdktf/provider-cloudflare/lib/dns-record';
import type { AccountSettings, StageDefinition } from '@sigma-pli/config';
import type { TerraformProvider } from 'cdktf';
import { Construct } from 'constructs';
import { stageHostname } from '../hostnames';
import { resourceName } from '../naming';
import { policyDocument } from '../policy';
import type { AwsContext } from './aws-context';
import { type Buckets, LOG_PREFIXES, STATIC_ASSETS_PREFIX } from './buckets';
import { Certificate } from './certificate';
import { accountRootKeyStatement, cloudWatchLogsKeyStatement } from './encryption-keys';
import { MANAGED_RULE_GROUPS } from './waf';

/** AWS managed cache policy "CachingOptimized": long TTLs, gzip and Brotli, no cookies or query strings. */
const CACHING_OPTIMIZED_POLICY_ID = '658327ea-f89d-4fab-a63d-7e88639e58f6';
const TWO_YEARS_SECONDS = 63_072_000;
const ORIGIN_ID = 'main-bucket-static';
/** The region of CloudFront's certificates, CLOUDFRONT-scope WAF ACLs and their log groups. */
const CLOUDFRONT_REGION = 'us-east-1';

export interface CdnProps {
  account: AccountSettings;
  stage: StageDefinition;
  context: AwsContext;
  /** Encrypts the WAF log group when the stage runs in us-east-1 (EncryptionKeys.storage); elsewhere a key is made. */
  logsKey: KmsKey;
  /** The main bucket (its static prefix is the origin) and the logs bucket (access logs). */
  buckets: Buckets;
  /** AWS provider in us-east-1: CloudFront's certificate and CLOUDFRONT-scope WAF ACLs live only there. */
  usEast1: TerraformProvider;
}

/** Host name of the stage's static assets: `static.<stage host name>`. */
export function staticAssetsHostname(
  account: Pick<AccountSettings, 'appHostname' | 'domain'>,
  stage: Pick<StageDefinition, 'edge'>,
): string {
  return `static.${stageHostname(account, stage)}`;
}

/**
 * CloudFront in front of the main bucket's `static/` prefix: the bucket stays private and CloudFront reads it through
 * an Origin Access Control; viewers are redirected to HTTPS with TLS 1.2 or later, responses are compressed and
 * carry security headers, access logs go to the logs bucket, and a CLOUDFRONT-scope WAF ACL guards it when the
 * stage has AWS WAF. The host name is a DNS-only Cloudflare record (CloudFront is the CDN for these paths).
 */
export class Cdn extends Construct {
  readonly distribution: CloudfrontDistribution;
  readonly hostname: string;
  readonly webAcl?: Wafv2WebAcl;

  constructor(scope: Construct, id: string, props: CdnProps) {
    super(scope, id);
    const { account, stage, buckets, usEast1 } = props;
    const name = (suffix: string) => resourceName(account, stage, suffix);
    this.hostname = staticAssetsHostname(account, stage);

    const certificate = new Certificate(this, 'certificate', {
      hostname: this.hostname,
      zoneId: account.cloudflare.zoneId,
      provider: usEast1,
    });
    const originAccess = new CloudfrontOriginAccessControl(this, 'origin-access', {
      name: name('static'),
      description: 'CloudFront signs its requests to the private main bucket',
      originAccessControlOriginType: 's3',
      signingBehavior: 'always',
      signingProtocol: 'sigv4',
    });
    const headers = new CloudfrontResponseHeadersPolicy(this, 'security-headers', {
      name: name('static-security-headers'),
      securityHeadersConfig: {
        strictTransportSecurity: {
          accessControlMaxAgeSec: TWO_YEARS_SECONDS,
          includeSubdomains: true,
          preload: true,
          override: true,
        },
        contentTypeOptions: { override: true },
        frameOptions: { frameOption: 'DENY', override: true },
        referrerPolicy: { referrerPolicy: 'strict-origin-when-cross-origin', override: true },
        contentSecurityPolicy: {
          contentSecurityPolicy: "default-src 'none'; frame-ancestors 'none'",
          override: true,
        },
      },
    });
    this.webAcl = stage.edge.awsWaf ? this.webAclFor(name, props) : undefined;

    this.distribution = new CloudfrontDistribution(this, 'distribution', {
      enabled: true,
      comment: `Static assets of ${stage.name}`,
      aliases: [this.hostname],
      httpVersion: 'http2and3',
      isIpv6Enabled: true,
      priceClass: 'PriceClass_100',
      webAclId: this.webAcl?.arn,
      origin: [
        {
          originId: ORIGIN_ID,
          domainName: buckets.main.bucketRegionalDomainName,
          originPath: `/${STATIC_ASSETS_PREFIX}`,
          originAccessControlId: originAccess.id,
        },
      ],
      defaultCacheBehavior: {
        targetOriginId: ORIGIN_ID,
        viewerProtocolPolicy: 'redirect-to-https',
        allowedMethods: ['GET', 'HEAD', 'OPTIONS'],
        cachedMethods: ['GET', 'HEAD'],
        compress: true,
        cachePolicyId: CACHING_OPTIMIZED_POLICY_ID,
        responseHeadersPolicyId: headers.id,
      },
      viewerCertificate: {
        acmCertificateArn: certificate.certificateArn,
        sslSupportMethod: 'sni-only',
        minimumProtocolVersion: 'TLSv1.2_2021',
      },
      restrictions: { geoRestriction: { restrictionType: 'none' } },
      loggingConfig: {
        bucket: buckets.logs.bucketDomainName,
        prefix: `${LOG_PREFIXES.cloudFront}/`,
        includeCookies: false,
      },
      // CloudFront verifies at creation that it may write its logs through the bucket's ACL.
      dependsOn: [buckets.logsPolicy, ...(buckets.logsAcl ? [buckets.logsAcl] : [])],
    });
    buckets.serveStaticAssetsThrough(this.distribution.arn);

    new DnsRecord(this, 'dns', {
      zoneId: account.cloudflare.zoneId,
      name: this.hostname,
      type: 'CNAME',
      content: this.distribution.domainName,
      ttl: 300,
      // CloudFront terminates TLS for this name with its own certificate; a proxied record would hide it.
      proxied: false,
      comment: `CloudFront static assets of ${stage.name}`,
    });
  }

  private webAclFor(name: (suffix: string) => string, props: CdnProps): Wafv2WebAcl {
    const { stage, usEast1 } = props;
    const visibility = (metric: string) => ({
      cloudwatchMetricsEnabled: true,
      sampledRequestsEnabled: true,
      metricName: name(metric),
    });
    const webAcl = new Wafv2WebAcl(this, 'web-acl', {
      provider: usEast1,
      name: name('cdn'),
      description: 'CLOUDFRONT-scope web ACL of the static assets distribution',
      scope: 'CLOUDFRONT',
      defaultAction: { allow: {} },
      rule: [
        {
          name: 'rate-limit-per-ip',
          priority: 0,
          action: { block: {} },
          statement: {
            rate_based_statement: { limit: stage.edge.wafRateLimitPer5Min, aggregate_key_type: 'IP' },
          },
          visibilityConfig: visibility('cdn-waf-rate-ip'),
        },
        ...MANAGED_RULE_GROUPS.map((group, index) => ({
          name: group,
          priority: 10 + index,
          overrideAction: { none: {} },
          statement: { managed_rule_group_statement: { vendor_name: 'AWS', name: group } },
          visibilityConfig: visibility(`cdn-waf-${group}`),
        })),
      ],
      visibilityConfig: visibility('cdn-waf'),
    });
    const logs = new CloudwatchLogGroup(this, 'web-acl-logs', {
      provider: usEast1,
      name: `aws-waf-logs-${name('cdn')}`,
      retentionInDays: stage.observability.logRetentionDays,
      kmsKeyId: this.usEast1LogsKeyArn(props),
    });
    new Wafv2WebAclLoggingConfiguration(this, 'web-acl-logging', {
      provider: usEast1,
      resourceArn: webAcl.arn,
      logDestinationConfigs: [logs.arn],
      redactedFields: [{ singleHeader: { name: 'authorization' } }, { singleHeader: { name: 'cookie' } }],
    });
    return webAcl;
  }

  /** A log group must use a key of its own region: the stage's storage key if that is us-east-1, else a new one. */
  private usEast1LogsKeyArn(props: CdnProps): string {
    const { account, stage, context, usEast1 } = props;
    if (stage.region === CLOUDFRONT_REGION) return props.logsKey.arn;
    return new KmsKey(this, 'web-acl-logs-key', {
      provider: usEast1,
      description: `${resourceName(account, stage, 'cdn-waf-logs')}: CloudFront WAF logs in ${CLOUDFRONT_REGION}`,
      enableKeyRotation: true,
      deletionWindowInDays: 30,
      policy: policyDocument([
        accountRootKeyStatement(context),
        cloudWatchLogsKeyStatement(context, CLOUDFRONT_REGION),
      ]),
    }).arn;
  }
}
