import { Vpc } from '@cdktf/provider-aws/lib/vpc';
import { beforeAll, describe, expect, it } from 'vitest';
import { CLOUDFLARE_IP_RANGES } from '../data/cloudflare-ip-ranges';
import {
  resourcesOf,
  type SynthJson,
  stageNamed,
  synthConstruct,
  testAccount,
  tfRef,
} from '../test-support/synth-json';
import { SecurityGroups } from './security-groups';

const NGINX_PORT = 8080;

function synthGroups(stageName: string, databaseMode?: 'existing'): SynthJson {
  const base = stageNamed(stageName);
  const stage = databaseMode ? { ...base, database: { ...base.database, mode: databaseMode } } : base;
  return synthConstruct((stack) => {
    const vpc = new Vpc(stack, 'vpc', { cidrBlock: '10.0.0.0/16' });
    new SecurityGroups(stack, 'sg', {
      account: testAccount(),
      stage,
      vpcId: vpc.id,
      instancePort: NGINX_PORT,
    });
  });
}

type Rule = Record<string, unknown>;
const ingressRules = (json: SynthJson): Rule[] =>
  Object.values(resourcesOf(json, 'aws_vpc_security_group_ingress_rule'));
const egressRules = (json: SynthJson): Rule[] =>
  Object.values(resourcesOf(json, 'aws_vpc_security_group_egress_rule'));
const groupRef = (json: SynthJson, suffix: string): string => {
  const id = Object.keys(resourcesOf(json, 'aws_security_group')).find((key) =>
    key.startsWith(`sg_${suffix}_`),
  );
  if (!id) throw new Error(`no security group ${suffix}`);
  return tfRef(`aws_security_group.${id}.id`);
};
const rulesOf = (rules: Rule[], groupId: string) =>
  rules.filter((rule) => rule.security_group_id === groupId);

describe('SecurityGroups', () => {
  const stages: Record<string, SynthJson> = {};
  beforeAll(() => {
    for (const name of ['mvp', 'growth', 'production']) stages[name] = synthGroups(name);
  });

  it('describes every rule and opens single TCP ports only', () => {
    for (const json of Object.values(stages)) {
      for (const rule of [...ingressRules(json), ...egressRules(json)]) {
        expect(rule.description).toEqual(expect.any(String));
        expect(rule.ip_protocol).toBe('tcp');
        expect(rule.from_port).toBe(rule.to_port);
      }
    }
  });

  it('admits the internet only on 80/443 of the ALB, and only where the stage is not behind Cloudflare', () => {
    const mvp = stages.mvp as SynthJson;
    const open = ingressRules(mvp).filter((rule) => rule.cidr_ipv4 === '0.0.0.0/0');
    expect(open.map((rule) => rule.from_port).sort()).toEqual([443, 80]);
    expect(open.every((rule) => rule.security_group_id === groupRef(mvp, 'alb'))).toBe(true);
    for (const name of ['growth', 'production']) {
      expect(ingressRules(stages[name] as SynthJson).some((rule) => rule.cidr_ipv4 === '0.0.0.0/0')).toBe(
        false,
      );
    }
  });

  it('admits exactly the Cloudflare ranges on 443 where the stage is proxied', () => {
    const production = stages.production as SynthJson;
    const albRules = rulesOf(ingressRules(production), groupRef(production, 'alb'));
    expect(albRules.map((rule) => rule.cidr_ipv4).sort()).toEqual([...CLOUDFLARE_IP_RANGES.ipv4].sort());
    expect(new Set(albRules.map((rule) => rule.from_port))).toEqual(new Set([443]));
  });

  it('lets instances be reached only from the ALB, on the Nginx port, and never on SSH', () => {
    for (const json of Object.values(stages)) {
      const instanceRules = rulesOf(ingressRules(json), groupRef(json, 'instances'));
      expect(instanceRules).toEqual([
        expect.objectContaining({
          from_port: NGINX_PORT,
          referenced_security_group_id: groupRef(json, 'alb'),
        }),
      ]);
      expect(instanceRules.some((rule) => 'cidr_ipv4' in rule)).toBe(false);
      expect(ingressRules(json).some((rule) => rule.from_port === 22)).toBe(false);
    }
  });

  it('lets the database and cache be reached only from the instances', () => {
    const production = stages.production as SynthJson;
    expect(rulesOf(ingressRules(production), groupRef(production, 'database'))).toEqual([
      expect.objectContaining({
        from_port: 5432,
        referenced_security_group_id: groupRef(production, 'instances'),
      }),
    ]);
    expect(rulesOf(ingressRules(production), groupRef(production, 'cache'))).toEqual([
      expect.objectContaining({
        from_port: 6379,
        referenced_security_group_id: groupRef(production, 'instances'),
      }),
    ]);
  });

  it('creates the cache group only where the stage runs a cache', () => {
    const names = (json: SynthJson) =>
      Object.values(resourcesOf(json, 'aws_security_group'))
        .map((group) => group.name_prefix)
        .sort();
    expect(names(stages.mvp as SynthJson)).toEqual([
      'sigma-pli-mvp-alb-',
      'sigma-pli-mvp-database-',
      'sigma-pli-mvp-instances-',
    ]);
    expect(names(stages.production as SynthJson)).toContain('sigma-pli-production-cache-');
  });

  it('limits instance egress to HTTPS and the data stores', () => {
    const production = stages.production as SynthJson;
    const egress = rulesOf(egressRules(production), groupRef(production, 'instances'));
    expect(egress.map((rule) => rule.from_port).sort()).toEqual([443, 5432, 6379]);
    expect(egress.filter((rule) => rule.cidr_ipv4 === '0.0.0.0/0').map((rule) => rule.from_port)).toEqual([
      443,
    ]);
  });

  it('lets instances reach an existing database, known only by name, on 5432 and creates no database group', () => {
    const json = synthGroups('mvp', 'existing');
    const egress = rulesOf(egressRules(json), groupRef(json, 'instances'));
    expect(egress.find((rule) => rule.from_port === 5432)).toMatchObject({ cidr_ipv4: '0.0.0.0/0' });
    expect(
      Object.keys(resourcesOf(json, 'aws_security_group')).some((id) => id.startsWith('sg_database_')),
    ).toBe(false);
  });
});
