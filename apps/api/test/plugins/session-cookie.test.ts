import { createHmac } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { App } from '../../src/app';
import { buildTestApp } from '../helpers/app';
import { createUser, login, TEST_PASSWORD } from '../helpers/users';

// Obviously fake secrets, 32+ characters each.
const OLD_SECRET = 'fake-session-secret-old-0123456789';
const NEW_SECRET = 'fake-session-secret-new-0123456789';

/** A cookie value signed the way @fastify/cookie signs (HMAC-SHA256, base64 without padding). */
function signWith(secret: string, token: string): string {
  return `${token}.${createHmac('sha256', secret).update(token).digest('base64').replace(/=/g, '')}`;
}

const me = (app: App, cookie: string) =>
  app.inject({ method: 'GET', url: '/api/v1/auth/me', headers: { cookie } });

/** The session token and signature from a `sigma_sid=<token>.<signature>` request header. */
function splitCookie(cookie: string): { token: string; signature: string } {
  const value = cookie.slice('sigma_sid='.length);
  const dot = value.lastIndexOf('.');
  return { token: value.slice(0, dot), signature: value.slice(dot + 1) };
}

describe('signed session cookie', () => {
  let app: App;
  beforeAll(async () => {
    app = await buildTestApp({ env: { SESSION_SECRET: OLD_SECRET } });
  });
  afterAll(() => app.close());

  it('refuses a tampered or foreign-signed cookie with 401 without looking the session up', async () => {
    const user = await createUser(app);
    const cookie = await login(app, user.username, TEST_PASSWORD);
    const { token, signature } = splitCookie(cookie);
    expect(signature.length).toBeGreaterThan(0);
    expect((await me(app, cookie)).statusCode).toBe(200);

    const lookups = vi.spyOn(app.sessions, 'authenticate');
    try {
      const flipped = signature.endsWith('A') ? 'B' : 'A';
      const forged = [
        `sigma_sid=${token}.${signature.slice(0, -1)}${flipped}`, // signature tampered
        `sigma_sid=${signWith(NEW_SECRET, token)}`, // a live token signed with another key
        `sigma_sid=${token}`, // the bare token, unsigned
        'sigma_sid=garbage',
      ];
      for (const header of forged) {
        const response = await me(app, header);
        expect(response.statusCode, header).toBe(401);
        expect(response.headers['content-type']).toContain('application/problem+json');
      }
      expect(lookups).not.toHaveBeenCalled();
      // The genuine cookie of the same session still authenticates (so the 401s came from the signature).
      expect((await me(app, cookie)).statusCode).toBe(200);
      expect(lookups).toHaveBeenCalledTimes(1);
    } finally {
      lookups.mockRestore();
    }
  });

  it('keeps sessions signed with the previous secret after a rotation, and re-signs them', async () => {
    const user = await createUser(app);
    const oldCookie = await login(app, user.username, TEST_PASSWORD);
    const rotated = await buildTestApp({
      databaseUrl: app.config.DATABASE_URL,
      env: { SESSION_SECRET: NEW_SECRET, SESSION_SECRET_PREVIOUS: OLD_SECRET },
    });
    const retired = await buildTestApp({
      databaseUrl: app.config.DATABASE_URL,
      env: { SESSION_SECRET: NEW_SECRET },
    });
    try {
      const response = await me(rotated, oldCookie);
      expect(response.statusCode).toBe(200);
      expect(response.json().user).toMatchObject({ id: user.id });
      const renewed = response.cookies.find((item) => item.name === 'sigma_sid');
      const { token } = splitCookie(oldCookie);
      expect(renewed?.value).toBe(signWith(NEW_SECRET, token));
      expect((await me(rotated, `sigma_sid=${renewed?.value}`)).statusCode).toBe(200);

      // Once the previous secret is dropped, cookies it signed are refused; re-signed ones keep working.
      expect((await me(retired, oldCookie)).statusCode).toBe(401);
      expect((await me(retired, `sigma_sid=${renewed?.value}`)).statusCode).toBe(200);
      // New logins are signed with the current secret only: an app that knows only the old one refuses them.
      expect((await me(app, await login(rotated, user.username, TEST_PASSWORD))).statusCode).toBe(401);
    } finally {
      await rotated.close();
      await retired.close();
    }
  });
});
