import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { request } from 'node:http';
import { join } from 'node:path';
import pg from 'pg';
import { expect, it } from 'vitest';
import { freePort } from '../src/db/embedded';
import { createTestDatabase } from './helpers/database';

/** One request on a fresh connection: the status, or the network error code. */
function send(port: number, method: string, path: string, body?: object): Promise<number | string> {
  return new Promise((resolve) => {
    const payload = body ? JSON.stringify(body) : undefined;
    const req = request(
      {
        host: '127.0.0.1',
        port,
        path,
        method,
        agent: false,
        headers: payload
          ? { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) }
          : {},
      },
      (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
      },
    );
    req.on('error', (error: NodeJS.ErrnoException) => resolve(error.code ?? 'error'));
    req.end(payload);
  });
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

it('starts like production and, on SIGTERM, stops accepting, finishes the in-flight request, then exits 0', async () => {
  const port = await freePort();
  const databaseUrl = await createTestDatabase();
  const server = spawn(process.execPath, ['--import', 'tsx', join(__dirname, '..', 'src', 'server.ts')], {
    env: {
      ...process.env,
      NODE_ENV: 'production',
      DATABASE_URL: databaseUrl,
      SESSION_SECRET: 'fake-session-secret-for-the-shutdown-test',
      PORT: String(port),
      LOG_LEVEL: 'warn',
      MAX_EVENT_LOOP_DELAY_MS: '0',
    },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  server.stderr!.on('data', (chunk) => {
    stderr += chunk;
  });
  const blocker = new pg.Client({ connectionString: databaseUrl });
  try {
    let ready: number | string = 0;
    for (let attempt = 0; attempt < 150 && ready !== 200; attempt += 1) {
      ready = await send(port, 'GET', '/health/ready');
      if (ready !== 200) await sleep(200);
    }
    expect(ready, stderr).toBe(200);

    // Hold a lock the login query needs, so a login request is provably in flight when SIGTERM arrives.
    await blocker.connect();
    await blocker.query('BEGIN');
    await blocker.query('LOCK TABLE usuarios.tentativa_login IN ACCESS EXCLUSIVE MODE');
    const inFlight = send(port, 'POST', '/api/v1/auth/login', {
      login: 'ninguem',
      password: 'qualquer-coisa',
    });
    await sleep(500);
    server.kill('SIGTERM');
    await sleep(500);
    expect(server.exitCode).toBeNull();
    expect(await send(port, 'GET', '/health/live')).toBe('ECONNREFUSED');

    await blocker.query('COMMIT');
    expect(await inFlight).toBe(401);
    const [code] = await once(server, 'exit');
    expect(code, stderr).toBe(0);
  } finally {
    await blocker.end().catch(() => {});
    if (server.exitCode === null) server.kill('SIGKILL');
  }
});

it('exits non-zero naming the variable when the environment is invalid', async () => {
  const server = spawn(process.execPath, ['--import', 'tsx', join(__dirname, '..', 'src', 'server.ts')], {
    env: { ...process.env, NODE_ENV: 'production', DATABASE_URL: 'mysql://nope', PORT: 'eighty' },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  server.stderr!.on('data', (chunk) => {
    stderr += chunk;
  });
  const [code] = await once(server, 'exit');
  expect(code).toBe(1);
  expect(stderr).toContain('DATABASE_URL');
  expect(stderr).toContain('PORT');
});
