import { block, blocks, isTrue, resourceRule } from './helpers';

const DISTRIBUTION = ['aws_cloudfront_distribution'];
const SECURE_VIEWER_POLICIES = ['redirect-to-https', 'https-only'];
/** CloudFront security policies with TLS 1.2 as the minimum. */
const TLS12_POLICIES = ['TLSv1.2_2018', 'TLSv1.2_2019', 'TLSv1.2_2021', 'TLSv1.2_2025', 'TLSv1.3_2025'];

export const CLOUDFRONT_RULES = [
  resourceRule({
    id: 'cloudfront-https-only',
    title: 'CloudFront serves viewers over HTTPS only',
    severity: 'high',
    checkov: ['CKV_AWS_34'],
    trivy: ['AVD-AWS-0012'],
    fsbp: ['CloudFront.3'],
    fix: 'Set viewer_protocol_policy = "redirect-to-https" on the default and every ordered cache behavior.',
    resourceTypes: DISTRIBUTION,
    check: (distribution) => {
      const behaviors = [
        block(distribution.config, 'default_cache_behavior'),
        ...blocks(distribution.config.ordered_cache_behavior),
      ];
      const plain = behaviors.filter(
        (behavior) => !SECURE_VIEWER_POLICIES.includes(String(behavior.viewer_protocol_policy)),
      );
      return plain.length === 0 ? undefined : `${plain.length} cache behavior(s) allow plain HTTP`;
    },
  }),
  resourceRule({
    id: 'cloudfront-tls',
    title: 'CloudFront requires TLS 1.2 or later',
    severity: 'high',
    checkov: ['CKV_AWS_174'],
    trivy: ['AVD-AWS-0013'],
    fsbp: ['CloudFront.10'],
    fix: 'Use an ACM certificate with minimum_protocol_version = "TLSv1.2_2021" (the default certificate allows TLS 1.0).',
    resourceTypes: DISTRIBUTION,
    check: (distribution) => {
      const certificate = block(distribution.config, 'viewer_certificate');
      if (isTrue(certificate.cloudfront_default_certificate))
        return 'the default *.cloudfront.net certificate allows TLS 1.0';
      return TLS12_POLICIES.includes(String(certificate.minimum_protocol_version))
        ? undefined
        : `minimum_protocol_version is ${String(certificate.minimum_protocol_version)}`;
    },
  }),
  resourceRule({
    id: 'cloudfront-waf',
    title: 'CloudFront is protected by a WAF web ACL where the stage enables AWS WAF',
    severity: 'medium',
    checkov: ['CKV_AWS_68'],
    trivy: ['AVD-AWS-0011'],
    fsbp: ['CloudFront.6'],
    fix: 'Set web_acl_id to a CLOUDFRONT-scope aws_wafv2_web_acl.',
    resourceTypes: DISTRIBUTION,
    applies: (_distribution, context) => context.stage?.edge.awsWaf === true,
    check: (distribution) => (distribution.config.web_acl_id ? undefined : 'web_acl_id is not set'),
  }),
  resourceRule({
    id: 'cloudfront-logging',
    title: 'CloudFront logs requests',
    severity: 'medium',
    checkov: ['CKV_AWS_86'],
    trivy: ['AVD-AWS-0010'],
    fsbp: ['CloudFront.5'],
    fix: 'Set logging_config { bucket = logs.bucket_domain_name, prefix = "cloudfront/" }.',
    resourceTypes: DISTRIBUTION,
    check: (distribution) =>
      block(distribution.config, 'logging_config').bucket ? undefined : 'logging_config has no bucket',
  }),
  resourceRule({
    id: 'cloudfront-oac',
    title: 'CloudFront reaches S3 origins through an Origin Access Control',
    severity: 'high',
    checkov: [],
    trivy: [],
    fsbp: ['CloudFront.13'],
    fix: 'Create aws_cloudfront_origin_access_control (signing sigv4, always) and set origin_access_control_id on each S3 origin.',
    resourceTypes: DISTRIBUTION,
    check: (distribution, context) => {
      const origins = blocks(distribution.config.origin);
      const s3Origins = origins.filter(
        (origin) =>
          String(origin.domain_name).includes('.s3.') ||
          context.document.referencedIn(origin.domain_name, 'aws_s3_bucket').length > 0,
      );
      const bare = s3Origins.filter((origin) => !origin.origin_access_control_id);
      return bare.length === 0
        ? undefined
        : `S3 origin(s) without an OAC: ${bare.map((o) => String(o.origin_id)).join(', ')}`;
    },
  }),
];
