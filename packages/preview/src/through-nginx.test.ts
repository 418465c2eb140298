import { readFileSync } from 'node:fs';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { login, request } from './client';
import { PREVIEW_ADMIN, type Preview, startPreview } from './layout';
import { isAlive, processesMatching, waitFor } from './processes';

const BODY_LIMIT = 64 * 1024;
const SECURITY_HEADERS = {
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  'referrer-policy': 'strict-origin-when-cross-origin',
};

let preview: Preview;
beforeAll(async () => {
  preview = await startPreview({ bodyLimitBytes: BODY_LIMIT });
});
afterAll(async () => {
  await preview?.stop();
});

async function auditIps(action: string): Promise<string[]> {
  const client = new pg.Client({ connectionString: preview.databaseUrl });
  await client.connect();
  try {
    const { rows } = await client.query<{ ip: string }>(
      'SELECT host(ip) AS ip FROM auditoria.registro WHERE acao = $1 ORDER BY id',
      [action],
    );
    return rows.map((row) => row.ip);
  } finally {
    await client.end();
  }
}

describe('the instance layout through Nginx', () => {
  it('sends each security header exactly once (the app copies replaced), on JSON, HTML and errors', async () => {
    for (const path of ['/health/live', '/', '/api/v1/auth/me', '/no-such-page']) {
      const reply = await request(`${preview.url}${path}`);
      for (const [name, value] of Object.entries(SECURITY_HEADERS)) {
        expect(reply.headers.get(name), `${name} on ${path}`).toBe(value);
      }
      expect(reply.headers.get('server'), path).toBe('nginx');
      expect(reply.headers.get('x-powered-by'), path).toBeNull();
      // HSTS only for requests that came in over HTTPS at the edge.
      expect(reply.headers.get('strict-transport-security'), path).toBeNull();
    }
    const https = await request(`${preview.url}/health/live`, { headers: { 'x-forwarded-proto': 'https' } });
    expect(https.headers.get('strict-transport-security')).toBe('max-age=31536000; includeSubDomains');
  });

  it('gzips JSON responses', async () => {
    const reply = await request(`${preview.url}/openapi.json`, { headers: { 'accept-encoding': 'gzip' } });
    expect(reply.status).toBe(200);
    expect(reply.headers.get('content-type')).toMatch(/^application\/json/);
    expect(reply.headers.get('content-encoding')).toBe('gzip');
    expect(JSON.parse(reply.body).openapi).toMatch(/^3\./);
  });

  it('caches hashed assets for a year (proxy-cached), and makes HTML pages revalidate', async () => {
    const page = await request(`${preview.url}/`);
    expect(page.headers.get('content-type')).toMatch(/^text\/html/);
    expect(page.headers.get('cache-control')).toBe('no-cache');
    const asset = /(?:src|href)="(\/assets\/[^"]+\.(?:js|css))"/.exec(page.body)?.[1];
    expect(asset, 'the page links a hashed asset').toBeDefined();
    const first = await request(`${preview.url}${asset}`);
    expect(first.status).toBe(200);
    expect(first.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    const second = await request(`${preview.url}${asset}`);
    expect(second.headers.get('x-cache-status')).toBe('HIT');
    expect(second.body).toBe(first.body);
  });

  it('takes the client IP from X-Forwarded-For (trusted proxy) into the app audit log, ignoring spoofed hops', async () => {
    await login(
      preview.url,
      { login: PREVIEW_ADMIN.email, password: PREVIEW_ADMIN.password },
      { 'x-forwarded-for': '198.51.100.9, 203.0.113.7' },
    );
    const ips = await auditIps('LOGIN');
    expect(ips.at(-1)).toBe('203.0.113.7');
    expect(ips).not.toContain('198.51.100.9');
  });

  it('rejects bodies over the limit in Nginx with a problem+json 413, and passes those under it', async () => {
    const cookie = await login(preview.url, { login: PREVIEW_ADMIN.email, password: PREVIEW_ADMIN.password });
    const big = JSON.stringify({ nome_completo: 'x'.repeat(BODY_LIMIT) });
    const reply = await request(`${preview.url}/api/v1/pessoas-fisicas`, {
      method: 'POST',
      headers: { cookie, 'content-type': 'application/json' },
      body: big,
    });
    expect(reply.status).toBe(413);
    expect(reply.headers.get('content-type')).toBe('application/problem+json');
    expect(JSON.parse(reply.body)).toMatchObject({ status: 413, title: 'Payload Too Large' });
    expect(reply.headers.get('x-frame-options')).toBe('DENY');
    // Under the limit the request reaches the app, which validates it (422/400, not 413).
    const small = await request(`${preview.url}/api/v1/pessoas-fisicas`, {
      method: 'POST',
      headers: { cookie, 'content-type': 'application/json' },
      body: JSON.stringify({ nome_completo: 'x' }),
    });
    expect([400, 422]).toContain(small.status);
  });

  it('passes /health/ready through to the app, and keeps health checks out of the access log', async () => {
    const ready = await request(`${preview.url}/health/ready`);
    expect(ready.status).toBe(200);
    expect(JSON.parse(ready.body)).toMatchObject({ status: 'ok', checks: { primary: 'ok' } });
    const marker = `/no-such-page-${Date.now()}`;
    await request(`${preview.url}${marker}`);
    // Access log lines are buffered (flush=5s).
    await waitFor('the access log to show the marker request', () =>
      readFileSync(preview.nginx.accessLog, 'utf8').includes(marker),
    );
    const log = readFileSync(preview.nginx.accessLog, 'utf8');
    expect(log).not.toContain('/health/');
    const line = JSON.parse(log.split('\n').find((entry) => entry.includes(marker))!);
    expect(line).toMatchObject({ path: marker, status: 404, client_ip: '127.0.0.1' });
  });

  it('stops everything and leaves nothing running', async () => {
    const pids = await preview.runningPids();
    // Nginx, the PM2 daemon, two workers, PostgreSQL, and Redis when installed.
    expect(pids.length).toBeGreaterThanOrEqual(5);
    const workDir = preview.workDir;
    await preview.stop();
    expect(pids.filter(isAlive)).toEqual([]);
    expect(processesMatching(workDir)).toEqual([]);
  });
});
