import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { App } from '../src/app';
import { buildTestApp } from './helpers/app';
import { createLoggedInUser } from './helpers/users';

// Two app instances on one database: two PM2 workers (or two instances), each with its own memory cache.
let first: App;
let second: App;
beforeAll(async () => {
  first = await buildTestApp();
  second = await buildTestApp({ databaseUrl: first.config.DATABASE_URL });
  await vi.waitFor(() => {
    expect(first.sessions.isListening() && second.sessions.isListening()).toBe(true);
  });
});
afterAll(async () => {
  await first?.close();
  await second?.close();
});

const me = (app: App, cookie: string) =>
  app.inject({ method: 'GET', url: '/api/v1/auth/me', headers: { cookie } });

describe('revocation across workers', () => {
  it('ends a session another worker has cached as soon as the revoking transaction commits', async () => {
    const { cookie } = await createLoggedInUser(first, 'VISUALIZADOR');
    expect((await me(second, cookie)).statusCode).toBe(200); // now cached in the second worker's memory
    expect((await me(second, cookie)).statusCode).toBe(200);
    await first.inject({ method: 'POST', url: '/api/v1/auth/logout', headers: { cookie } });
    await vi.waitFor(async () => expect((await me(second, cookie)).statusCode).toBe(401), { timeout: 1_000 });
  });

  it('does not evict anything when the revoking transaction rolls back', async () => {
    const { user, cookie } = await createLoggedInUser(first, 'VISUALIZADOR');
    expect((await me(second, cookie)).statusCode).toBe(200);
    await first.db
      .transaction(async (client) => {
        await first.sessions.revokeAllForUser(client, user.id, 'CONTA_ALTERADA');
        throw new Error('rolled back');
      })
      .catch(() => {});
    expect((await me(first, cookie)).statusCode).toBe(200);
    expect((await me(second, cookie)).statusCode).toBe(200);
  });
});
