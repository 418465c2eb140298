/**
 * Business metrics the app writes into its log lines in CloudWatch embedded metric format (EMF) and the stage
 * dashboard charts per hour. One definition shared by the emitter (app) and the reader (infra), so that a renamed
 * metric fails to compile instead of silently drawing an empty graph.
 */
export const BUSINESS_METRICS = {
  namespace: 'SigmaPli/Business',
  /** The only dimension; its value is the stage name (e.g. `production`). */
  dimension: 'Stage',
  /** Each a count (EMF unit `Count`), emitted with value 1 per event. */
  names: {
    registrations: 'Registrations',
    approvals: 'Approvals',
    logins: 'Logins',
  },
} as const;

export type BusinessMetricName = (typeof BUSINESS_METRICS.names)[keyof typeof BUSINESS_METRICS.names];
