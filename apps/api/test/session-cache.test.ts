import Redis from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../src/app';
import { buildTestApp } from './helpers/app';
import { startRedis, type TestRedis } from './helpers/redis';
import { createLoggedInUser } from './helpers/users';

let redis: TestRedis;
let inspector: Redis;
let app: App;

beforeAll(async () => {
  redis = await startRedis();
  inspector = new Redis(redis.url);
  // The inspector loses its server on purpose in the last test.
  inspector.on('error', () => {});
  app = await buildTestApp({ env: { REDIS_URL: redis.url } });
});
afterAll(async () => {
  await app?.close();
  inspector?.disconnect();
  await redis?.stop();
});

const me = (cookie: string) => app.inject({ method: 'GET', url: '/api/v1/auth/me', headers: { cookie } });
const sessionKeys = () => inspector.keys('sigma:sess:*');

describe('sessions with the Redis cache', () => {
  it('caches a session by its digest (never the raw cookie) and forgets it on logout', async () => {
    const { cookie } = await createLoggedInUser(app, 'VISUALIZADOR');
    const before = await sessionKeys();
    expect((await me(cookie)).statusCode).toBe(200);
    const added = (await sessionKeys()).filter((key) => !before.includes(key));
    expect(added).toHaveLength(1);
    expect(added[0]).not.toContain(cookie.split('=')[1]);
    expect(await inspector.ttl(added[0]!)).toBeLessThanOrEqual(60);

    await app.inject({ method: 'POST', url: '/api/v1/auth/logout', headers: { cookie } });
    expect(await inspector.exists(added[0]!)).toBe(0);
    expect((await me(cookie)).statusCode).toBe(401);
  });

  it('applies a suspension to a cached session on the next request', async () => {
    const target = await createLoggedInUser(app, 'OPERADOR');
    const gestor = await createLoggedInUser(app, 'GESTOR');
    expect((await me(target.cookie)).statusCode).toBe(200);
    const suspend = await app.inject({
      method: 'PATCH',
      url: `/api/v1/usuarios/${target.user.id}`,
      payload: { status: 'SUSPENSO' },
      headers: { cookie: gestor.cookie },
    });
    expect(suspend.statusCode).toBe(200);
    expect((await me(target.cookie)).statusCode).toBe(401);
  });

  it('keeps working from PostgreSQL when Redis is down; readiness reports the cache', async () => {
    const { cookie } = await createLoggedInUser(app, 'VISUALIZADOR');
    expect((await app.inject({ method: 'GET', url: '/health/ready' })).json().checks).toEqual({
      primary: 'ok',
      cache: 'ok',
    });
    await redis.stop();
    expect((await me(cookie)).statusCode).toBe(200);
    const fresh = await createLoggedInUser(app, 'ANALISTA');
    expect((await me(fresh.cookie)).statusCode).toBe(200);
    await app.inject({ method: 'POST', url: '/api/v1/auth/logout', headers: { cookie } });
    expect((await me(cookie)).statusCode).toBe(401);
    const ready = await app.inject({ method: 'GET', url: '/health/ready' });
    expect(ready.statusCode).toBe(503);
    expect(ready.json().checks).toEqual({ primary: 'ok', cache: 'fail' });
  });
});
