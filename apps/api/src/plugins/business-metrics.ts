import { BUSINESS_METRICS, type BusinessMetricName } from '@sigma-pli/config';
import type { FastifyBaseLogger } from 'fastify';
import fp from 'fastify-plugin';

declare module 'fastify' {
  interface FastifyInstance {
    /** Counts one business event (one log line in embedded metric format), e.g. after a successful login. */
    countBusinessEvent: (log: FastifyBaseLogger, metric: BusinessMetricName) => void;
  }
}

export interface BusinessMetricsOptions {
  /** Value of the Stage dimension: the stage dashboard reads the metrics of its own stage name. */
  stage: string;
}

/**
 * The fields of an embedded-metric-format (EMF) document counting one `metric` event: CloudWatch Logs reads `_aws`
 * and turns the line into a data point of `metric` = 1 in BUSINESS_METRICS.namespace with the Stage dimension. Only
 * the event name and the stage: nothing about who did it.
 */
export function businessMetricFields(metric: BusinessMetricName, stage: string, timestamp: number) {
  return {
    _aws: {
      Timestamp: timestamp,
      CloudWatchMetrics: [
        {
          Namespace: BUSINESS_METRICS.namespace,
          Dimensions: [[BUSINESS_METRICS.dimension]],
          Metrics: [{ Name: metric, Unit: 'Count' }],
        },
      ],
    },
    [BUSINESS_METRICS.dimension]: stage,
    [metric]: 1,
  };
}

/**
 * Business events go to the app's own log at info (the line the CloudWatch agent already ships to the app log
 * group, where EMF is extracted): no metrics SDK, no PutMetricData call on the request path. A LOG_LEVEL above
 * info drops them with the rest of the info lines.
 */
export default fp<BusinessMetricsOptions>(
  async (app, { stage }) => {
    app.decorate('countBusinessEvent', (log: FastifyBaseLogger, metric: BusinessMetricName) => {
      log.info(businessMetricFields(metric, stage, Date.now()), `business event ${metric}`);
    });
  },
  { name: 'business-metrics' },
);
