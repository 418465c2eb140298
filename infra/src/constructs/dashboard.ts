import { CloudwatchDashboard } from '@cdktf/provider-aws/lib/cloudwatch-dashboard';
import { type AccountSettings, BUSINESS_METRICS, type StageDefinition } from '@sigma-pli/config';
import { CLOUDWATCH_AGENT_METRICS } from '@sigma-pli/instance';
import { Construct } from 'constructs';
import { resourceName } from '../naming';
import type { MonitoredDatabase, MonitoredLoadBalancer } from './monitored-resources';

export interface StageDashboardProps {
  account: AccountSettings;
  stage: StageDefinition;
  loadBalancer: MonitoredLoadBalancer;
  autoScalingGroupName: string;
  database?: MonitoredDatabase;
  cacheClusterIds?: string[];
  canaryName?: string;
  alarmArns: string[];
}

/** A metric line in CloudWatch's dashboard array form: namespace, name, dimension pairs, options. */
type MetricLine = (string | Record<string, unknown>)[];

interface Widget {
  type: 'metric' | 'text' | 'alarm';
  width: number;
  height: number;
  properties: Record<string, unknown>;
}

const FULL_WIDTH = 24;
const HALF_WIDTH = 12;

function metric(
  namespace: string,
  name: string,
  dimensions: Record<string, string>,
  options = {},
): MetricLine {
  return [namespace, name, ...Object.entries(dimensions).flat(), options];
}

/**
 * The stage dashboard: an SLO row (availability from the canary, error rate, p95 against the targets), traffic,
 * instances, database, cache, the business metrics the app emits in embedded metric format, and alarm states.
 */
export class StageDashboard extends Construct {
  readonly dashboard: CloudwatchDashboard;

  constructor(scope: Construct, id: string, props: StageDashboardProps) {
    super(scope, id);
    this.dashboard = new CloudwatchDashboard(this, 'dashboard', {
      dashboardName: resourceName(props.account, props.stage, 'overview'),
      dashboardBody: JSON.stringify({ widgets: layout(dashboardWidgets(props)) }),
    });
  }
}

/** Places widgets left to right, wrapping at the dashboard's 24 columns. */
function layout(widgets: Widget[]): (Widget & { x: number; y: number })[] {
  let x = 0;
  let y = 0;
  let rowHeight = 0;
  return widgets.map((widget) => {
    if (x + widget.width > FULL_WIDTH) {
      x = 0;
      y += rowHeight;
      rowHeight = 0;
    }
    const placed = { ...widget, x, y };
    x += widget.width;
    rowHeight = Math.max(rowHeight, widget.height);
    return placed;
  });
}

function dashboardWidgets(props: StageDashboardProps): Widget[] {
  const { stage, loadBalancer } = props;
  const region = stage.region;
  const targets = stage.targets;
  const alb = { LoadBalancer: loadBalancer.arnSuffix };
  const targetGroup = { ...alb, TargetGroup: loadBalancer.targetGroupArnSuffix };
  const group = { AutoScalingGroupName: props.autoScalingGroupName };
  const graph = (title: string, metrics: MetricLine[], extra: Record<string, unknown> = {}): Widget => ({
    type: 'metric',
    width: HALF_WIDTH,
    height: 6,
    properties: { title, region, view: 'timeSeries', stat: 'Average', period: 60, metrics, ...extra },
  });
  const threshold = (label: string, value: number) => ({ annotations: { horizontal: [{ label, value }] } });

  const widgets: Widget[] = [
    {
      type: 'text',
      width: FULL_WIDTH,
      height: 2,
      properties: {
        markdown: `## ${stage.name} — SLO: availability ${targets.uptimePercent} %, 5xx rate ≤ ${targets.maxErrorRatePercent} %, p95 ≤ ${targets.p95LatencyMs} ms`,
      },
    },
  ];
  if (props.canaryName) {
    widgets.push({
      type: 'metric',
      width: HALF_WIDTH,
      height: 6,
      properties: {
        title: `Availability (external canary, target ${targets.uptimePercent} %)`,
        region,
        view: 'singleValue',
        setPeriodToTimeRange: true,
        stat: 'Average',
        metrics: [metric('CloudWatchSynthetics', 'SuccessPercent', { CanaryName: props.canaryName })],
      },
    });
  }
  widgets.push(
    graph(
      '5xx rate (%)',
      [
        metric('AWS/ApplicationELB', 'HTTPCode_Target_5XX_Count', targetGroup, {
          id: 't5',
          stat: 'Sum',
          visible: false,
        }),
        metric('AWS/ApplicationELB', 'HTTPCode_ELB_5XX_Count', alb, {
          id: 'e5',
          stat: 'Sum',
          visible: false,
        }),
        metric('AWS/ApplicationELB', 'RequestCount', alb, { id: 'rq', stat: 'Sum', visible: false }),
        [
          {
            expression: '100 * (FILL(t5, 0) + FILL(e5, 0)) / IF(rq > 0, rq, 1)',
            label: '5xx rate',
            id: 'rate',
          },
        ],
      ],
      threshold('target', targets.maxErrorRatePercent),
    ),
    graph(
      'Target response time p95 (s)',
      [metric('AWS/ApplicationELB', 'TargetResponseTime', targetGroup, { stat: 'p95' })],
      threshold('target', targets.p95LatencyMs / 1000),
    ),
    graph('Requests per minute', [metric('AWS/ApplicationELB', 'RequestCount', alb, { stat: 'Sum' })]),
    graph('Instances: CPU, memory, disk (%)', [
      metric('AWS/EC2', 'CPUUtilization', group),
      metric(CLOUDWATCH_AGENT_METRICS.namespace, CLOUDWATCH_AGENT_METRICS.memoryUsedPercent, group),
      metric(CLOUDWATCH_AGENT_METRICS.namespace, CLOUDWATCH_AGENT_METRICS.diskUsedPercent, group, {
        stat: 'Maximum',
      }),
    ]),
    graph('Healthy / unhealthy targets', [
      metric('AWS/ApplicationELB', 'HealthyHostCount', targetGroup, { stat: 'Minimum' }),
      metric('AWS/ApplicationELB', 'UnHealthyHostCount', targetGroup, { stat: 'Maximum' }),
    ]),
  );
  if (props.database) {
    const primary = { DBInstanceIdentifier: props.database.instanceIdentifier };
    widgets.push(
      graph('Database CPU (%) and connections', [
        metric('AWS/RDS', 'CPUUtilization', primary),
        metric('AWS/RDS', 'DatabaseConnections', primary, { stat: 'Maximum', yAxis: 'right' }),
      ]),
      graph('Database free storage (bytes) and replica lag (s)', [
        metric('AWS/RDS', 'FreeStorageSpace', primary, { stat: 'Minimum' }),
        ...(props.database.replicaIdentifier
          ? [
              metric(
                'AWS/RDS',
                'ReplicaLag',
                { DBInstanceIdentifier: props.database.replicaIdentifier },
                {
                  stat: 'Maximum',
                  yAxis: 'right',
                },
              ),
            ]
          : []),
      ]),
    );
  }
  if (props.cacheClusterIds?.length) {
    widgets.push(
      graph(
        'Redis: engine CPU, memory (%) and evictions',
        props.cacheClusterIds.flatMap((clusterId) => [
          metric('AWS/ElastiCache', 'EngineCPUUtilization', { CacheClusterId: clusterId }),
          metric('AWS/ElastiCache', 'DatabaseMemoryUsagePercentage', { CacheClusterId: clusterId }),
          metric(
            'AWS/ElastiCache',
            'Evictions',
            { CacheClusterId: clusterId },
            { stat: 'Sum', yAxis: 'right' },
          ),
        ]),
      ),
    );
  }
  widgets.push(
    graph(
      'Registrations, approvals and logins per hour',
      Object.values(BUSINESS_METRICS.names).map((name) =>
        metric(
          BUSINESS_METRICS.namespace,
          name,
          { [BUSINESS_METRICS.dimension]: stage.name },
          { stat: 'Sum' },
        ),
      ),
      { period: 3600, view: 'bar' },
    ),
    {
      type: 'alarm',
      width: FULL_WIDTH,
      height: 4,
      properties: { title: 'Alarms', alarms: props.alarmArns, sortBy: 'stateUpdatedTimestamp' },
    },
  );
  return widgets;
}
