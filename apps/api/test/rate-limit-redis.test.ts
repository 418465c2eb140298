import { afterAll, beforeAll, expect, it } from 'vitest';
import type { App } from '../src/app';
import { buildTestApp } from './helpers/app';
import { startRedis, type TestRedis } from './helpers/redis';

// Two instances behind the load balancer share one budget per client through Redis.
let redis: TestRedis;
let first: App;
let second: App;
beforeAll(async () => {
  redis = await startRedis();
  const env = { REDIS_URL: redis.url, RATE_LIMIT_PER_MINUTE: '3' };
  first = await buildTestApp({ env });
  second = await buildTestApp({ env, databaseUrl: first.config.DATABASE_URL });
});
afterAll(async () => {
  await first?.close();
  await second?.close();
  await redis?.stop();
});

it('counts a client across instances with the Redis store', async () => {
  const from = (app: App) =>
    app.inject({ method: 'GET', url: '/api/v1/auth/me', headers: { 'x-forwarded-for': '203.0.113.50' } });
  const statuses = [];
  for (const app of [first, second, first, second]) statuses.push((await from(app)).statusCode);
  expect(statuses).toEqual([401, 401, 401, 429]);
});
