import { join } from 'node:path';
import { loadPlatformConfig, type StageDefinition, type UsageAssumptions } from '@sigma-pli/config';
import { TerraformDocument } from '@sigma-pli/terraform-json';
import { describe, expect, it } from 'vitest';
import { estimateStage, roundCents } from './estimate';
import { canaryRunsPerMonth } from './estimators';
import { loadPriceTable, priceOf } from './prices';

const config = loadPlatformConfig({ env: {} });
const growthSeed = config.stages.find((stage) => stage.name === 'growth') as StageDefinition;
/** Growth, owning the Cloudflare zone so that the plan line appears. */
const growth: StageDefinition = { ...growthSeed, edge: { ...growthSeed.edge, cloudflareZoneOwner: true } };
const prices = loadPriceTable();
const fixture = TerraformDocument.fromFile(join(__dirname, 'fixtures', 'hand-computed.cdk.tf.json'));

/** Round numbers so that every line below can be checked with a pencil. */
const usage: UsageAssumptions = {
  compute: { averageExtraInstances: 0.5, agentMetricsPerInstance: 3 },
  appCustomMetrics: 2,
  loadBalancer: { averageLcu: 1, requestsMillions: 2 },
  network: { natProcessedGb: 10, internetEgressGb: 20 },
  logs: { ingestionGb: 4, storedGb: 10 },
  storage: {
    standardGb: 100,
    glacierInstantGb: 0,
    deepArchiveGb: 0,
    writeRequestsThousands: 10,
    readRequestsThousands: 100,
  },
  database: { extraBackupGb: 0, awsBackupGb: 0 },
  cdn: { transferGb: 0, requestsTenThousands: 0 },
  security: {
    kmsRequestsTenThousands: 1,
    secretsApiCallsTenThousands: 1,
    configItems: 0,
    configRuleEvaluations: 0,
  },
  rumEventsHundredThousands: 0,
};

const estimate = (stage: StageDefinition = growth, document = fixture) =>
  estimateStage({ document, stage, account: config.account, usage, prices });

describe('estimateStage on the hand-computed fixture', () => {
  const result = estimate();

  it('prices every line as computed by hand (730 h/month, us-east-1 on-demand)', () => {
    const expected: Record<string, number> = {
      // ASG desired 2 × t4g.micro: 1460 h × $0.0084 = 12.264; 2 × 20 GB gp3 × $0.08
      't4g.micro instance hours': 12.26,
      'EBS gp3 volumes': 3.2,
      // max 4 > desired 2: 0.5 average extra instance → 365 h × $0.0084 = 3.066; 10 GB × $0.08
      't4g.micro instance hours above desired capacity (peaks)': 3.07,
      'EBS gp3 volumes above desired capacity (peaks)': 0.8,
      // monitoring.enabled: 7 metrics × 2 instances × $0.30; 7 × 0.5 × $0.30 = 1.05
      'EC2 detailed monitoring metrics': 4.2,
      'EC2 detailed monitoring metrics above desired capacity (peaks)': 1.05,
      // (2 + 0.5) instances × 3 agent metrics × $0.30; 2 app metrics × $0.30
      'CloudWatch agent metrics': 2.25,
      'App custom metrics (embedded metric format)': 0.6,
      // 730 × $0.0225 = 16.425 → 16.43 (half-cent rounds up); 1 LCU × 730 × $0.008
      'ALB hours': 16.43,
      'ALB capacity units (LCU-hours)': 5.84,
      // 2 ALB subnets × 730 × $0.005; 1 EIP × 730 × $0.005
      'Public IPv4 addresses (ALB, one per AZ)': 7.3,
      'Public IPv4 addresses (Elastic IPs)': 3.65,
      'NAT gateway hours': 32.85,
      'NAT gateway data processed': 0.45,
      // Multi-AZ doubles: 1460 h × $0.016; 2 × 20 GB × $0.115. The replica inherits 20 GB gp3 from its source.
      'db.t4g.micro Multi-AZ instance hours': 23.36,
      'gp3 Multi-AZ storage': 4.6,
      'db.t4g.micro instance hours': 11.68,
      'gp3 storage': 2.3,
      'cache.t4g.micro node hours': 23.36,
      'KMS customer managed keys': 2,
      'KMS requests': 0.03,
      // the session secret + the one RDS creates for manage_master_user_password
      'Secrets Manager secrets': 0.8,
      'Secrets Manager API calls': 0.05,
      'WAF web ACLs': 5,
      'WAF rules and managed rule groups': 3,
      'WAF requests inspected (regional)': 1.2,
      // 1 metric + 2 metrics of the metric-math alarm (the expression is free)
      'Alarm metrics': 0.3,
      Dashboards: 3,
      // rate(5 minutes): 8760 runs × $0.0012 = 10.512
      'Synthetics canary runs (rate(5 minutes))': 10.51,
      'Logs ingestion': 2,
      'Logs storage': 0.3,
      'S3 Standard storage': 2.3,
      'S3 PUT/COPY/POST/LIST requests': 0.05,
      'S3 GET requests': 0.04,
      'Data transfer out to the internet': 1.8,
      'Cloudflare free plan': 0,
    };
    expect(Object.fromEntries(result.lines.map((line) => [line.line, line.monthlyUsd]))).toEqual(expected);
    expect(result.totalUsd).toBe(191.63);
  });

  it('keeps each line traceable to its resources and marks usage-driven quantities', () => {
    const secrets = result.lines.find((line) => line.line === 'Secrets Manager secrets');
    expect(secrets?.resources.sort()).toEqual([
      'aws_db_instance.primary',
      'aws_secretsmanager_secret.session',
    ]);
    expect(result.lines.find((line) => line.line === 'ALB hours')?.fromUsage).toBe(false);
    expect(result.lines.find((line) => line.line === 'Logs ingestion')?.fromUsage).toBe(true);
    expect(result.lines.filter((line) => line.group === 'Read Replica').map((line) => line.line)).toEqual([
      'db.t4g.micro instance hours',
      'gp3 storage',
    ]);
  });

  it('names resource types it cannot price instead of counting them as free', () => {
    expect(result.unpricedTypes).toEqual(['aws_gamelift_fleet']);
  });

  it('gates on the budget: over when the total exceeds monthlyUsd, within at exactly the total', () => {
    const over = estimate({ ...growth, budget: { ...growth.budget, monthlyUsd: 191.62 } });
    expect(over.withinBudget).toBe(false);
    expect(over.headroomUsd).toBe(-0.01);
    const exact = estimate({ ...growth, budget: { ...growth.budget, monthlyUsd: 191.63 } });
    expect(exact.withinBudget).toBe(true);
    expect(exact.headroomUsd).toBe(0);
  });

  it('charges the configured Cloudflare plan', () => {
    const pro = estimateStage({
      document: fixture,
      stage: growth,
      account: { ...config.account, cloudflare: { ...config.account.cloudflare, plan: 'pro' } },
      usage,
      prices,
    });
    expect(pro.totalUsd).toBe(roundCents(191.63 + 25));
    // A stage that shares a zone owned by another stage does not pay for the plan again.
    const tenant = estimateStage({
      document: fixture,
      stage: { ...growth, edge: { ...growth.edge, cloudflareZoneOwner: false } },
      account: { ...config.account, cloudflare: { ...config.account.cloudflare, plan: 'pro' } },
      usage,
      prices,
    });
    expect(tenant.lines.some((line) => line.group === 'Cloudflare')).toBe(false);
    expect(tenant.totalUsd).toBe(191.63);
  });
});

describe('prices and helpers', () => {
  it('fails loudly on a resource it has no price for, naming the key', () => {
    const document = new TerraformDocument({
      resource: { aws_instance: { odd: { instance_type: 'x9.huge' } } },
    });
    expect(() => estimate(growth, document)).toThrow(/no price for "ec2\.instance\.x9\.huge"/);
  });

  it('every price carries a source and a date', () => {
    for (const [key, price] of Object.entries(prices.prices)) {
      expect(price.source, key).toMatch(/^https:\/\//);
      expect(price.asOf, key).toMatch(/^\d{4}-\d{2}/);
    }
    expect(priceOf(prices, 'nat.hour').usd * prices.hoursPerMonth).toBeCloseTo(32.85, 10);
  });

  it('reads canary schedules', () => {
    expect(canaryRunsPerMonth('rate(1 minute)', 730)).toBe(43_800);
    expect(canaryRunsPerMonth('rate(2 hours)', 730)).toBe(365);
    expect(canaryRunsPerMonth('rate(0 minute)', 730)).toBe(1);
    expect(canaryRunsPerMonth('cron(0 * * * ? *)', 730)).toBeUndefined();
  });

  it('rounds half cents up, free of binary floating-point error', () => {
    expect(roundCents(730 * 0.0225)).toBe(16.43);
    expect(roundCents(0.1 + 0.2)).toBe(0.3);
    expect(roundCents(1.005)).toBe(1.01);
  });
});
