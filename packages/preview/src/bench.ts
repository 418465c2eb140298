import os from 'node:os';
import { PERFORMANCE_TARGETS } from '@sigma-pli/config';
import pg from 'pg';
import { login, pessoaFisica } from './client';
import { PREVIEW_ADMIN, type Preview, startPreview } from './layout';
import { type LoadReport, runLoad } from './load';

/**
 * `pnpm bench:preview`: the API benchmark's endpoints through Nginx + PM2 (as the ALB reaches an instance) and
 * directly against the PM2 cluster port, interleaved in the same run, at a fixed rate below saturation (latency,
 * the Nginx hop's overhead) and flat out (throughput). Prints the median and the spread (min–max) of the rounds.
 */
const ROWS = Number(process.env.BENCH_ROWS ?? 100_000);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 6);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
// 50 req/s = 3000 requests/min: three times the architecture's target, below saturation even on a busy 2-core box.
const RATE = Number(process.env.BENCH_RATE ?? 50);
const RATE_CONNECTIONS = 10;
const THROUGHPUT_CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 50);

const log = (line: string) => process.stdout.write(`${line}\n`);

/** People with valid CPFs (check digits by the schema's own SQL function), in one statement. */
async function seed(databaseUrl: string): Promise<string[]> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    await client.query(
      `WITH base AS (
         SELECT i, lpad((200000000 + i * 7)::text, 9, '0') AS d9 FROM generate_series(1, $1::int) AS i
       ), d10 AS (SELECT i, d9 || cadastro.mod11_check_digit(d9, 10) AS d10 FROM base)
       INSERT INTO cadastro.pessoa_fisica (nome_completo, cpf, data_nascimento, email_principal, telefone_principal,
                                           cep, logradouro, numero, bairro, cidade, uf)
       SELECT 'Pessoa Bench ' || i, d10 || cadastro.mod11_check_digit(d10, 11), DATE '1950-01-01' + (i % 20000),
              'bench' || i || '@example.com', '119' || lpad((i % 100000000)::text, 8, '0'), '01310100',
              'Rua de Teste', (i % 2000)::text, 'Centro', 'São Paulo',
              (ARRAY['SP','RJ','MG','PR','PE','BA','RS','SC','GO','DF'])[1 + i % 10]
       FROM d10`,
      [ROWS],
    );
    await client.query('ANALYZE cadastro.pessoa_fisica');
    const { rows } = await client.query<{ id: string }>(
      'SELECT id FROM cadastro.pessoa_fisica TABLESAMPLE SYSTEM (2) LIMIT 2000',
    );
    return rows.map((row) => row.id);
  } finally {
    await client.end();
  }
}

interface Endpoint {
  name: string;
  request(): Parameters<typeof runLoad>[0]['requests'][number];
}

function endpoints(cookie: string, ids: string[]): Endpoint[] {
  let sequence = 0;
  const pick = () => ids[Math.floor(Math.random() * ids.length)]!;
  return [
    { name: 'GET /health/ready', request: () => ({ method: 'GET', path: '/health/ready' }) },
    {
      name: 'GET pessoa física by id',
      request: () => ({
        method: 'GET',
        path: `/api/v1/pessoas-fisicas/${ids[0]}`,
        headers: { cookie },
        setupRequest: (request) => ({ ...request, path: `/api/v1/pessoas-fisicas/${pick()}` }),
      }),
    },
    {
      name: 'GET list ?uf=SP&limit=20',
      request: () => ({ method: 'GET', path: '/api/v1/pessoas-fisicas?uf=SP&limit=20', headers: { cookie } }),
    },
    {
      name: 'POST pessoa física',
      request: () => ({
        method: 'POST',
        path: '/api/v1/pessoas-fisicas',
        headers: { cookie, 'content-type': 'application/json' },
        setupRequest: (request) => {
          sequence += 1;
          return { ...request, body: JSON.stringify(pessoaFisica(500_000_000 + sequence)) };
        },
      }),
    },
  ];
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
};
const spread = (values: number[], digits = 0) =>
  `${Math.min(...values).toFixed(digits)}–${Math.max(...values).toFixed(digits)}`;
const signed = (value: number) => `${value >= 0 ? '+' : '−'}${Math.abs(value).toFixed(1)}`;
const errorRate = (reports: LoadReport[]) => {
  const total = reports.reduce((sum, report) => sum + report.total, 0);
  const bad = reports.reduce((sum, report) => sum + report.failed + report.status5xx, 0);
  return total === 0 ? 0 : (bad / total) * 100;
};

interface Measured {
  endpoint: string;
  mode: 'rate' | 'throughput';
  nginx: LoadReport[];
  direct: LoadReport[];
}

async function measure(preview: Preview, endpoint: Endpoint, mode: Measured['mode']): Promise<Measured> {
  const result: Measured = { endpoint: endpoint.name, mode, nginx: [], direct: [] };
  for (let round = 0; round < ROUNDS; round += 1) {
    // Interleaved, so drift on a shared machine hits both sides alike.
    for (const [side, url] of [
      ['nginx', preview.url],
      ['direct', preview.appUrl],
    ] as const) {
      const report = await runLoad({
        url,
        requests: [endpoint.request()],
        durationSeconds: SECONDS,
        connections: mode === 'rate' ? RATE_CONNECTIONS : THROUGHPUT_CONNECTIONS,
        ...(mode === 'rate' ? { overallRate: RATE } : {}),
      });
      result[side].push(report);
    }
  }
  return result;
}

function table(results: Measured[]): string {
  const lines = [
    `Fixed rate ${RATE} req/s (${RATE_CONNECTIONS} connections): latency in ms, median of ${ROUNDS} rounds (spread).`,
    '',
    '| Endpoint | p50 Nginx+PM2 | p95 Nginx+PM2 | p99 Nginx+PM2 | p95 direct | Nginx hop (p50) | errors |',
    '| --- | --- | --- | --- | --- | --- | --- |',
  ];
  for (const result of results.filter((entry) => entry.mode === 'rate')) {
    const via = (key: 'p50' | 'p95' | 'p99') => result.nginx.map((report) => report.latencyMs[key]);
    const direct = (key: 'p50' | 'p95' | 'p99') => result.direct.map((report) => report.latencyMs[key]);
    lines.push(
      `| ${result.endpoint} | ${median(via('p50'))} (${spread(via('p50'))}) | ${median(via('p95'))} (${spread(via('p95'))}) | ${median(via('p99'))} (${spread(via('p99'))}) | ${median(direct('p95'))} (${spread(direct('p95'))}) | ${signed(median(via('p50')) - median(direct('p50')))} ms | ${errorRate([...result.nginx, ...result.direct]).toFixed(3)} % |`,
    );
  }
  lines.push(
    '',
    `Throughput (${THROUGHPUT_CONNECTIONS} connections, no rate limit): requests/s, median of ${ROUNDS} rounds (spread).`,
    '',
    '| Endpoint | Nginx+PM2 req/s | direct req/s | Nginx+PM2 / direct | p95 Nginx+PM2 (ms) | errors |',
    '| --- | --- | --- | --- | --- | --- |',
  );
  for (const result of results.filter((entry) => entry.mode === 'throughput')) {
    const via = result.nginx.map((report) => report.requestsPerSecond);
    const direct = result.direct.map((report) => report.requestsPerSecond);
    const p95 = result.nginx.map((report) => report.latencyMs.p95);
    lines.push(
      `| ${result.endpoint} | ${median(via).toFixed(0)} (${spread(via)}) | ${median(direct).toFixed(0)} (${spread(direct)}) | ${((median(via) / median(direct)) * 100).toFixed(0)} % | ${median(p95)} (${spread(p95)}) | ${errorRate([...result.nginx, ...result.direct]).toFixed(3)} % |`,
    );
  }
  return lines.join('\n');
}

async function main(): Promise<void> {
  const preview = await startPreview({
    instances: 2,
    env: { RATE_LIMIT_PER_MINUTE: '100000000', LOG_LEVEL: 'warn' },
    log: (line) => log(`preview: ${line}`),
  });
  try {
    const started = Date.now();
    const ids = await seed(preview.databaseUrl);
    log(
      `seeded ${ROWS} pessoas físicas in ${((Date.now() - started) / 1000).toFixed(1)} s; ${os.cpus().length} CPUs`,
    );
    const cookie = await login(preview.url, { login: PREVIEW_ADMIN.email, password: PREVIEW_ADMIN.password });
    const results: Measured[] = [];
    for (const mode of ['rate', 'throughput'] as const) {
      for (const endpoint of endpoints(cookie, ids)) {
        log(`${endpoint.name}, ${mode}: ${ROUNDS} × ${SECONDS} s per side`);
        results.push(await measure(preview, endpoint, mode));
      }
    }
    log('');
    log(table(results));
    log('');
    log(
      `Targets: p95 < ${PERFORMANCE_TARGETS.p95LatencyMs} ms, ≥ ${PERFORMANCE_TARGETS.minRequestsPerMinute} requests/min (${(PERFORMANCE_TARGETS.minRequestsPerMinute / 60).toFixed(1)} req/s), errors < ${PERFORMANCE_TARGETS.maxErrorRatePercent} %.`,
    );
  } finally {
    await preview.stop();
  }
}

main().catch((error: Error) => {
  process.stderr.write(`bench:preview: ${error.stack ?? error.message}\n`);
  process.exit(1);
});
