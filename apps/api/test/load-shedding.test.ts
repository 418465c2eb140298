import { afterAll, beforeAll, expect, it, vi } from 'vitest';
import type { App } from '../src/app';
import { buildTestApp } from './helpers/app';

let app: App;
beforeAll(async () => {
  app = await buildTestApp({ env: { MAX_EVENT_LOOP_DELAY_MS: '50' } });
});
afterAll(() => app.close());

const blockEventLoop = (ms: number) => {
  const until = Date.now() + ms;
  while (Date.now() < until);
};

it('answers 503 problem+json while the event loop is blocked beyond the limit, and recovers by itself', async () => {
  // The limit applies to the mean delay of a sampling window; keep the loop blocked until a window exceeds it.
  let shed: Awaited<ReturnType<App['inject']>> | undefined;
  for (let attempt = 0; attempt < 5 && shed?.statusCode !== 503; attempt += 1) {
    blockEventLoop(1_500);
    await new Promise((resolve) => setTimeout(resolve, 20));
    shed = await app.inject({ method: 'GET', url: '/api/v1/auth/me' });
  }
  expect(shed?.statusCode).toBe(503);
  expect(shed?.headers['content-type']).toContain('application/problem+json');
  expect(shed?.headers['retry-after']).toBe('10');

  await vi.waitFor(
    async () => expect((await app.inject({ method: 'GET', url: '/api/v1/auth/me' })).statusCode).toBe(401),
    { timeout: 10_000, interval: 250 },
  );
});
