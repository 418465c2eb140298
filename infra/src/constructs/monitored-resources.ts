/** Metrics of the instances' CloudWatch agent (the same names as @sigma-pli/instance `CLOUDWATCH_AGENT_METRICS`). */
export const AGENT_METRICS = {
  namespace: 'CWAgent',
  memoryUsedPercent: 'mem_used_percent',
  diskUsedPercent: 'disk_used_percent',
  groupDimension: 'AutoScalingGroupName',
} as const;

/** The dimensions alarms and the dashboard need from the load balancer (network engineer's LoadBalancer). */
export interface MonitoredLoadBalancer {
  /** `app/<name>/<id>`: the LoadBalancer dimension of AWS/ApplicationELB. */
  arnSuffix: string;
  /** `targetgroup/<name>/<id>`: the TargetGroup dimension. */
  targetGroupArnSuffix: string;
}

export interface MonitoredDatabase {
  instanceIdentifier: string;
  replicaIdentifier?: string;
}
