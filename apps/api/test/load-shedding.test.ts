import { afterAll, beforeAll, expect, it } from 'vitest';
import type { App } from '../src/app';
import { buildTestApp } from './helpers/app';

let app: App;
beforeAll(async () => {
  app = await buildTestApp({ env: { MAX_EVENT_LOOP_DELAY_MS: '50' } });
});
afterAll(() => app.close());

it('answers 503 problem+json while the event loop is blocked beyond the limit, and recovers', async () => {
  // Let the sample that includes startup pass, then block the loop for a while.
  await new Promise((resolve) => setTimeout(resolve, 1_200));
  const until = Date.now() + 1_500;
  while (Date.now() < until);
  // The overdue sampling timer runs first and records the blocked period; the request then sees it.
  await new Promise((resolve) => setTimeout(resolve, 50));
  const shed = await app.inject({ method: 'GET', url: '/api/v1/auth/me' });
  expect(shed.statusCode).toBe(503);
  expect(shed.headers['content-type']).toContain('application/problem+json');
  expect(shed.headers['retry-after']).toBe('10');

  await new Promise((resolve) => setTimeout(resolve, 2_200));
  expect((await app.inject({ method: 'GET', url: '/api/v1/auth/me' })).statusCode).toBe(401);
});
