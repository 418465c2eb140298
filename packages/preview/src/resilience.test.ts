import { setTimeout as sleep } from 'node:timers/promises';
import { APP_PROCESS_NAME } from '@sigma-pli/instance';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { login, pessoaFisica, request } from './client';
import { PREVIEW_ADMIN, type Preview, startPreview } from './layout';
import { runLoad } from './load';
import { waitFor } from './processes';
import { findRedisServer } from './redis';

// Load comes from one address (127.0.0.1): lift the per-IP rate limit so it measures the layout, not the limiter.
const APP_ENV = { RATE_LIMIT_PER_MINUTE: '1000000', LOG_LEVEL: 'warn' };
const RATE = 150;
/** Enough requests that the fault happened under load; not a speed requirement (the machine is shared). */
const MIN_REQUESTS = 100;

let preview: Preview;
let cookie: string;
const admin = { login: PREVIEW_ADMIN.email, password: PREVIEW_ADMIN.password };

beforeAll(async () => {
  preview = await startPreview({ env: APP_ENV });
  cookie = await login(preview.url, admin);
});
afterAll(async () => {
  await preview?.stop();
});

async function workers() {
  const list = await preview.pm2.list();
  return list.filter((entry) => entry.name === APP_PROCESS_NAME);
}

const listRequest = () => ({ method: 'GET', path: '/api/v1/pessoas-fisicas?limit=5', headers: { cookie } });

describe('the instance layout under load and faults', () => {
  it('reloads the PM2 cluster under steady load with zero failed requests and zero 5xx', async () => {
    const before = (await workers()).map((worker) => worker.pid);
    // The load runs from before the reload until a second after it completed.
    const reload = sleep(1_500).then(() => preview.pm2.reload(APP_PROCESS_NAME));
    const report = await runLoad({
      url: preview.url,
      requests: [listRequest()],
      durationSeconds: 90,
      overallRate: RATE,
      until: reload,
    });
    await reload;
    const after = await workers();
    expect(after.every((worker) => worker.pm2_env.status === 'online')).toBe(true);
    // Every worker was replaced.
    expect(after.map((worker) => worker.pid).filter((pid) => before.includes(pid))).toEqual([]);
    expect(report.total).toBeGreaterThan(MIN_REQUESTS);
    expect(report.failed).toBe(0);
    expect(report.status5xx).toBe(0);
    expect(report.non2xx).toBe(0);
  });

  it('restarts a killed worker under load, with an error rate under 0.1 %', async () => {
    const [victim, other] = await workers();
    const restartsBefore = victim!.pm2_env.restart_time;
    // The load runs from before the kill until a second after PM2 has the worker back online.
    const restarted = sleep(2_000).then(async () => {
      process.kill(victim!.pid, 'SIGKILL');
      await waitFor('PM2 to restart the killed worker', async () => {
        const now = (await workers()).find((worker) => worker.pm_id === victim!.pm_id);
        return now !== undefined && now.pid !== victim!.pid && now.pm2_env.status === 'online';
      });
    });
    const report = await runLoad({
      url: preview.url,
      requests: [listRequest()],
      durationSeconds: 90,
      overallRate: RATE,
      until: restarted,
    });
    await restarted;
    const now = await workers();
    expect(now.find((worker) => worker.pm_id === victim!.pm_id)!.pm2_env.restart_time).toBe(
      restartsBefore + 1,
    );
    expect(now.find((worker) => worker.pm_id === other!.pm_id)!.pid).toBe(other!.pid);
    expect(report.total).toBeGreaterThan(MIN_REQUESTS);
    expect((report.failed + report.non2xx) / report.total).toBeLessThan(0.001);
  });

  it.runIf(findRedisServer())('keeps sessions working from PostgreSQL while Redis is down', async () => {
    const me = () => request(`${preview.url}/api/v1/auth/me`, { headers: { cookie }, timeoutMs: 12_000 });
    expect((await me()).status).toBe(200);
    await preview.redis!.stop();
    try {
      // Both workers (round-robin) answer from PostgreSQL.
      for (let attempt = 0; attempt < 4; attempt += 1) expect((await me()).status).toBe(200);
      const fresh = await login(preview.url, admin);
      const revoke = await request(`${preview.url}/api/v1/auth/logout`, {
        method: 'POST',
        headers: { cookie: fresh },
      });
      expect(revoke.status).toBe(204);
      const revoked = await request(`${preview.url}/api/v1/auth/me`, { headers: { cookie: fresh } });
      expect(revoked.status).toBe(401);
    } finally {
      await preview.redis!.start();
    }
    expect((await me()).status).toBe(200);
  });

  it('survives a database outage under load: 503 fast, readiness 503, recovery without restart, no lost write', async () => {
    const restartsBefore = (await workers()).map((worker) => [worker.pid, worker.pm2_env.restart_time]);
    const acknowledged: string[] = [];
    let sequence = 0;
    const runId = Date.now() % 100_000;
    const load = runLoad({
      url: preview.url,
      durationSeconds: 16,
      overallRate: 100,
      timeoutSeconds: 15,
      requests: [
        {
          method: 'POST',
          path: '/api/v1/pessoas-fisicas',
          headers: { cookie, 'content-type': 'application/json' },
          setupRequest: (req) => {
            sequence += 1;
            return { ...req, body: JSON.stringify(pessoaFisica(runId * 10_000 + sequence)) };
          },
          onResponse: (status, body) => {
            if (status === 201) acknowledged.push((JSON.parse(body) as { id: string }).id);
          },
        },
      ],
    });
    await sleep(3_000);
    await preview.postgres!.stop();
    const stoppedAt = Date.now();

    await waitFor(
      '/health/ready to turn 503',
      async () => (await request(`${preview.url}/health/ready`, { timeoutMs: 5_000 })).status === 503,
      10_000,
    );
    const outage = await request(`${preview.url}/api/v1/pessoas-fisicas?limit=5`, {
      headers: { cookie },
      timeoutMs: 12_000,
    });
    expect(outage.status).toBe(503);
    expect(outage.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(JSON.parse(outage.body)).toMatchObject({ status: 503 });

    await sleep(Math.max(0, 5_000 - (Date.now() - stoppedAt)));
    await preview.postgres!.start();
    await waitFor(
      '/health/ready to turn 200 again',
      async () => (await request(`${preview.url}/health/ready`, { timeoutMs: 5_000 })).status === 200,
      30_000,
    );
    const report = await load;

    // No hang (every request answered) and only 201 or 503.
    expect(report.failed).toBe(0);
    expect(Object.keys(report.statusCounts).sort()).toEqual(['201', '503']);
    // No restart and no crash loop: the same worker processes served before, during and after.
    expect((await workers()).map((worker) => [worker.pid, worker.pm2_env.restart_time])).toEqual(
      restartsBefore,
    );
    // Every acknowledged write is in the database.
    expect(acknowledged.length).toBeGreaterThan(100);
    const client = new pg.Client({ connectionString: preview.databaseUrl });
    await client.connect();
    try {
      const { rows } = await client.query<{ count: string }>(
        'SELECT count(*) FROM cadastro.pessoa_fisica WHERE id = ANY($1::uuid[])',
        [acknowledged],
      );
      expect(Number(rows[0]!.count)).toBe(acknowledged.length);
    } finally {
      await client.end();
    }
  });
});
