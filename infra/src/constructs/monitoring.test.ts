import type { StageDefinition } from '@sigma-pli/config';
import { TerraformLocal } from 'cdktf';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  onlyResource,
  resourcesOf,
  type SynthJson,
  stageNamed,
  synthConstruct,
  testAccount,
  tfRef,
} from '../test-support/synth-json';
import { databaseMaxConnections } from './database-capacity';
import { Monitoring } from './monitoring';

const TOPIC = 'arn:aws:sns:us-east-1:111111111111:sigma-pli-alarms';

function synthMonitoring(stage: StageDefinition, withCanary: boolean) {
  let monitoring: Monitoring | undefined;
  const json = synthConstruct((stack) => {
    monitoring = new Monitoring(stack, 'monitoring', {
      account: testAccount(),
      stage,
      alertTopicArn: TOPIC,
      loadBalancer: {
        arnSuffix: 'app/sigma-alb/abc123',
        targetGroupArnSuffix: 'targetgroup/sigma-app/def456',
      },
      autoScalingGroupName: `sigma-pli-${stage.name}-app`,
      database: {
        instanceIdentifier: `sigma-pli-${stage.name}-db`,
        replicaIdentifier: stage.database.readReplica ? `sigma-pli-${stage.name}-db-replica` : undefined,
      },
      cacheClusterIds: stage.cache.enabled ? ['redis-001', 'redis-002'] : undefined,
      canaryName: withCanary ? `${stage.name}-health` : undefined,
    });
    new TerraformLocal(stack, 'deployment_alarm_names', monitoring.deploymentAlarmNames);
  });
  return { json, monitoring: monitoring as Monitoring };
}

const alarmsByName = (json: SynthJson) =>
  Object.fromEntries(
    Object.values(resourcesOf(json, 'aws_cloudwatch_metric_alarm')).map((alarm) => [
      String(alarm.alarm_name),
      alarm,
    ]),
  );

describe('Monitoring', () => {
  let mvp: ReturnType<typeof synthMonitoring>;
  let production: ReturnType<typeof synthMonitoring>;
  beforeAll(() => {
    mvp = synthMonitoring(stageNamed('mvp'), false);
    production = synthMonitoring(stageNamed('production'), true);
  });

  it('creates the basic health and capacity alarms in mvp', () => {
    expect(Object.keys(alarmsByName(mvp.json)).sort()).toEqual(
      [
        'alb-5xx-rate',
        'alb-p95-latency',
        'alb-unhealthy-hosts',
        'asg-cpu-high',
        'asg-memory-high',
        'asg-disk-high',
        'rds-cpu-high',
        'rds-free-storage-low',
      ]
        .map((name) => `sigma-pli-mvp-${name}`)
        .sort(),
    );
  });

  it('adds request volume, connections, replica lag, Redis and the canary in production', () => {
    const names = Object.keys(alarmsByName(production.json));
    for (const name of [
      'alb-request-count-high',
      'rds-connections-high',
      'rds-replica-lag',
      'redis-1-cpu-high',
      'redis-2-memory-high',
      'redis-2-evictions',
      'canary-health-failed',
    ]) {
      expect(names).toContain(`sigma-pli-production-${name}`);
    }
    expect(names).toHaveLength(8 + 3 + 6 + 1);
  });

  it('enables actions on every alarm and notifies the topic on alarm and recovery', () => {
    for (const alarm of Object.values(alarmsByName(production.json))) {
      expect(alarm).toMatchObject({ actions_enabled: true, alarm_actions: [TOPIC], ok_actions: [TOPIC] });
    }
  });

  it('alarms on p95 above the 200 ms target and on a 5xx rate above 0.1 %, the deployment alarms', () => {
    const alarms = alarmsByName(production.json);
    expect(alarms['sigma-pli-production-alb-p95-latency']).toMatchObject({
      metric_name: 'TargetResponseTime',
      extended_statistic: 'p95',
      threshold: 0.2,
      comparison_operator: 'GreaterThanThreshold',
      dimensions: { LoadBalancer: 'app/sigma-alb/abc123', TargetGroup: 'targetgroup/sigma-app/def456' },
    });
    const errorRate = alarms['sigma-pli-production-alb-5xx-rate'];
    expect(errorRate?.threshold).toBe(0.1);
    const queries = errorRate?.metric_query as { id: string; expression?: string; return_data?: boolean }[];
    expect(queries.map((query) => query.id)).toEqual(['target5xx', 'elb5xx', 'requests', 'errorRate']);
    expect(queries.find((query) => query.return_data)?.expression).toContain('100 * (FILL(target5xx, 0)');
    const idOf = (name: string) =>
      Object.entries(resourcesOf(production.json, 'aws_cloudwatch_metric_alarm')).find(
        ([, alarm]) => alarm.alarm_name === name,
      )?.[0];
    expect(production.json.locals?.deployment_alarm_names).toEqual(
      ['sigma-pli-production-alb-5xx-rate', 'sigma-pli-production-alb-p95-latency'].map((name) =>
        tfRef(`aws_cloudwatch_metric_alarm.${idOf(name)}.alarm_name`),
      ),
    );
  });

  it('reads memory and disk from the CloudWatch agent per Auto Scaling group', () => {
    const alarms = alarmsByName(mvp.json);
    expect(alarms['sigma-pli-mvp-asg-memory-high']).toMatchObject({
      namespace: 'CWAgent',
      metric_name: 'mem_used_percent',
      dimensions: { AutoScalingGroupName: 'sigma-pli-mvp-app' },
    });
    expect(alarms['sigma-pli-mvp-asg-disk-high']?.metric_name).toBe('disk_used_percent');
  });

  it('sizes database thresholds from the stage: free storage and connections', () => {
    const alarms = alarmsByName(production.json);
    expect(alarms['sigma-pli-production-rds-free-storage-low']).toMatchObject({
      comparison_operator: 'LessThanThreshold',
      threshold: 5 * 1024 ** 3,
    });
    expect(alarms['sigma-pli-production-rds-connections-high']?.threshold).toBe(
      Math.floor(databaseMaxConnections('db.t4g.small') * 0.7),
    );
    expect(alarms['sigma-pli-production-rds-replica-lag']?.dimensions).toEqual({
      DBInstanceIdentifier: 'sigma-pli-production-db-replica',
    });
  });

  it('treats a silent canary as failing', () => {
    expect(alarmsByName(production.json)['sigma-pli-production-canary-health-failed']).toMatchObject({
      namespace: 'CloudWatchSynthetics',
      metric_name: 'SuccessPercent',
      threshold: 100,
      treat_missing_data: 'breaching',
      period: 60,
    });
  });

  it('creates the dashboard only where the stage has one, with SLO, business metrics and every alarm', () => {
    expect(resourcesOf(mvp.json, 'aws_cloudwatch_dashboard')).toEqual({});
    const dashboard = onlyResource(production.json, 'aws_cloudwatch_dashboard');
    expect(dashboard.dashboard_name).toBe('sigma-pli-production-overview');
    const body = JSON.parse(String(dashboard.dashboard_body)) as {
      widgets: { type: string; x: number; y: number; width: number; properties: Record<string, unknown> }[];
    };
    const text = JSON.stringify(body);
    expect(text).toContain('SLO: availability 99.9 %, 5xx rate ≤ 0.1 %, p95 ≤ 200 ms');
    expect(text).toContain('"CloudWatchSynthetics","SuccessPercent","CanaryName","production-health"');
    for (const name of ['Registrations', 'Approvals', 'Logins']) {
      expect(text).toContain(`"SigmaPli/Business","${name}","Stage","production",{"stat":"Sum"}`);
    }
    const alarmWidget = body.widgets.find((widget) => widget.type === 'alarm');
    expect(alarmWidget?.properties.alarms).toHaveLength(18);
    for (const widget of body.widgets) {
      expect(widget.x + widget.width).toBeLessThanOrEqual(24);
    }
  });
});

describe('databaseMaxConnections', () => {
  it('follows RDS PostgreSQL’s memory formula and names the field for an unknown size', () => {
    expect(databaseMaxConnections('db.t4g.micro')).toBe(112);
    expect(databaseMaxConnections('db.t4g.small')).toBe(225);
    expect(() => databaseMaxConnections('db.t4g.nano')).toThrow(/database\.instanceClass db\.t4g\.nano/);
  });
});
