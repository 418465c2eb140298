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
