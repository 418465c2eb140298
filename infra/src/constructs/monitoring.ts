import {
  CloudwatchMetricAlarm,
  type CloudwatchMetricAlarmMetricQuery,
} from '@cdktf/provider-aws/lib/cloudwatch-metric-alarm';
import type { AccountSettings, StageDefinition } from '@sigma-pli/config';
import { CLOUDWATCH_AGENT_METRICS } from '@sigma-pli/instance';
import { Construct } from 'constructs';
import { resourceName } from '../naming';
import { StageDashboard } from './dashboard';
import { databaseMaxConnections } from './database-capacity';
import type { MonitoredDatabase, MonitoredLoadBalancer } from './monitored-resources';

/** Share of a resource's capacity above which an alarm fires. */
const HIGH_UTILIZATION_PERCENT = 80;
const HIGH_DISK_PERCENT = 85;
const REPLICA_LAG_SECONDS = 60;
const FREE_STORAGE_SHARE = 0.1;
const GIB = 1024 ** 3;

export interface MonitoringProps {
  account: AccountSettings;
  stage: StageDefinition;
  /** Every alarm notifies it, on alarm and on recovery. */
  alertTopicArn: string;
  loadBalancer: MonitoredLoadBalancer;
  autoScalingGroupName: string;
  /** Absent when the stage uses an existing database it does not own. */
  database?: MonitoredDatabase;
  /** Member cluster ids of the Redis replication group, when the stage has one. */
  cacheClusterIds?: string[];
  /** Name of the external health canary, whose failures are the uptime measurement. */
  canaryName?: string;
}

interface AlarmSpec {
  /** Suffix of the alarm's physical name (`<project>-<stage>-<suffix>`). */
  name: string;
  description: string;
  /** One metric, or `queries` for metric math. */
  metric?: {
    namespace: string;
    metricName: string;
    dimensions: Record<string, string>;
    statistic?: string;
    extendedStatistic?: string;
    period?: number;
  };
  queries?: CloudwatchMetricAlarmMetricQuery[];
  comparison: 'GreaterThanThreshold' | 'LessThanThreshold';
  threshold: number;
  evaluationPeriods: number;
  datapointsToAlarm?: number;
  /** Missing data is healthy for traffic metrics; for the canary it means the check stopped, which is not. */
  treatMissingData?: 'notBreaching' | 'breaching';
}

/**
 * The stage's CloudWatch alarms, mirroring the architecture's performance targets, all notifying the alarm topic;
 * plus the stage dashboard where the stage has one. `observability.alarms` chooses the set: `basic` is health
 * and capacity (5xx rate, p95, unhealthy hosts, instance CPU/memory/disk, database CPU and storage, canary);
 * `full` adds request volume, database connections, replica lag and Redis.
 */
export class Monitoring extends Construct {
  readonly alarms: CloudwatchMetricAlarm[] = [];
  /** The 5xx-rate and p95 alarms: an instance refresh rolls back when either fires. */
  readonly deploymentAlarmNames: string[];

  private readonly props: MonitoringProps;

  constructor(scope: Construct, id: string, props: MonitoringProps) {
    super(scope, id);
    this.props = props;
    const { stage } = props;
    const full = stage.observability.alarms === 'full';

    const deploymentAlarms = this.loadBalancerAlarms(full);
    this.deploymentAlarmNames = deploymentAlarms.map((alarm) => alarm.alarmName);
    this.instanceAlarms();
    if (props.database) this.databaseAlarms(props.database, full);
    if (full && props.cacheClusterIds) this.cacheAlarms(props.cacheClusterIds);
    if (props.canaryName) this.canaryAlarm(props.canaryName);

    if (stage.observability.dashboard) {
      new StageDashboard(this, 'dashboard', {
        account: props.account,
        stage,
        loadBalancer: props.loadBalancer,
        autoScalingGroupName: props.autoScalingGroupName,
        database: props.database,
        cacheClusterIds: props.cacheClusterIds,
        canaryName: props.canaryName,
        alarmArns: this.alarms.map((alarm) => alarm.arn),
      });
    }
  }

  /** Returns the deployment alarms (5xx rate, p95). */
  private loadBalancerAlarms(full: boolean): CloudwatchMetricAlarm[] {
    const { stage, loadBalancer } = this.props;
    const targets = stage.targets;
    const albDimensions = { LoadBalancer: loadBalancer.arnSuffix };
    const targetDimensions = { ...albDimensions, TargetGroup: loadBalancer.targetGroupArnSuffix };
    const albSum = (id: string, metricName: string, dimensions: Record<string, string>) => ({
      id,
      metric: { namespace: 'AWS/ApplicationELB', metricName, dimensions, stat: 'Sum', period: 60 },
      returnData: false,
    });
    const errorRate = this.alarm({
      name: 'alb-5xx-rate',
      description: `5xx responses above ${targets.maxErrorRatePercent} % of requests (target and load balancer errors)`,
      queries: [
        albSum('target5xx', 'HTTPCode_Target_5XX_Count', targetDimensions),
        albSum('elb5xx', 'HTTPCode_ELB_5XX_Count', albDimensions),
        albSum('requests', 'RequestCount', albDimensions),
        {
          id: 'errorRate',
          label: '5xx rate (%)',
          expression: '100 * (FILL(target5xx, 0) + FILL(elb5xx, 0)) / IF(requests > 0, requests, 1)',
          returnData: true,
        },
      ],
      comparison: 'GreaterThanThreshold',
      threshold: targets.maxErrorRatePercent,
      evaluationPeriods: 5,
      datapointsToAlarm: 3,
    });
    const p95 = this.alarm({
      name: 'alb-p95-latency',
      description: `p95 target response time above ${targets.p95LatencyMs} ms`,
      metric: {
        namespace: 'AWS/ApplicationELB',
        metricName: 'TargetResponseTime',
        dimensions: targetDimensions,
        extendedStatistic: 'p95',
      },
      comparison: 'GreaterThanThreshold',
      threshold: targets.p95LatencyMs / 1000,
      evaluationPeriods: 5,
      datapointsToAlarm: 3,
    });
    this.alarm({
      name: 'alb-unhealthy-hosts',
      description: 'At least one target fails the readiness check',
      metric: {
        namespace: 'AWS/ApplicationELB',
        metricName: 'UnHealthyHostCount',
        dimensions: targetDimensions,
        statistic: 'Maximum',
      },
      comparison: 'GreaterThanThreshold',
      threshold: 0,
      evaluationPeriods: 2,
    });
    if (full) {
      this.alarm({
        name: 'alb-request-count-high',
        description: `More than ${targets.minRequestsPerMinute} requests per minute, the load the stage is sized for`,
        metric: {
          namespace: 'AWS/ApplicationELB',
          metricName: 'RequestCount',
          dimensions: albDimensions,
          statistic: 'Sum',
        },
        comparison: 'GreaterThanThreshold',
        threshold: targets.minRequestsPerMinute,
        evaluationPeriods: 5,
        datapointsToAlarm: 5,
      });
    }
    return [errorRate, p95];
  }

  private instanceAlarms(): void {
    const group = { AutoScalingGroupName: this.props.autoScalingGroupName };
    const average = (namespace: string, metricName: string) => ({
      namespace,
      metricName,
      dimensions: group,
      statistic: 'Average',
    });
    this.alarm({
      name: 'asg-cpu-high',
      description: `Average instance CPU above ${HIGH_UTILIZATION_PERCENT} % for 10 minutes`,
      metric: average('AWS/EC2', 'CPUUtilization'),
      comparison: 'GreaterThanThreshold',
      threshold: HIGH_UTILIZATION_PERCENT,
      evaluationPeriods: 10,
    });
    this.alarm({
      name: 'asg-memory-high',
      description: `Average instance memory use above ${HIGH_UTILIZATION_PERCENT} % (CloudWatch agent)`,
      metric: average(CLOUDWATCH_AGENT_METRICS.namespace, CLOUDWATCH_AGENT_METRICS.memoryUsedPercent),
      comparison: 'GreaterThanThreshold',
      threshold: HIGH_UTILIZATION_PERCENT,
      evaluationPeriods: 5,
    });
    this.alarm({
      name: 'asg-disk-high',
      description: `Root volume use above ${HIGH_DISK_PERCENT} % (CloudWatch agent)`,
      metric: {
        ...average(CLOUDWATCH_AGENT_METRICS.namespace, CLOUDWATCH_AGENT_METRICS.diskUsedPercent),
        statistic: 'Maximum',
      },
      comparison: 'GreaterThanThreshold',
      threshold: HIGH_DISK_PERCENT,
      evaluationPeriods: 5,
    });
  }

  private databaseAlarms(database: MonitoredDatabase, full: boolean): void {
    const { stage } = this.props;
    const rds = (metricName: string, identifier: string, statistic = 'Average') => ({
      namespace: 'AWS/RDS',
      metricName,
      dimensions: { DBInstanceIdentifier: identifier },
      statistic,
    });
    this.alarm({
      name: 'rds-cpu-high',
      description: `Database CPU above ${HIGH_UTILIZATION_PERCENT} % for 10 minutes`,
      metric: rds('CPUUtilization', database.instanceIdentifier),
      comparison: 'GreaterThanThreshold',
      threshold: HIGH_UTILIZATION_PERCENT,
      evaluationPeriods: 10,
    });
    const freeStorageBytes = Math.round(stage.database.allocatedStorageGb * FREE_STORAGE_SHARE * GIB);
    this.alarm({
      name: 'rds-free-storage-low',
      description: `Less than ${FREE_STORAGE_SHARE * 100} % of the initial allocated storage free (autoscaling lags)`,
      metric: rds('FreeStorageSpace', database.instanceIdentifier, 'Minimum'),
      comparison: 'LessThanThreshold',
      threshold: freeStorageBytes,
      evaluationPeriods: 2,
    });
    if (!full) return;
    // RDS sizes max_connections from the memory left after the OS, below the nominal size this estimate uses;
    // alarming at 70 % of the estimate keeps the threshold under the real limit.
    const connectionsThreshold = Math.floor(databaseMaxConnections(stage.database.instanceClass) * 0.7);
    this.alarm({
      name: 'rds-connections-high',
      description: `More than ${connectionsThreshold} connections, near max_connections of ${stage.database.instanceClass}`,
      metric: rds('DatabaseConnections', database.instanceIdentifier, 'Maximum'),
      comparison: 'GreaterThanThreshold',
      threshold: connectionsThreshold,
      evaluationPeriods: 5,
    });
    if (database.replicaIdentifier) {
      this.alarm({
        name: 'rds-replica-lag',
        description: `Read replica more than ${REPLICA_LAG_SECONDS} s behind the primary`,
        metric: rds('ReplicaLag', database.replicaIdentifier, 'Maximum'),
        comparison: 'GreaterThanThreshold',
        threshold: REPLICA_LAG_SECONDS,
        evaluationPeriods: 5,
      });
    }
  }

  private cacheAlarms(clusterIds: string[]): void {
    clusterIds.forEach((clusterId, index) => {
      const node = `redis-${index + 1}`;
      const metric = (metricName: string, statistic: string) => ({
        namespace: 'AWS/ElastiCache',
        metricName,
        dimensions: { CacheClusterId: clusterId },
        statistic,
      });
      this.alarm({
        name: `${node}-cpu-high`,
        description: `Redis engine CPU of node ${index + 1} above ${HIGH_UTILIZATION_PERCENT} %`,
        metric: metric('EngineCPUUtilization', 'Average'),
        comparison: 'GreaterThanThreshold',
        threshold: HIGH_UTILIZATION_PERCENT,
        evaluationPeriods: 5,
      });
      this.alarm({
        name: `${node}-memory-high`,
        description: `Redis memory of node ${index + 1} above ${HIGH_UTILIZATION_PERCENT} % of maxmemory`,
        metric: metric('DatabaseMemoryUsagePercentage', 'Maximum'),
        comparison: 'GreaterThanThreshold',
        threshold: HIGH_UTILIZATION_PERCENT,
        evaluationPeriods: 5,
      });
      this.alarm({
        name: `${node}-evictions`,
        description: `Redis node ${index + 1} evicts keys: cached sessions are being dropped`,
        metric: metric('Evictions', 'Sum'),
        comparison: 'GreaterThanThreshold',
        threshold: 0,
        evaluationPeriods: 5,
        datapointsToAlarm: 2,
      });
    });
  }

  private canaryAlarm(canaryName: string): void {
    this.alarm({
      name: 'canary-health-failed',
      description: 'The external check of /health/ready through the public hostname failed (uptime target)',
      metric: {
        namespace: 'CloudWatchSynthetics',
        metricName: 'SuccessPercent',
        dimensions: { CanaryName: canaryName },
        statistic: 'Average',
        // One datapoint per run: a period shorter than the schedule would read as missing (breaching) data.
        period: this.props.stage.observability.canaryIntervalMinutes * 60,
      },
      comparison: 'LessThanThreshold',
      threshold: 100,
      evaluationPeriods: 3,
      datapointsToAlarm: 2,
      treatMissingData: 'breaching',
    });
  }

  private alarm(spec: AlarmSpec): CloudwatchMetricAlarm {
    const { account, stage, alertTopicArn } = this.props;
    const metric = spec.metric;
    const alarm = new CloudwatchMetricAlarm(this, spec.name, {
      alarmName: resourceName(account, stage, spec.name),
      alarmDescription: spec.description,
      actionsEnabled: true,
      alarmActions: [alertTopicArn],
      okActions: [alertTopicArn],
      comparisonOperator: spec.comparison,
      threshold: spec.threshold,
      evaluationPeriods: spec.evaluationPeriods,
      datapointsToAlarm: spec.datapointsToAlarm ?? spec.evaluationPeriods,
      treatMissingData: spec.treatMissingData ?? 'notBreaching',
      ...(metric
        ? {
            namespace: metric.namespace,
            metricName: metric.metricName,
            dimensions: metric.dimensions,
            statistic: metric.statistic,
            extendedStatistic: metric.extendedStatistic,
            period: metric.period ?? 60,
          }
        : { metricQuery: spec.queries }),
    });
    this.alarms.push(alarm);
    return alarm;
  }
}
