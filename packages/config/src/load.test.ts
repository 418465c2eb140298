import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError } from './errors';
import {
  instanceArchitecture,
  loadPlatformConfig,
  type PlatformConfigFile,
  stackName,
  stateKey,
} from './load';

function issuesOf(load: () => unknown): { field: string; message: string }[] {
  try {
    load();
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return [...(error as ConfigError).issues];
  }
  throw new Error('expected a ConfigError');
}

const loadWith =
  (file: PlatformConfigFile, env: NodeJS.ProcessEnv = {}) =>
  () =>
    loadPlatformConfig({ env, file });

describe('loadPlatformConfig', () => {
  it('validates the three built-in stages in deployment order', () => {
    const config = loadPlatformConfig({ env: {}, file: {} });
    expect(config.stages.map((stage) => stage.name)).toEqual(['mvp', 'growth', 'production']);
    expect(config.stages.map((stage) => stage.budget.architectureEstimateUsd)).toEqual([36.2, 69.2, 253.7]);
    for (const stage of config.stages) {
      expect(stage.region).toBe('us-east-1');
      expect(stage.targets).toEqual({
        p95LatencyMs: 200,
        uptimePercent: 99.9,
        minRequestsPerMinute: 1000,
        maxErrorRatePercent: 0.1,
      });
    }
  });

  it('follows the architecture phases: sizes, Multi-AZ, replica, cache, WAF', () => {
    const [mvp, growth, production] = loadPlatformConfig({ env: {}, file: {} }).stages;
    expect([mvp?.compute.minSize, mvp?.compute.maxSize]).toEqual([1, 1]);
    expect([growth?.compute.minSize, growth?.compute.maxSize]).toEqual([1, 3]);
    expect([production?.compute.minSize, production?.compute.maxSize]).toEqual([2, 5]);
    expect([mvp?.database.multiAz, growth?.database.multiAz, production?.database.multiAz]).toEqual([
      false,
      true,
      true,
    ]);
    expect(production?.database.readReplica).not.toBeNull();
    expect([mvp?.cache.enabled, growth?.cache.enabled, production?.cache.enabled]).toEqual([
      false,
      false,
      true,
    ]);
    expect([
      mvp?.edge.cloudflareProxy,
      growth?.edge.cloudflareProxy,
      production?.edge.cloudflareProxy,
    ]).toEqual([false, true, true]);
    expect(production?.edge.awsWaf).toBe(true);
  });

  it('applies account settings from the environment over the file', () => {
    const config = loadPlatformConfig({
      env: { SIGMA_REGION: 'sa-east-1', SIGMA_STATE_BUCKET: 'acme-tfstate', SIGMA_APEX_REDIRECT: 'false' },
      file: {
        account: {
          region: 'eu-west-1',
          domain: 'cadastro.example.org',
          appHostname: 'www.cadastro.example.org',
        },
      },
    });
    expect(config.account.region).toBe('sa-east-1');
    expect(config.account.domain).toBe('cadastro.example.org');
    expect(config.account.state.bucket).toBe('acme-tfstate');
    expect(config.account.apexRedirect).toBe(false);
    expect(config.stages.every((stage) => stage.region === 'sa-east-1')).toBe(true);
  });

  it('reads the file named by SIGMA_CONFIG_FILE and adds a stage that extends a built-in one', () => {
    const dir = mkdtempSync(join(tmpdir(), 'sigma-config-'));
    writeFileSync(
      join(dir, 'platform.json'),
      JSON.stringify({
        stages: {
          production: { compute: { maxSize: 8 } },
          'production-sa': {
            extends: 'production',
            region: 'sa-east-1',
            network: { cidr: '10.40.0.0/16' },
            edge: { hostLabel: 'sa', cloudflareZoneOwner: false },
          },
        },
      }),
    );
    const config = loadPlatformConfig({ env: { SIGMA_CONFIG_FILE: 'platform.json' }, cwd: dir });
    const names = config.stages.map((stage) => stage.name);
    expect(names).toEqual(['mvp', 'growth', 'production', 'production-sa']);
    const second = config.stages[3]!;
    expect(second.region).toBe('sa-east-1');
    expect(second.compute.instanceType).toBe('t4g.medium');
    expect(second.compute.maxSize).toBe(5); // overrides of `production` do not leak into stages extending the seed
    expect(config.stages[2]!.compute.maxSize).toBe(8);
    expect(stackName(config.account, second)).toBe('sigma-pli-production-sa');
    expect(stateKey(second)).toBe('stages/production-sa/terraform.tfstate');
  });

  it('rejects two stages serving one host name or owning one zone or regional singleton, naming the fields', () => {
    const issues = issuesOf(loadWith({ stages: { 'production-2': { extends: 'production' } } }));
    expect(issues.map((issue) => issue.field)).toEqual([
      'stages.production-2.edge.hostLabel',
      'stages.production-2.edge.cloudflareZoneOwner',
      'stages.production-2.audit.ebsEncryptionByDefault',
      'stages.production-2.audit.awsConfig',
    ]);
    expect(issues[0]?.message).toMatch(/as stage production does/);
    expect(issues[2]?.message).toBe(
      'stage production already owns EBS encryption by default in us-east-1; only one stage per region may',
    );
  });

  it("lets a stage in another region own that region's singletons", () => {
    const config = loadPlatformConfig({
      env: {},
      file: {
        stages: {
          'production-sa': {
            extends: 'production',
            region: 'sa-east-1',
            edge: { hostLabel: 'sa', cloudflareZoneOwner: false },
          },
        },
      },
    });
    expect(config.stages.filter((stage) => stage.audit.awsConfig).map((stage) => stage.region)).toEqual([
      'us-east-1',
      'sa-east-1',
    ]);
  });

  it('selects stages with SIGMA_STAGES and rejects unknown names', () => {
    expect(
      loadPlatformConfig({ env: { SIGMA_STAGES: 'production' }, file: {} }).stages.map((s) => s.name),
    ).toEqual(['production']);
    expect(issuesOf(loadWith({}, { SIGMA_STAGES: 'mvp,staging' }))).toEqual([
      { field: 'SIGMA_STAGES', message: 'unknown stage "staging"' },
    ]);
  });

  it('names the field of a negative ASG size', () => {
    const issues = issuesOf(loadWith({ stages: { growth: { compute: { minSize: -1 } } } }));
    expect(issues.map((issue) => issue.field)).toContain('stages.growth.compute.minSize');
  });

  it('rejects max < min and a desired capacity outside the range', () => {
    const issues = issuesOf(
      loadWith({ stages: { production: { compute: { minSize: 4, maxSize: 3, desiredCapacity: 2 } } } }),
    );
    expect(issues).toContainEqual({
      field: 'stages.production.compute.maxSize',
      message: 'must be at least compute.minSize (4), got 3',
    });
    expect(issues.map((issue) => issue.field)).toContain('stages.production.compute.desiredCapacity');
  });

  it('rejects an unknown instance family', () => {
    const issues = issuesOf(loadWith({ stages: { mvp: { compute: { instanceType: 'x9.large' } } } }));
    expect(issues).toHaveLength(1);
    expect(issues[0]!.field).toBe('stages.mvp.compute.instanceType');
    expect(issues[0]!.message).toMatch(/unknown instance family "x9"/);
  });

  it('rejects a stage without a budget', () => {
    const { budget: _budget, ...withoutBudget } = loadPlatformConfig({ env: {}, file: {} }).stages[0]!;
    const issues = issuesOf(loadWith({ stages: { 'mvp-copy': { ...withoutBudget } } }));
    expect(issues.map((issue) => issue.field)).toContain('stages.mvp-copy.budget');
  });

  it('rejects a null budget in an override and unknown keys', () => {
    const issues = issuesOf(loadWith({ stages: { growth: { budget: null, compute: { cpuTarget: 50 } } } }));
    const fields = issues.map((issue) => issue.field);
    expect(fields).toContain('stages.growth.budget');
    expect(fields).toContain('stages.growth.compute.cpuTarget');
  });

  it('requires the existing database settings in existing mode and forbids a replica there', () => {
    const issues = issuesOf(loadWith({ stages: { production: { database: { mode: 'existing' } } } }));
    expect(issues.map((issue) => issue.field).sort()).toEqual([
      'stages.production.database.existing',
      'stages.production.database.readReplica',
    ]);
    const mvp = loadPlatformConfig({
      env: {},
      file: {
        stages: {
          mvp: {
            database: {
              mode: 'existing',
              existing: {
                endpoint: 'legacy-db.internal.example',
                port: 5432,
                databaseName: 'pli_db',
                secretArn: 'arn:aws:secretsmanager:us-east-1:000000000000:secret:example',
              },
            },
          },
        },
      },
    }).stages[0]!;
    expect(mvp.database.existing?.endpoint).toBe('legacy-db.internal.example');
  });

  it('rejects a bad extends, a bad account setting and an unreadable file, naming each', () => {
    expect(issuesOf(loadWith({ stages: { staging: { extends: 'qa' } } }))[0]?.field).toBe(
      'stages.staging.extends',
    );
    expect(issuesOf(loadWith({}, { SIGMA_CLOUDFLARE_ZONE_ID: 'not-a-zone' }))[0]?.field).toBe(
      'account.cloudflare.zoneId',
    );
    expect(
      issuesOf(() => loadPlatformConfig({ env: { SIGMA_CONFIG_FILE: '/nonexistent/platform.json' } }))[0]
        ?.field,
    ).toBe('SIGMA_CONFIG_FILE');
  });

  it('maps instance families to CPU architectures', () => {
    expect(instanceArchitecture('t3.small')).toBe('x86_64');
    expect(instanceArchitecture('t4g.small')).toBe('arm64');
    expect(() => instanceArchitecture('z1.small')).toThrow(/unknown instance family/);
  });
});
