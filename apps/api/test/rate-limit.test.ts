import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../src/app';
import { buildTestApp } from './helpers/app';

let app: App;
beforeAll(async () => {
  app = await buildTestApp({ env: { SENSITIVE_RATE_LIMIT_PER_MINUTE: '2', RATE_LIMIT_PER_MINUTE: '4' } });
});
afterAll(() => app.close());

const resetFrom = (ip: string) =>
  app.inject({
    method: 'POST',
    url: '/api/v1/auth/password-reset',
    payload: { email: 'ninguem@orgao.example.com' },
    headers: { 'x-forwarded-for': ip },
  });

describe('rate limiting', () => {
  it('limits public account endpoints per client IP (as seen through the trusted proxy)', async () => {
    const statuses = [];
    for (let i = 0; i < 3; i += 1) statuses.push((await resetFrom('203.0.113.10')).statusCode);
    expect(statuses).toEqual([202, 202, 429]);
    const limited = await resetFrom('203.0.113.10');
    expect(limited.headers['content-type']).toContain('application/problem+json');
    expect(limited.json()).toMatchObject({ status: 429, title: 'Too Many Requests' });
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    // Another client behind the same proxy has its own budget.
    expect((await resetFrom('203.0.113.11')).statusCode).toBe(202);
  });

  it('ignores forged X-Forwarded-For hops beyond the trusted one', async () => {
    // TRUST_PROXY_HOPS=1: only the last hop (added by our proxy) counts; a client-supplied first hop does not.
    const from = (chain: string) =>
      app.inject({ method: 'GET', url: '/api/v1/auth/me', headers: { 'x-forwarded-for': chain } });
    const statuses = [];
    for (let i = 0; i < 5; i += 1) statuses.push((await from(`10.9.9.${i}, 198.51.100.20`)).statusCode);
    expect(statuses).toEqual([401, 401, 401, 401, 429]);
  });
});
