import { createRequire } from 'node:module';

/** The parts of autocannon (9.x, no bundled types) this package uses. */
interface AutocannonRequest {
  method?: string;
  path: string;
  headers?: Record<string, string>;
  body?: string;
  setupRequest?: (request: AutocannonRequest, context: Record<string, unknown>) => AutocannonRequest;
  onResponse?: (status: number, body: string, context: Record<string, unknown>) => void;
}
interface AutocannonResult {
  requests: { total: number; average: number };
  latency: { p50: number; p99: number; average: number; max: number };
  errors: number;
  timeouts: number;
  non2xx: number;
  '5xx': number;
  statusCodeStats: Record<string, { count: number }>;
  duration: number;
}
interface Histogram {
  getValueAtPercentile(percentile: number): number;
}
type Autocannon = (options: Record<string, unknown>) => PromiseLike<AutocannonResult> & { stop(): void };

const requireFromHere = createRequire(__filename);
const autocannon = requireFromHere('autocannon') as Autocannon;
const hdr = createRequire(requireFromHere.resolve('autocannon'))('hdr-histogram-js') as {
  build(options: Record<string, unknown>): Histogram;
};

export interface LoadOptions {
  url: string;
  /** Requests, used round-robin by each connection. */
  requests: AutocannonRequest[];
  /** Run time; with `until`, the maximum. */
  durationSeconds: number;
  /** Stop one second after this settles (e.g. a reload finishing), so the load covers the whole event. */
  until?: Promise<unknown>;
  /** Total request rate over all connections; absent = as fast as possible (throughput run). */
  overallRate?: number;
  connections?: number;
  timeoutSeconds?: number;
}

export interface LoadReport {
  total: number;
  /** Socket errors and timeouts (no HTTP response at all). */
  failed: number;
  non2xx: number;
  status5xx: number;
  statusCounts: Record<string, number>;
  requestsPerSecond: number;
  latencyMs: { p50: number; p95: number; p99: number };
}

/** One autocannon run against 127.0.0.1, summarised; p95 comes from our own copy of autocannon's histogram. */
export async function runLoad(options: LoadOptions): Promise<LoadReport> {
  const latencies = hdr.build({
    useWebAssembly: false,
    bitBucketSize: 64,
    autoResize: true,
    lowestDiscernibleValue: 1,
    highestTrackableValue: 10_000,
    numberOfSignificantValueDigits: 5,
  });
  const tracker = autocannon({
    url: options.url,
    requests: options.requests,
    duration: options.durationSeconds,
    connections: options.connections ?? 10,
    timeout: options.timeoutSeconds ?? 10,
    ...(options.overallRate ? { overallRate: options.overallRate } : {}),
    histograms: { latencies },
  });
  options.until?.finally(() => setTimeout(() => tracker.stop(), 1_000));
  const result = await tracker;
  const statusCounts = Object.fromEntries(
    Object.entries(result.statusCodeStats ?? {}).map(([status, stats]) => [status, stats.count]),
  );
  return {
    total: result.requests.total,
    failed: result.errors + result.timeouts,
    non2xx: result.non2xx,
    status5xx: result['5xx'],
    statusCounts,
    requestsPerSecond: result.requests.average,
    latencyMs: { p50: result.latency.p50, p95: latencies.getValueAtPercentile(95), p99: result.latency.p99 },
  };
}
