import { describe, expect, it } from 'vitest';
import { CLOUDWATCH_AGENT_METRICS, renderCloudWatchAgentConfig } from './cloudwatch-agent';

const logGroups = {
  app: '/sigma-pli/mvp/app',
  nginxAccess: '/sigma-pli/mvp/nginx/access',
  nginxError: '/sigma-pli/mvp/nginx/error',
  system: '/sigma-pli/mvp/system',
};

describe('renderCloudWatchAgentConfig', () => {
  const config = JSON.parse(renderCloudWatchAgentConfig({ logGroups }));

  it('collects memory and root disk usage, per instance and per Auto Scaling group', () => {
    expect(config.metrics.namespace).toBe(CLOUDWATCH_AGENT_METRICS.namespace);
    expect(config.metrics.metrics_collected.mem.measurement).toEqual(['mem_used_percent']);
    expect(config.metrics.metrics_collected.disk).toMatchObject({
      measurement: ['used_percent'],
      resources: ['/'],
    });
    expect(config.metrics.append_dimensions).toEqual({
      AutoScalingGroupName: '${aws:AutoScalingGroupName}',
      InstanceId: '${aws:InstanceId}',
    });
    expect(config.metrics.aggregation_dimensions).toEqual([['AutoScalingGroupName']]);
  });

  it('ships Nginx, app and boot logs to the stage log groups, one stream per instance', () => {
    const byFile = Object.fromEntries(
      config.logs.logs_collected.files.collect_list.map(
        (entry: { file_path: string; log_group_name: string }) => [entry.file_path, entry.log_group_name],
      ),
    );
    expect(byFile).toEqual({
      '/var/log/sigma-pli/app.log': logGroups.app,
      '/var/log/sigma-pli/app-error.log': logGroups.app,
      '/var/log/nginx/access.log': logGroups.nginxAccess,
      '/var/log/nginx/error.log': logGroups.nginxError,
      '/var/log/sigma-pli/boot.log': logGroups.system,
      '/var/log/cloud-init-output.log': logGroups.system,
    });
    for (const entry of config.logs.logs_collected.files.collect_list) {
      expect(entry.log_stream_name).toMatch(/^\{instance_id\}\//);
    }
  });

  it('ships each app log line unchanged as its own event, so CloudWatch Logs extracts the EMF business metrics', () => {
    // EMF lines need no agent setting when collected from a file (no `logs.metrics_collected.emf`: that is the
    // agent's socket for EMF clients), but a multi-line pattern or a parsed timestamp could merge or alter them.
    const appLog = config.logs.logs_collected.files.collect_list.find(
      (entry: { file_path: string }) => entry.file_path === '/var/log/sigma-pli/app.log',
    );
    expect(Object.keys(appLog).sort()).toEqual([
      'file_path',
      'log_group_name',
      'log_stream_name',
      'timezone',
    ]);
    expect(config.logs.metrics_collected).toBeUndefined();
  });

  it('places Terraform tokens as log group names verbatim', () => {
    const tokens = renderCloudWatchAgentConfig({ logGroups: { ...logGroups, app: '${TfToken[TOKEN.3]}' } });
    expect(tokens).toContain('"log_group_name": "${TfToken[TOKEN.3]}"');
  });
});
