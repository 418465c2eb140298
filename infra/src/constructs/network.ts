import { DataAwsAvailabilityZones } from '@cdktf/provider-aws/lib/data-aws-availability-zones';
import { DefaultSecurityGroup } from '@cdktf/provider-aws/lib/default-security-group';
import { Eip } from '@cdktf/provider-aws/lib/eip';
import { FlowLog } from '@cdktf/provider-aws/lib/flow-log';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { IamRolePolicy } from '@cdktf/provider-aws/lib/iam-role-policy';
import { InternetGateway } from '@cdktf/provider-aws/lib/internet-gateway';
import { NatGateway } from '@cdktf/provider-aws/lib/nat-gateway';
import { Route } from '@cdktf/provider-aws/lib/route';
import { RouteTable } from '@cdktf/provider-aws/lib/route-table';
import { RouteTableAssociation } from '@cdktf/provider-aws/lib/route-table-association';
import { Subnet } from '@cdktf/provider-aws/lib/subnet';
import { Vpc } from '@cdktf/provider-aws/lib/vpc';
import { VpcEndpoint } from '@cdktf/provider-aws/lib/vpc-endpoint';
import type { AccountSettings, StageDefinition } from '@sigma-pli/config';
import { Fn } from 'cdktf';
import { Construct } from 'constructs';
import { resourceName } from '../naming';
import { policyDocument } from '../policy';
import { serviceTrustPolicy } from '../trust-policy';

export interface NetworkProps {
  account: Pick<AccountSettings, 'project'>;
  stage: Pick<StageDefinition, 'name' | 'region' | 'network'>;
  /** Where VPC flow logs go (the stage's flow-log group); no flow log without it. */
  flowLogs?: { logGroupArn: string };
}

/** Bits added to the VPC prefix for each subnet: a /16 VPC gets /20 subnets (4,091 usable addresses each). */
const SUBNET_NEW_BITS = 4;
/** Private subnets start at this subnet number, leaving room for more public ones without renumbering. */
const PRIVATE_SUBNET_OFFSET = 8;

/** `cidrsubnet()` computed at synth time, so that the synthesized JSON (and its tests) hold real ranges. */
export function subnetCidr(vpcCidr: string, newBits: number, netNum: number): string {
  const [address = '', prefixText] = vpcCidr.split('/');
  const prefix = Number(prefixText) + newBits;
  if (prefix > 28) throw new Error(`${vpcCidr} is too small for subnets of /${prefix}`);
  if (netNum >= 2 ** newBits)
    throw new Error(`subnet ${netNum} does not fit in ${vpcCidr} with ${newBits} new bits`);
  const base = address.split('.').reduce((value, octet) => value * 256 + Number(octet), 0);
  const start = base + netNum * 2 ** (32 - prefix);
  const octets = [24, 16, 8, 0].map((shift) => Math.floor(start / 2 ** shift) % 256);
  return `${octets.join('.')}/${prefix}`;
}

/**
 * The stage's VPC: one public and one private subnet per availability zone, NAT egress for the private subnets
 * (one gateway, or one per zone, as the stage says), a free S3 gateway endpoint, the default security group
 * stripped of every rule, and flow logs.
 */
export class Network extends Construct {
  readonly vpc: Vpc;
  readonly publicSubnets: Subnet[];
  readonly privateSubnets: Subnet[];
  readonly natGateways: NatGateway[];

  constructor(scope: Construct, id: string, props: NetworkProps) {
    super(scope, id);
    const { account, stage } = props;
    const { cidr, azCount, natGateways } = stage.network;
    const name = (suffix: string) => resourceName(account, stage, suffix);

    this.vpc = new Vpc(this, 'vpc', {
      cidrBlock: cidr,
      enableDnsHostnames: true,
      enableDnsSupport: true,
      tags: { Name: name('vpc') },
    });
    // Adopting the default security group with no rule blocks removes all of its rules: nothing can use it.
    new DefaultSecurityGroup(this, 'default-security-group', {
      vpcId: this.vpc.id,
      tags: { Name: name('default-locked') },
    });

    const zones = new DataAwsAvailabilityZones(this, 'zones', { state: 'available' });
    const zoneIndexes = [...Array(azCount).keys()];
    const subnet = (tier: 'public' | 'private', index: number) =>
      new Subnet(this, `${tier}-subnet-${index}`, {
        vpcId: this.vpc.id,
        availabilityZone: Fn.element(zones.names, index),
        cidrBlock: subnetCidr(
          cidr,
          SUBNET_NEW_BITS,
          (tier === 'private' ? PRIVATE_SUBNET_OFFSET : 0) + index,
        ),
        // Nothing gets a public address by accident: the ALB and NAT gateways get theirs explicitly.
        mapPublicIpOnLaunch: false,
        tags: { Name: name(`${tier}-${index}`), tier },
      });
    this.publicSubnets = zoneIndexes.map((index) => subnet('public', index));
    this.privateSubnets = zoneIndexes.map((index) => subnet('private', index));

    const internetGateway = new InternetGateway(this, 'internet-gateway', {
      vpcId: this.vpc.id,
      tags: { Name: name('igw') },
    });
    const publicRoutes = new RouteTable(this, 'public-routes', {
      vpcId: this.vpc.id,
      tags: { Name: name('public') },
    });
    new Route(this, 'public-default-route', {
      routeTableId: publicRoutes.id,
      destinationCidrBlock: '0.0.0.0/0',
      gatewayId: internetGateway.id,
    });
    this.publicSubnets.forEach((publicSubnet, index) => {
      new RouteTableAssociation(this, `public-association-${index}`, {
        subnetId: publicSubnet.id,
        routeTableId: publicRoutes.id,
      });
    });

    const natCount = natGateways === 'per-az' ? azCount : 1;
    this.natGateways = this.publicSubnets.slice(0, natCount).map((publicSubnet, index) => {
      const address = new Eip(this, `nat-address-${index}`, {
        domain: 'vpc',
        tags: { Name: name(`nat-${index}`) },
      });
      return new NatGateway(this, `nat-gateway-${index}`, {
        allocationId: address.allocationId,
        subnetId: publicSubnet.id,
        tags: { Name: name(`nat-${index}`) },
        dependsOn: [internetGateway],
      });
    });

    // One private route table per zone, so that switching between one NAT and one per zone changes routes only.
    const natGatewayOf = (zoneIndex: number): NatGateway => {
      const gateway = this.natGateways[zoneIndex % natCount];
      if (!gateway) throw new Error(`no NAT gateway for zone ${zoneIndex}`);
      return gateway;
    };
    const privateRoutes = this.privateSubnets.map((privateSubnet, index) => {
      const table = new RouteTable(this, `private-routes-${index}`, {
        vpcId: this.vpc.id,
        tags: { Name: name(`private-${index}`) },
      });
      new Route(this, `private-default-route-${index}`, {
        routeTableId: table.id,
        destinationCidrBlock: '0.0.0.0/0',
        natGatewayId: natGatewayOf(index).id,
      });
      new RouteTableAssociation(this, `private-association-${index}`, {
        subnetId: privateSubnet.id,
        routeTableId: table.id,
      });
      return table;
    });

    // Gateway endpoints cost nothing and keep S3 traffic (releases, uploads, backups) off the NAT gateways.
    new VpcEndpoint(this, 's3-endpoint', {
      vpcId: this.vpc.id,
      serviceName: `com.amazonaws.${stage.region}.s3`,
      vpcEndpointType: 'Gateway',
      routeTableIds: [publicRoutes.id, ...privateRoutes.map((table) => table.id)],
      tags: { Name: name('s3') },
    });

    if (props.flowLogs) this.addFlowLogs(props.flowLogs.logGroupArn, name);
  }

  private addFlowLogs(logGroupArn: string, name: (suffix: string) => string): void {
    const role = new IamRole(this, 'flow-logs-role', {
      name: name('vpc-flow-logs'),
      assumeRolePolicy: serviceTrustPolicy('vpc-flow-logs.amazonaws.com'),
    });
    new IamRolePolicy(this, 'flow-logs-policy', {
      role: role.id,
      name: 'write-flow-log-group',
      policy: policyDocument([
        {
          Effect: 'Allow',
          Action: ['logs:CreateLogStream', 'logs:PutLogEvents', 'logs:DescribeLogStreams'],
          Resource: [logGroupArn, `${logGroupArn}:*`],
        },
      ]),
    });
    new FlowLog(this, 'flow-log', {
      vpcId: this.vpc.id,
      trafficType: 'ALL',
      logDestinationType: 'cloud-watch-logs',
      logDestination: logGroupArn,
      iamRoleArn: role.arn,
      maxAggregationInterval: 60,
      tags: { Name: name('vpc') },
    });
  }
}
