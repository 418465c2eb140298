import { Writable } from 'node:stream';
import { parseAppEnv } from '@sigma-pli/config';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureAdmin } from '../src/admin';
import { type App, loggerOptions } from '../src/app';
import { buildTestApp } from './helpers/app';
import { createUser, login, TEST_PASSWORD } from './helpers/users';

const lines: Record<string, unknown>[] = [];
const sink = new Writable({
  write(chunk, _encoding, done) {
    for (const line of chunk.toString().split('\n').filter(Boolean)) lines.push(JSON.parse(line));
    done();
  },
});

let app: App;
beforeAll(async () => {
  const env = { LOG_LEVEL: 'info', CORS_ORIGINS: 'https://www.sigma-pli.example.com' };
  const options = loggerOptions({ ...parseAppEnv(env), DATABASE_URL: 'postgres://unused/x' });
  app = await buildTestApp({ env, logger: { ...options, stream: sink } });
});
afterAll(() => app.close());

describe('logs', () => {
  it('carry request ids but no passwords, cookies, tokens or query strings; health checks stay quiet', async () => {
    const user = await createUser(app);
    const cookie = await login(app, user.username, TEST_PASSWORD);
    await app.inject({
      method: 'GET',
      url: '/api/v1/auth/me',
      headers: { cookie, 'x-request-id': 'req-from-proxy-1' },
    });
    await app.inject({
      method: 'GET',
      url: '/api/v1/registrations/verify?token=abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG',
    });
    await app.inject({ method: 'GET', url: '/health/ready' });
    await app.inject({ method: 'GET', url: '/health/live' });
    const text = JSON.stringify(lines);
    // One line per request (login, me, verify); the two health checks are not logged at info.
    const completed = lines.filter((line) => line.msg === 'request completed');
    expect(completed.map((line) => (line.req as { url: string }).url)).toEqual([
      '/api/v1/auth/login',
      '/api/v1/auth/me',
      '/api/v1/registrations/verify',
    ]);
    expect(text).not.toContain(TEST_PASSWORD);
    expect(text).not.toContain(user.username);
    expect(text).not.toContain(cookie.split('=')[1]);
    expect(text).not.toContain('abcdefghijklmnop');
    expect(text).not.toContain('/health/');
    expect(lines.filter((line) => line.req || line.res).every((line) => typeof line.reqId === 'string')).toBe(
      true,
    );
    expect(lines.some((line) => line.reqId === 'req-from-proxy-1')).toBe(true);
  });
});

describe('HTTP hardening', () => {
  it('sends security headers and a request id on every response', async () => {
    const response = await app.inject({ method: 'GET', url: '/health/live' });
    expect(response.headers).toMatchObject({
      'x-content-type-options': 'nosniff',
      'x-frame-options': 'SAMEORIGIN',
    });
    expect(response.headers['content-security-policy']).toContain("default-src 'self'");
    expect(response.headers['content-security-policy']).toContain("frame-ancestors 'none'");
    expect(response.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('answers CORS only for allow-listed origins, and never with an error', async () => {
    const preflight = (origin: string) =>
      app.inject({
        method: 'OPTIONS',
        url: '/api/v1/auth/login',
        headers: { origin, 'access-control-request-method': 'POST' },
      });
    const allowed = await preflight('https://www.sigma-pli.example.com');
    expect(allowed.headers['access-control-allow-origin']).toBe('https://www.sigma-pli.example.com');
    expect(allowed.headers['access-control-allow-credentials']).toBe('true');
    const other = await preflight('https://evil.example.net');
    expect(other.statusCode).toBeLessThan(500);
    expect(other.headers['access-control-allow-origin']).toBeUndefined();
  });

  it('refuses bodies over the limit (413) and non-JSON bodies (415) as problems', async () => {
    const huge = await app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      headers: { 'content-type': 'application/json' },
      payload: JSON.stringify({ login: 'x'.repeat(app.config.BODY_LIMIT_BYTES), password: 'y' }),
    });
    expect(huge.statusCode).toBe(413);
    expect(huge.headers['content-type']).toContain('application/problem+json');
    const form = await app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: 'login=x&password=y',
    });
    expect(form.statusCode).toBe(415);
    expect(form.json()).toMatchObject({ status: 415 });
  });

  it('answers unknown routes with a 404 problem', async () => {
    const response = await app.inject({ method: 'GET', url: '/api/v1/nada?x=1' });
    expect(response.statusCode).toBe(404);
    expect(response.headers['content-type']).toContain('application/problem+json');
    expect(response.json()).toEqual({
      type: 'urn:sigma-pli:problem:http-404',
      title: 'Not Found',
      status: 404,
      detail: 'Rota GET /api/v1/nada não existe.',
    });
  });

  it('publishes the OpenAPI document and the docs page', async () => {
    const spec = await app.inject({ method: 'GET', url: '/openapi.json' });
    expect(spec.statusCode).toBe(200);
    const document = spec.json();
    expect(document.openapi).toMatch(/^3\./);
    expect(Object.keys(document.paths)).toEqual(
      expect.arrayContaining(['/api/v1/auth/login', '/api/v1/registrations', '/api/v1/usuarios/{id}']),
    );
    expect(document.paths['/api/v1/usuarios/{id}'].get.security).toEqual([{ session: [] }]);
    const docs = await app.inject({ method: 'GET', url: '/docs' });
    expect(docs.statusCode).toBeLessThan(400);
  });
});

describe('ensureAdmin', () => {
  it('creates the bootstrap ADMIN once, promotes an existing account, and never resets a password', async () => {
    const email = 'Admin.Inicial@sigma-pli.example.com';
    expect(await ensureAdmin(app.db.write, email, 'Bootstrap-password-1')).toBe('created');
    expect(await ensureAdmin(app.db.write, email, 'Other-password-2')).toBe('unchanged');
    const session = await login(app, email.toLowerCase(), 'Bootstrap-password-1');
    const me = await app.inject({ method: 'GET', url: '/api/v1/auth/me', headers: { cookie: session } });
    expect(me.json().user).toMatchObject({
      tipo_usuario: 'ADMIN',
      conta_inicial: true,
      pessoa_fisica_id: null,
    });

    const existing = await createUser(app, { role: 'ANALISTA' });
    expect(await ensureAdmin(app.db.write, existing.emailInstitucional, 'Ignored-password-3')).toBe(
      'promoted',
    );
    const promoted = await login(app, existing.username, TEST_PASSWORD);
    const profile = await app.inject({
      method: 'GET',
      url: '/api/v1/auth/me',
      headers: { cookie: promoted },
    });
    expect(profile.json().user.tipo_usuario).toBe('ADMIN');
  });
});
