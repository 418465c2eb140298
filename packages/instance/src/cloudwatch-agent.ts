import { INSTANCE_LAYOUT } from './constants';
import { EC2_NGINX_PATHS } from './nginx';

export interface InstanceLogGroups {
  app: string;
  nginxAccess: string;
  nginxError: string;
  /** Boot and cloud-init output (AL2023 keeps the system journal in journald, which the agent does not read). */
  system: string;
}

export interface CloudWatchAgentOptions {
  /** Log group names; passed through verbatim (they may be Terraform tokens). */
  logGroups: InstanceLogGroups;
  metricsIntervalSeconds?: number;
}

/** Namespace and names of the agent's metrics, for alarms and dashboards built elsewhere. */
export const CLOUDWATCH_AGENT_METRICS = {
  namespace: 'CWAgent',
  memoryUsedPercent: 'mem_used_percent',
  diskUsedPercent: 'disk_used_percent',
  /** Every agent metric is also aggregated over this dimension alone. */
  groupDimension: 'AutoScalingGroupName',
} as const;

function collect(filePath: string, logGroupName: string, stream: string, timestampFormat?: string) {
  return {
    file_path: filePath,
    log_group_name: logGroupName,
    log_stream_name: `{instance_id}/${stream}`,
    timezone: 'UTC',
    ...(timestampFormat ? { timestamp_format: timestampFormat } : {}),
  };
}

/**
 * `amazon-cloudwatch-agent` JSON config: memory and disk metrics per Auto Scaling group, Nginx and app logs. The
 * app's business metrics are lines in embedded metric format in app.log: CloudWatch Logs extracts EMF from any
 * event that is an EMF JSON document (the `x-amzn-logs-format: json/emf` header is no longer required), so each
 * line is shipped unchanged as one event; `logs.metrics_collected.emf` (the agent's socket for EMF clients) is
 * not needed.
 */
export function renderCloudWatchAgentConfig(options: CloudWatchAgentOptions): string {
  const { logGroups } = options;
  const config = {
    agent: { metrics_collection_interval: options.metricsIntervalSeconds ?? 60 },
    metrics: {
      namespace: CLOUDWATCH_AGENT_METRICS.namespace,
      // The agent fills these placeholders from the instance metadata.
      append_dimensions: {
        AutoScalingGroupName: '${aws:AutoScalingGroupName}',
        InstanceId: '${aws:InstanceId}',
      },
      aggregation_dimensions: [[CLOUDWATCH_AGENT_METRICS.groupDimension]],
      metrics_collected: {
        mem: { measurement: [CLOUDWATCH_AGENT_METRICS.memoryUsedPercent] },
        disk: {
          measurement: ['used_percent'],
          resources: ['/'],
          ignore_file_system_types: ['sysfs', 'devtmpfs', 'tmpfs', 'overlay'],
        },
      },
    },
    logs: {
      force_flush_interval: 5,
      logs_collected: {
        files: {
          collect_list: [
            collect(INSTANCE_LAYOUT.appLog, logGroups.app, 'app'),
            collect(INSTANCE_LAYOUT.appErrorLog, logGroups.app, 'app-stderr'),
            collect(EC2_NGINX_PATHS.accessLog, logGroups.nginxAccess, 'nginx-access'),
            collect(EC2_NGINX_PATHS.errorLog, logGroups.nginxError, 'nginx-error'),
            collect(INSTANCE_LAYOUT.bootLog, logGroups.system, 'boot'),
            collect(INSTANCE_LAYOUT.cloudInitLog, logGroups.system, 'cloud-init'),
          ],
        },
      },
    },
  };
  return `${JSON.stringify(config, null, 2)}\n`;
}
