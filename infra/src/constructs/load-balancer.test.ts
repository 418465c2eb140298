import { S3Bucket } from '@cdktf/provider-aws/lib/s3-bucket';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  onlyResource,
  resourcesOf,
  type SynthJson,
  stageNamed,
  synthConstruct,
  testAccount,
  tfRef,
} from '../test-support/synth-json';
import { LoadBalancer } from './load-balancer';

const CERTIFICATE_ARN = 'arn:aws:acm:us-east-1:111122223333:certificate/00000000-0000-0000-0000-000000000000';

function synthLoadBalancer(stageName: string, withLogs: boolean): SynthJson {
  return synthConstruct((stack) => {
    const logs = new S3Bucket(stack, 'logs', { bucket: 'example-logs' });
    new LoadBalancer(stack, 'edge', {
      account: testAccount(),
      stage: stageNamed(stageName),
      vpcId: 'vpc-0example',
      publicSubnetIds: ['subnet-0a', 'subnet-0b'],
      securityGroupId: 'sg-0alb',
      certificateArn: CERTIFICATE_ARN,
      targetPort: 8080,
      accessLogs: withLogs ? { bucket: logs.bucket, prefix: 'alb', dependsOn: [logs] } : undefined,
    });
  });
}

describe('LoadBalancer', () => {
  let mvp: SynthJson;
  let production: SynthJson;
  beforeAll(() => {
    mvp = synthLoadBalancer('mvp', false);
    production = synthLoadBalancer('production', true);
  });

  it('is an internet-facing ALB in the public subnets that drops invalid headers and mitigates desync defensively', () => {
    expect(onlyResource(mvp, 'aws_lb')).toMatchObject({
      name: 'sigma-pli-mvp-alb',
      load_balancer_type: 'application',
      internal: false,
      subnets: ['subnet-0a', 'subnet-0b'],
      security_groups: ['sg-0alb'],
      drop_invalid_header_fields: true,
      desync_mitigation_mode: 'defensive',
    });
  });

  it('keeps the client Cloudflare put last in X-Forwarded-For, and appends it itself without Cloudflare', () => {
    expect(onlyResource(production, 'aws_lb').xff_header_processing_mode).toBe('preserve');
    expect(onlyResource(mvp, 'aws_lb').xff_header_processing_mode).toBe('append');
  });

  it('turns deletion protection on where the stage asks for it', () => {
    expect(onlyResource(mvp, 'aws_lb').enable_deletion_protection).toBe(false);
    expect(onlyResource(production, 'aws_lb').enable_deletion_protection).toBe(true);
  });

  it('writes access logs to the given bucket after its policy exists', () => {
    const alb = onlyResource(production, 'aws_lb');
    expect(alb.access_logs).toEqual({
      bucket: tfRef('aws_s3_bucket.logs.bucket'),
      prefix: 'alb',
      enabled: true,
    });
    expect(alb.depends_on).toEqual(['aws_s3_bucket.logs']);
    expect(onlyResource(mvp, 'aws_lb').access_logs).toBeUndefined();
  });

  it('redirects HTTP to HTTPS permanently', () => {
    const http = Object.values(resourcesOf(mvp, 'aws_lb_listener')).find((listener) => listener.port === 80);
    expect(http?.default_action).toEqual([
      { type: 'redirect', redirect: { protocol: 'HTTPS', port: '443', status_code: 'HTTP_301' } },
    ]);
  });

  it('terminates TLS 1.2+/1.3 with the validated certificate and forwards to the target group', () => {
    const https = Object.values(resourcesOf(mvp, 'aws_lb_listener')).find(
      (listener) => listener.port === 443,
    );
    expect(https).toMatchObject({
      protocol: 'HTTPS',
      ssl_policy: 'ELBSecurityPolicy-TLS13-1-2-2021-06',
      certificate_arn: CERTIFICATE_ARN,
    });
    expect(https?.default_action).toEqual([
      { type: 'forward', target_group_arn: expect.stringMatching(/^\$\{aws_lb_target_group\..*\.arn\}$/) },
    ]);
  });

  it('checks readiness on the Nginx port tightly, drains fast and never pins sessions', () => {
    expect(onlyResource(mvp, 'aws_lb_target_group')).toMatchObject({
      port: 8080,
      protocol: 'HTTP',
      deregistration_delay: '30',
      health_check: {
        path: '/health/ready',
        matcher: '200',
        interval: 10,
        healthy_threshold: 2,
        unhealthy_threshold: 2,
      },
      stickiness: { type: 'lb_cookie', enabled: false },
    });
  });

  it('refuses names longer than ELB allows, saying which', () => {
    const stage = { ...stageNamed('mvp'), name: 'a-very-long-stage-name-indeed' };
    expect(() =>
      synthConstruct((stack) => {
        new LoadBalancer(stack, 'edge', {
          account: testAccount(),
          stage,
          vpcId: 'vpc-0example',
          publicSubnetIds: ['subnet-0a'],
          securityGroupId: 'sg-0alb',
          certificateArn: CERTIFICATE_ARN,
          targetPort: 8080,
        });
      }),
    ).toThrow(/sigma-pli-a-very-long-stage-name-indeed-alb is longer than the 32 characters/);
  });
});
