import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../src/app';
import { type EmbeddedPostgres, startEmbeddedPostgres } from '../src/db/embedded';
import { migrate } from '../src/db/migrate';
import { buildTestApp } from './helpers/app';
import { createLoggedInUser } from './helpers/users';

// This file stops and restarts PostgreSQL, so it gets a server of its own instead of the shared one.
let dataRoot: string;
let server: EmbeddedPostgres;
let app: App;

beforeAll(async () => {
  dataRoot = mkdtempSync(join(tmpdir(), 'sigma-api-readiness-'));
  chmodSync(dataRoot, 0o755);
  server = await startEmbeddedPostgres(join(dataRoot, 'pg'));
  await migrate(server.url('postgres'));
  app = await buildTestApp({ databaseUrl: server.url('postgres') });
});

afterAll(async () => {
  await app?.close();
  await server?.stop().catch(() => {});
  rmSync(dataRoot, { recursive: true, force: true });
});

describe('readiness follows the database', () => {
  it('goes 503 while PostgreSQL is down and back to 200 when it returns, without a restart', async () => {
    const { cookie } = await createLoggedInUser(app, 'VISUALIZADOR');
    expect((await app.inject({ method: 'GET', url: '/health/ready' })).statusCode).toBe(200);

    await server.stop();
    const down = await app.inject({ method: 'GET', url: '/health/ready' });
    expect(down.statusCode).toBe(503);
    expect(down.json()).toEqual({ status: 'unavailable', checks: { primary: 'fail' } });
    // Liveness is about the process, not its dependencies.
    expect((await app.inject({ method: 'GET', url: '/health/live' })).statusCode).toBe(200);
    // An API call that needs the database says so, without leaking driver details.
    const api = await app.inject({ method: 'GET', url: '/api/v1/auth/me', headers: { cookie } });
    expect(api.statusCode).toBe(503);
    expect(api.headers['content-type']).toContain('application/problem+json');
    expect(api.body).not.toMatch(/ECONNREFUSED|pg|SELECT|at /);

    await server.start();
    expect((await app.inject({ method: 'GET', url: '/health/ready' })).statusCode).toBe(200);
    expect(
      (await app.inject({ method: 'GET', url: '/api/v1/auth/me', headers: { cookie } })).statusCode,
    ).toBe(200);
  });
});
