import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../src/app';
import { buildTestApp } from './helpers/app';

describe('health', () => {
  let app: App;
  beforeAll(async () => {
    app = await buildTestApp({ env: { RATE_LIMIT_PER_MINUTE: '2' } });
  });
  afterAll(() => app.close());

  it('answers liveness', async () => {
    const response = await app.inject({ method: 'GET', url: '/health/live' });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({ status: 'ok' });
  });

  it('answers readiness with the database check', async () => {
    const response = await app.inject({ method: 'GET', url: '/health/ready' });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({ status: 'ok', checks: { primary: 'ok' } });
  });

  it('is never rate limited, while other routes are', async () => {
    for (let i = 0; i < 5; i += 1) {
      expect((await app.inject({ method: 'GET', url: '/health/ready' })).statusCode).toBe(200);
    }
    const statuses: number[] = [];
    for (let i = 0; i < 3; i += 1)
      statuses.push((await app.inject({ method: 'GET', url: '/nowhere' })).statusCode);
    expect(statuses).toEqual([404, 404, 429]);
  });
});
