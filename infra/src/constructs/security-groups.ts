import { SecurityGroup } from '@cdktf/provider-aws/lib/security-group';
import { VpcSecurityGroupEgressRule } from '@cdktf/provider-aws/lib/vpc-security-group-egress-rule';
import { VpcSecurityGroupIngressRule } from '@cdktf/provider-aws/lib/vpc-security-group-ingress-rule';
import type { AccountSettings, StageDefinition } from '@sigma-pli/config';
import { Construct } from 'constructs';
import { CLOUDFLARE_IP_RANGES } from '../data/cloudflare-ip-ranges';
import { resourceName } from '../naming';

export const POSTGRES_PORT = 5432;
export const REDIS_PORT = 6379;
const HTTPS_PORT = 443;
const HTTP_PORT = 80;

export interface SecurityGroupsProps {
  account: Pick<AccountSettings, 'project'>;
  stage: Pick<StageDefinition, 'name' | 'edge' | 'database' | 'cache'>;
  vpcId: string;
  /** Port Nginx listens on in the instances (the ALB target port). */
  instancePort: number;
}

/** Where a rule lets traffic come from or go to: address ranges or another security group. */
type Peer = { cidrIpv4: string } | { securityGroup: SecurityGroup };

/**
 * The stage's security groups and every rule between them (one rule resource each, each with a description):
 * ALB ← internet or Cloudflare; instances ← ALB on the Nginx port only; database and cache ← instances only.
 * There is no SSH rule anywhere: administration goes through SSM Session Manager.
 */
export class SecurityGroups extends Construct {
  readonly loadBalancer: SecurityGroup;
  readonly instances: SecurityGroup;
  /** Absent when the stage points at an existing database. */
  readonly database?: SecurityGroup;
  /** Absent when the stage runs no cache. */
  readonly cache?: SecurityGroup;

  constructor(scope: Construct, id: string, props: SecurityGroupsProps) {
    super(scope, id);
    const { account, stage, vpcId, instancePort } = props;
    const group = (suffix: string, description: string) =>
      new SecurityGroup(this, suffix, {
        // A prefix, not a name: a replacement group is created (under a new name) before the old one goes.
        namePrefix: `${resourceName(account, stage, suffix)}-`,
        description,
        vpcId,
        tags: { Name: resourceName(account, stage, suffix) },
        lifecycle: { createBeforeDestroy: true },
      });

    this.loadBalancer = group('alb', 'Application load balancer');
    this.instances = group('instances', 'App instances (Nginx + PM2)');

    if (stage.edge.cloudflareProxy) {
      // The ALB is IPv4-only and the zone's SSL mode is strict, so Cloudflare reaches it on 443 over IPv4 only.
      CLOUDFLARE_IP_RANGES.ipv4.forEach((cidr, index) => {
        this.ingress(
          `alb-https-cloudflare-${index}`,
          this.loadBalancer,
          HTTPS_PORT,
          { cidrIpv4: cidr },
          `HTTPS from Cloudflare ${cidr}`,
        );
      });
    } else {
      this.ingress(
        'alb-https-internet',
        this.loadBalancer,
        HTTPS_PORT,
        { cidrIpv4: '0.0.0.0/0' },
        'HTTPS from the internet',
      );
      this.ingress(
        'alb-http-internet',
        this.loadBalancer,
        HTTP_PORT,
        { cidrIpv4: '0.0.0.0/0' },
        'HTTP from the internet, redirected to HTTPS',
      );
    }
    this.egress(
      'alb-to-instances',
      this.loadBalancer,
      instancePort,
      { securityGroup: this.instances },
      'Requests and health checks to Nginx',
    );

    this.ingress(
      'instances-from-alb',
      this.instances,
      instancePort,
      { securityGroup: this.loadBalancer },
      'Nginx from the ALB only',
    );
    // AWS APIs (SSM, Secrets Manager, CloudWatch, S3) and the package repositories are all reached over HTTPS.
    this.egress(
      'instances-https',
      this.instances,
      HTTPS_PORT,
      { cidrIpv4: '0.0.0.0/0' },
      'HTTPS to AWS APIs and package repositories',
    );

    if (stage.database.mode === 'existing') {
      // A database created elsewhere is known only by host name, so its address range is not known here.
      this.egress(
        'instances-to-existing-database',
        this.instances,
        POSTGRES_PORT,
        { cidrIpv4: '0.0.0.0/0' },
        'PostgreSQL at the existing database',
      );
    }
    if (stage.database.mode === 'create') {
      this.database = group('database', 'PostgreSQL');
      this.ingress(
        'database-from-instances',
        this.database,
        POSTGRES_PORT,
        { securityGroup: this.instances },
        'PostgreSQL from the app instances',
      );
      this.egress(
        'instances-to-database',
        this.instances,
        POSTGRES_PORT,
        { securityGroup: this.database },
        'PostgreSQL',
      );
    }
    if (stage.cache.enabled) {
      this.cache = group('cache', 'Redis');
      this.ingress(
        'cache-from-instances',
        this.cache,
        REDIS_PORT,
        { securityGroup: this.instances },
        'Redis from the app instances',
      );
      this.egress('instances-to-cache', this.instances, REDIS_PORT, { securityGroup: this.cache }, 'Redis');
    }
  }

  private ingress(id: string, target: SecurityGroup, port: number, from: Peer, description: string): void {
    new VpcSecurityGroupIngressRule(this, id, {
      securityGroupId: target.id,
      ...tcpRule(port, from, description),
    });
  }

  private egress(id: string, source: SecurityGroup, port: number, to: Peer, description: string): void {
    new VpcSecurityGroupEgressRule(this, id, {
      securityGroupId: source.id,
      ...tcpRule(port, to, description),
    });
  }
}

function tcpRule(port: number, peer: Peer, description: string) {
  return {
    ipProtocol: 'tcp',
    fromPort: port,
    toPort: port,
    description,
    ...('cidrIpv4' in peer
      ? { cidrIpv4: peer.cidrIpv4 }
      : { referencedSecurityGroupId: peer.securityGroup.id }),
  };
}
