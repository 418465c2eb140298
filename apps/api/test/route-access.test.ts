import type { RouteOptions } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../src/app';
import { ROLES } from '../src/auth/roles';
import { buildTestApp } from './helpers/app';
import { createUserAndLogin } from './helpers/users';

/** The only /api/v1 routes anyone may call without a session. */
const PUBLIC_API_ROUTES = new Set([
  'POST /api/v1/auth/login',
  'POST /api/v1/auth/password-reset',
  'POST /api/v1/auth/password-reset/confirm',
  'POST /api/v1/registrations',
  'GET /api/v1/registrations/verify',
  'GET /api/v1/relatorios/publico',
]);

describe('route table', () => {
  const routes: RouteOptions[] = [];
  let app: App;
  beforeAll(async () => {
    app = await buildTestApp({ onRoute: (route) => routes.push(route) });
  });
  afterAll(() => app.close());

  const apiRoutes = () =>
    routes
      .filter((route) => route.url.startsWith('/api/v1'))
      .flatMap((route) =>
        [route.method]
          .flat()
          .filter((method) => method !== 'HEAD')
          .map((method) => ({
            key: `${method} ${route.url.replace(/\/$/, '')}`,
            config: route.config ?? {},
          })),
      );

  it('sees the API routes', () => {
    expect(apiRoutes().length).toBeGreaterThan(5);
  });

  it('declares a minimum role on every /api/v1 route except the public ones', () => {
    const offenders = apiRoutes()
      .filter(({ key, config }) => {
        const declared = config as { access?: string; minRole?: string };
        if (PUBLIC_API_ROUTES.has(key)) return declared.access !== 'public' || declared.minRole !== undefined;
        return declared.access !== undefined || !ROLES.includes(declared.minRole as never);
      })
      .map(({ key }) => key);
    expect(offenders).toEqual([]);
  });

  it('makes health checks public and unthrottled', () => {
    const health = routes.filter((route) => route.url.startsWith('/health') && route.method === 'GET');
    expect(health.map((route) => route.url).sort()).toEqual(['/health/live', '/health/ready']);
    for (const route of health) expect(route.config).toMatchObject({ access: 'public', rateLimit: false });
  });

  it('checks access before validating input, so anonymous callers learn nothing about schemas', async () => {
    const response = await app.inject({
      method: 'POST',
      url: '/api/v1/registrations/00000000-0000-4000-8000-000000000000/approve',
      payload: { unexpected: true },
    });
    expect(response.statusCode).toBe(401);
    expect(response.json()).not.toHaveProperty('errors');
  });

  it('enforces the account routes per role (permission matrix)', async () => {
    const routes = [
      { url: '/api/v1/auth/me', minRole: 'VISUALIZADOR' },
      { url: '/api/v1/auth/sessions', minRole: 'VISUALIZADOR' },
      { url: '/api/v1/registrations', minRole: 'GESTOR' },
      { url: '/api/v1/usuarios', minRole: 'GESTOR' },
    ] as const;
    for (const role of ROLES) {
      const cookie = await createUserAndLogin(app, role);
      for (const route of routes) {
        const response = await app.inject({ method: 'GET', url: route.url, headers: { cookie } });
        const allowed = ROLES.indexOf(role) >= ROLES.indexOf(route.minRole);
        expect(response.statusCode, `${role} GET ${route.url}`).toBe(allowed ? 200 : 403);
      }
    }
  });
});
