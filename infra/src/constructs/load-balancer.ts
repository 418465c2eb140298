import { Lb } from '@cdktf/provider-aws/lib/lb';
import { LbListener } from '@cdktf/provider-aws/lib/lb-listener';
import { LbTargetGroup } from '@cdktf/provider-aws/lib/lb-target-group';
import type { AccountSettings, StageDefinition } from '@sigma-pli/config';
import type { ITerraformDependable } from 'cdktf';
import { Construct } from 'constructs';
import { resourceName } from '../naming';

/** TLS 1.3 with TLS 1.2 fallback, forward-secret ciphers only. */
export const TLS_POLICY = 'ELBSecurityPolicy-TLS13-1-2-2021-06';
/** The app's readiness route: 200 only when the database (and cache) answer. */
export const READINESS_PATH = '/health/ready';
/** ELBv2 limit on load balancer and target group names. */
const MAX_NAME_LENGTH = 32;

/** Seconds the ALB keeps sending in-flight requests to a target that leaves; PM2 reloads finish well within it. */
const DEREGISTRATION_DELAY_SECONDS = 30;

export interface LoadBalancerProps {
  account: Pick<AccountSettings, 'project'>;
  stage: Pick<StageDefinition, 'name' | 'edge'>;
  vpcId: string;
  publicSubnetIds: string[];
  securityGroupId: string;
  /** Issued (validated) certificate for the HTTPS listener. */
  certificateArn: string;
  /** Port Nginx listens on in the instances. */
  targetPort: number;
  /** Access logs destination; `dependsOn` is the bucket policy that lets the ALB write there. */
  accessLogs?: { bucket: string; prefix: string; dependsOn?: ITerraformDependable[] };
}

/**
 * Internet-facing ALB: HTTP only redirects to HTTPS, HTTPS forwards to the instances' Nginx. Header hygiene
 * (invalid headers dropped, defensive desync mitigation) is on for every stage; deletion protection as the stage says.
 */
export class LoadBalancer extends Construct {
  readonly loadBalancer: Lb;
  readonly targetGroup: LbTargetGroup;
  readonly httpsListener: LbListener;

  constructor(scope: Construct, id: string, props: LoadBalancerProps) {
    super(scope, id);
    const { account, stage, accessLogs } = props;
    const name = (suffix: string) => {
      const value = resourceName(account, stage, suffix);
      if (value.length > MAX_NAME_LENGTH) {
        throw new Error(
          `${value} is longer than the ${MAX_NAME_LENGTH} characters ELB allows: shorten the project or stage name`,
        );
      }
      return value;
    };

    this.loadBalancer = new Lb(this, 'alb', {
      name: name('alb'),
      loadBalancerType: 'application',
      internal: false,
      ipAddressType: 'ipv4',
      subnets: props.publicSubnetIds,
      securityGroups: [props.securityGroupId],
      dropInvalidHeaderFields: true,
      desyncMitigationMode: 'defensive',
      // Behind Cloudflare the ALB's peer is a Cloudflare edge, which has already appended the client to
      // X-Forwarded-For; appending the edge as well would make Nginx (which trusts only the VPC) take the edge for
      // the client. Directly on the internet the ALB appends the client itself.
      xffHeaderProcessingMode: stage.edge.cloudflareProxy ? 'preserve' : 'append',
      enableDeletionProtection: stage.edge.loadBalancerDeletionProtection,
      idleTimeout: 60,
      accessLogs: accessLogs
        ? { bucket: accessLogs.bucket, prefix: accessLogs.prefix, enabled: true }
        : undefined,
      dependsOn: accessLogs?.dependsOn,
    });

    this.targetGroup = new LbTargetGroup(this, 'app', {
      name: name('app'),
      vpcId: props.vpcId,
      port: props.targetPort,
      protocol: 'HTTP',
      targetType: 'instance',
      deregistrationDelay: String(DEREGISTRATION_DELAY_SECONDS),
      // A failing instance leaves rotation after 2 × 10 s; a new one joins after 2 good checks.
      healthCheck: {
        enabled: true,
        path: READINESS_PATH,
        port: 'traffic-port',
        protocol: 'HTTP',
        matcher: '200',
        interval: 10,
        timeout: 5,
        healthyThreshold: 2,
        unhealthyThreshold: 2,
      },
      // Sessions live in PostgreSQL/Redis, so any instance can serve any request.
      stickiness: { type: 'lb_cookie', enabled: false },
    });

    new LbListener(this, 'http', {
      loadBalancerArn: this.loadBalancer.arn,
      port: 80,
      protocol: 'HTTP',
      defaultAction: [
        { type: 'redirect', redirect: { protocol: 'HTTPS', port: '443', statusCode: 'HTTP_301' } },
      ],
    });
    this.httpsListener = new LbListener(this, 'https', {
      loadBalancerArn: this.loadBalancer.arn,
      port: 443,
      protocol: 'HTTPS',
      sslPolicy: TLS_POLICY,
      certificateArn: props.certificateArn,
      defaultAction: [{ type: 'forward', targetGroupArn: this.targetGroup.arn }],
    });
  }
}
