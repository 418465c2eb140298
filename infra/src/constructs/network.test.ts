import { beforeAll, describe, expect, it } from 'vitest';
import {
  onlyResource,
  parsePolicy,
  resourcesOf,
  type SynthJson,
  stageNamed,
  synthConstruct,
  testAccount,
} from '../test-support/synth-json';
import { Network, subnetCidr } from './network';

const FLOW_LOG_GROUP_ARN = 'arn:aws:logs:us-east-1:111122223333:log-group:/sigma-pli/test/vpc-flow-logs';

function synthNetwork(stageName: string, withFlowLogs = true): SynthJson {
  return synthConstruct((stack) => {
    new Network(stack, 'network', {
      account: testAccount(),
      stage: stageNamed(stageName),
      flowLogs: withFlowLogs ? { logGroupArn: FLOW_LOG_GROUP_ARN } : undefined,
    });
  });
}

describe('subnetCidr', () => {
  it('splits the VPC range like Terraform cidrsubnet()', () => {
    expect(subnetCidr('10.30.0.0/16', 4, 0)).toBe('10.30.0.0/20');
    expect(subnetCidr('10.30.0.0/16', 4, 9)).toBe('10.30.144.0/20');
    expect(subnetCidr('10.1.2.0/24', 4, 15)).toBe('10.1.2.240/28');
  });

  it('refuses subnets that do not fit', () => {
    expect(() => subnetCidr('10.1.2.0/24', 4, 16)).toThrow(/does not fit/);
    expect(() => subnetCidr('10.1.2.0/26', 4, 0)).toThrow(/too small/);
  });
});

describe('Network', () => {
  let mvp: SynthJson;
  let production: SynthJson;
  beforeAll(() => {
    mvp = synthNetwork('mvp');
    production = synthNetwork('production');
  });

  it('builds a VPC with DNS over the stage CIDR', () => {
    expect(onlyResource(mvp, 'aws_vpc')).toMatchObject({
      cidr_block: '10.10.0.0/16',
      enable_dns_hostnames: true,
      enable_dns_support: true,
    });
  });

  it('has a public and a private subnet per zone, none mapping public IPs, all inside the VPC', () => {
    const subnets = Object.values(resourcesOf(production, 'aws_subnet'));
    expect(subnets).toHaveLength(4);
    expect(subnets.map((subnet) => subnet.map_public_ip_on_launch)).toEqual([false, false, false, false]);
    expect(subnets.map((subnet) => subnet.cidr_block).sort()).toEqual([
      '10.30.0.0/20',
      '10.30.128.0/20',
      '10.30.144.0/20',
      '10.30.16.0/20',
    ]);
    expect(new Set(subnets.map((subnet) => subnet.availability_zone)).size).toBe(2);
  });

  it('uses one NAT gateway where the stage says single, one per zone where it says per-az', () => {
    expect(Object.keys(resourcesOf(mvp, 'aws_nat_gateway'))).toHaveLength(1);
    expect(Object.keys(resourcesOf(mvp, 'aws_eip'))).toHaveLength(1);
    const mvpNatRoutes = Object.values(resourcesOf(mvp, 'aws_route')).filter((route) => route.nat_gateway_id);
    expect(mvpNatRoutes).toHaveLength(2);
    expect(new Set(mvpNatRoutes.map((route) => route.nat_gateway_id)).size).toBe(1);

    const productionNatRoutes = Object.values(resourcesOf(production, 'aws_route')).filter(
      (route) => route.nat_gateway_id,
    );
    expect(Object.keys(resourcesOf(production, 'aws_nat_gateway'))).toHaveLength(2);
    expect(new Set(productionNatRoutes.map((route) => route.nat_gateway_id)).size).toBe(2);
  });

  it('sends public subnets to the internet gateway and keeps NAT gateways in public subnets', () => {
    const internetRoutes = Object.values(resourcesOf(mvp, 'aws_route')).filter((route) => route.gateway_id);
    expect(internetRoutes.map((route) => route.destination_cidr_block)).toEqual(['0.0.0.0/0']);
    for (const nat of Object.values(resourcesOf(production, 'aws_nat_gateway'))) {
      expect(String(nat.subnet_id)).toMatch(/public-subnet/);
    }
  });

  it('adds a free S3 gateway endpoint on every route table', () => {
    const endpoint = onlyResource(production, 'aws_vpc_endpoint');
    expect(endpoint).toMatchObject({
      service_name: 'com.amazonaws.us-east-1.s3',
      vpc_endpoint_type: 'Gateway',
    });
    expect(endpoint.route_table_ids).toHaveLength(
      Object.keys(resourcesOf(production, 'aws_route_table')).length,
    );
  });

  it('locks the default security group down to no rules', () => {
    const locked = onlyResource(mvp, 'aws_default_security_group');
    expect(locked.ingress ?? []).toEqual([]);
    expect(locked.egress ?? []).toEqual([]);
  });

  it('sends flow logs of all traffic to the given log group through a role scoped to it', () => {
    expect(onlyResource(mvp, 'aws_flow_log')).toMatchObject({
      traffic_type: 'ALL',
      log_destination_type: 'cloud-watch-logs',
      log_destination: FLOW_LOG_GROUP_ARN,
    });
    const role = onlyResource(mvp, 'aws_iam_role');
    expect(parsePolicy(role.assume_role_policy).Statement.map((statement) => statement.Principal)).toEqual([
      { Service: 'vpc-flow-logs.amazonaws.com' },
    ]);
    const statements = parsePolicy(onlyResource(mvp, 'aws_iam_role_policy').policy).Statement;
    expect(statements.map((statement) => statement.Resource)).toEqual([
      [FLOW_LOG_GROUP_ARN, `${FLOW_LOG_GROUP_ARN}:*`],
    ]);
  });

  it('creates no flow log without a log group', () => {
    const json = synthNetwork('mvp', false);
    expect(resourcesOf(json, 'aws_flow_log')).toEqual({});
    expect(resourcesOf(json, 'aws_iam_role')).toEqual({});
  });
});
