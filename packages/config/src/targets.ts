import { type Static, Type } from '@sinclair/typebox';

/** The service levels of the architecture document ("Targets de Performance"). */
export const PerformanceTargetsSchema = Type.Object(
  {
    p95LatencyMs: Type.Number({ exclusiveMinimum: 0 }),
    uptimePercent: Type.Number({ exclusiveMinimum: 0, maximum: 100 }),
    minRequestsPerMinute: Type.Integer({ minimum: 1 }),
    maxErrorRatePercent: Type.Number({ minimum: 0, maximum: 100 }),
  },
  { additionalProperties: false },
);
export type PerformanceTargets = Static<typeof PerformanceTargetsSchema>;

export const PERFORMANCE_TARGETS: PerformanceTargets = Object.freeze({
  p95LatencyMs: 200,
  uptimePercent: 99.9,
  minRequestsPerMinute: 1000,
  maxErrorRatePercent: 0.1,
});
