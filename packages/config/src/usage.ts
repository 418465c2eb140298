import type { Phase, StageDefinition } from './stage-schema';

/**
 * Usage assumptions of `pnpm cost` (the Infracost usage-file idea): the quantities a Terraform document cannot
 * say — traffic, stored gigabytes, log volume. Fixed costs (instance hours, load balancers, NAT gateways, keys,
 * secrets, alarms) come from the synthesized resources; only these numbers are guessed, and each says why.
 *
 * Sizing basis (architecture document, "Targets de Performance"): the API serves up to 1000 req/min at peak;
 * a registration page is ~60 KB gzipped with assets, an API response ~3 KB. Cloudflare caches static assets in the
 * stages behind it, so most bytes never reach AWS there.
 */
export interface UsageAssumptions {
  compute: {
    /** Average instances running above the Auto Scaling group's desired capacity (scale-out at peaks), over a month. */
    averageExtraInstances: number;
    /** Custom metrics each instance's CloudWatch agent sends (mem_used_percent, disk_used_percent, swap_used_percent). */
    agentMetricsPerInstance: number;
  };
  /** Business metrics the app emits through CloudWatch embedded metric format (registrations, approvals, logins). */
  appCustomMetrics: number;
  loadBalancer: {
    /** Average load balancer capacity units billed per hour (1 LCU = 25 new conn/s, 3000 active, 1 GB/h, 1000 rules eval/s). */
    averageLcu: number;
    /** Requests the ALB serves per month, in millions (what a regional WAF inspects). */
    requestsMillions: number;
  };
  network: {
    /** GB per month through the NAT gateway(s): OS/package updates, Secrets Manager, CloudWatch, SSM (S3 goes through the free gateway endpoint). */
    natProcessedGb: number;
    /** GB per month from the ALB to the internet (to Cloudflare or users); the first 100 GB/month of the account are free but not counted here. */
    internetEgressGb: number;
  };
  logs: {
    /** GB per month ingested into CloudWatch Logs: app, Nginx, system, VPC flow logs, WAF and CloudTrail copies. */
    ingestionGb: number;
    /** Average GB held in CloudWatch Logs (ingestion × retention, compressed roughly 1:6). */
    storedGb: number;
  };
  storage: {
    /** GB in S3 Standard: uploads, documents, static assets, releases, recent backups and logs. */
    standardGb: number;
    /** GB in S3 Glacier Instant Retrieval (backups older than the lifecycle's first transition). */
    glacierInstantGb: number;
    /** GB in S3 Glacier Deep Archive (backups older than the second transition). */
    deepArchiveGb: number;
    /** PUT/COPY/POST/LIST requests per month, in thousands (log delivery dominates). */
    writeRequestsThousands: number;
    /** GET requests per month, in thousands. */
    readRequestsThousands: number;
  };
  database: {
    /** Backup storage above the free 100 % of provisioned storage, GB (7 days of small daily deltas fit the free part). */
    extraBackupGb: number;
    /** GB held by AWS Backup for the database (daily snapshots, incremental, over the plan's retention). */
    awsBackupGb: number;
  };
  cdn: {
    /** GB per month CloudFront serves (static assets that Cloudflare does not already cache). */
    transferGb: number;
    /** HTTPS requests per month CloudFront serves, in ten-thousands. */
    requestsTenThousands: number;
  };
  security: {
    /** KMS API requests per month, in ten-thousands (S3 bucket keys keep this low). */
    kmsRequestsTenThousands: number;
    /** Secrets Manager API calls per month, in ten-thousands (instances read secrets at boot only). */
    secretsApiCallsTenThousands: number;
    /** AWS Config configuration items recorded per month. */
    configItems: number;
    /** AWS Config rule evaluations per month. */
    configRuleEvaluations: number;
  };
  /** CloudWatch RUM events per month, in hundred-thousands (page views × ~5 events). */
  rumEventsHundredThousands: number;
}

/**
 * One set per phase; a custom stage (`extends`) uses its phase's numbers unless `USAGE_BY_STAGE` names it.
 * Traffic grows per phase: mvp ≈ 50 k requests/month (pilot), growth ≈ 1 M, production ≈ 5 M.
 */
export const USAGE_BY_PHASE: Readonly<Record<Phase, UsageAssumptions>> = {
  mvp: {
    compute: { averageExtraInstances: 0, agentMetricsPerInstance: 3 },
    appCustomMetrics: 3,
    // One ALB is billed at least a fraction of an LCU per hour even when idle; a pilot stays well under 1.
    loadBalancer: { averageLcu: 0.2, requestsMillions: 0.05 },
    network: { natProcessedGb: 5, internetEgressGb: 5 },
    // 14-day retention; ~1 GB/month of app + Nginx + flow logs at pilot traffic.
    logs: { ingestionGb: 1, storedGb: 0.5 },
    storage: {
      standardGb: 10,
      glacierInstantGb: 0,
      deepArchiveGb: 0,
      writeRequestsThousands: 20,
      readRequestsThousands: 50,
    },
    database: { extraBackupGb: 0, awsBackupGb: 0 },
    cdn: { transferGb: 0, requestsTenThousands: 0 },
    security: {
      kmsRequestsTenThousands: 2,
      secretsApiCallsTenThousands: 0.1,
      configItems: 0,
      configRuleEvaluations: 0,
    },
    rumEventsHundredThousands: 0,
  },
  growth: {
    // Scales 1 → 3 at peaks: about a quarter of an extra instance on average.
    compute: { averageExtraInstances: 0.25, agentMetricsPerInstance: 3 },
    appCustomMetrics: 3,
    loadBalancer: { averageLcu: 0.5, requestsMillions: 1 },
    network: { natProcessedGb: 10, internetEgressGb: 20 },
    // 30-day retention; ~3 GB/month of logs including CloudTrail's copy and flow logs.
    logs: { ingestionGb: 3, storedGb: 1 },
    storage: {
      standardGb: 40,
      glacierInstantGb: 20,
      deepArchiveGb: 0,
      writeRequestsThousands: 100,
      readRequestsThousands: 300,
    },
    database: { extraBackupGb: 0, awsBackupGb: 0 },
    cdn: { transferGb: 0, requestsTenThousands: 0 },
    security: {
      kmsRequestsTenThousands: 10,
      secretsApiCallsTenThousands: 0.2,
      configItems: 0,
      configRuleEvaluations: 0,
    },
    rumEventsHundredThousands: 0,
  },
  production: {
    // The architecture's "EC2 Auto Scaling (picos)" line: scales 2 → 5; on average half an instance more.
    compute: { averageExtraInstances: 0.5, agentMetricsPerInstance: 3 },
    appCustomMetrics: 3,
    loadBalancer: { averageLcu: 1, requestsMillions: 5 },
    network: { natProcessedGb: 20, internetEgressGb: 50 },
    // 90-day retention; ~8 GB/month including WAF logs, CloudTrail and flow logs from 2 NAT zones.
    logs: { ingestionGb: 8, storedGb: 4 },
    storage: {
      standardGb: 100,
      glacierInstantGb: 100,
      deepArchiveGb: 200,
      writeRequestsThousands: 300,
      readRequestsThousands: 1000,
    },
    // AWS Backup keeps 35 days of incremental snapshots of a 50 GB database: ~60 GB.
    database: { extraBackupGb: 0, awsBackupGb: 60 },
    cdn: { transferGb: 50, requestsTenThousands: 100 },
    security: {
      kmsRequestsTenThousands: 30,
      secretsApiCallsTenThousands: 0.5,
      configItems: 1000,
      configRuleEvaluations: 3000,
    },
    rumEventsHundredThousands: 5,
  },
};

/** Per-stage overrides for stages that are not one of the three phases' defaults. */
export const USAGE_BY_STAGE: Readonly<Record<string, UsageAssumptions>> = {};

export function usageFor(stage: Pick<StageDefinition, 'name' | 'phase'>): UsageAssumptions {
  return USAGE_BY_STAGE[stage.name] ?? USAGE_BY_PHASE[stage.phase];
}
