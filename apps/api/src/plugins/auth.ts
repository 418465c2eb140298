import fastifyCookie from '@fastify/cookie';
import type { FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { RevocationListener } from '../auth/revocation-listener';
import { type AuthUser, hasRole, type Role } from '../auth/roles';
import { SESSION_COOKIE, SessionStore } from '../auth/sessions';
import { isWellFormedToken } from '../auth/tokens';
import { connectionConfig } from '../db/pools';
import { problem } from '../errors';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** `'public'`: anyone may call the route. Exactly one of `access` and `minRole` is set on every API route. */
    access?: 'public';
    /** The lowest account type allowed to call the route. */
    minRole?: Role;
  }
  interface FastifyInstance {
    sessions: SessionStore;
    /** Sets the session cookie on a login response. */
    setSessionCookie(reply: FastifyReply, token: string): void;
    clearSessionCookie(reply: FastifyReply): void;
  }
  interface FastifyRequest {
    /** The authenticated account; set on every route that declares `minRole`, null on public ones. */
    user: AuthUser | null;
    /** Id of the caller's session (the `usuarios.sessao` row), when authenticated. */
    sessionId: string | null;
  }
}

/** `request.user` on a route guarded by `minRole`, where the guard guarantees it is set. */
export function currentUser(request: FastifyRequest): AuthUser {
  if (!request.user) throw problem(401, 'Unauthorized', 'Sessão ausente ou expirada.');
  return request.user;
}

/**
 * The single access guard. Every route declares `config.access: 'public'` or `config.minRole`; this hook
 * authenticates the session cookie and enforces the declaration before the body is parsed or validated (401
 * without a live session, 403 below the required type). An /api route that declares neither is refused (fail closed); the route
 * table test catches it before it ships.
 */
export default fp(
  async (app) => {
    const { config } = app;
    // The session cookie carries an HMAC of the token: a forged or garbled cookie is refused before any Redis or
    // PostgreSQL lookup. The first secret signs; the previous one (rotation) still verifies.
    const cookieSecrets = [config.SESSION_SECRET, config.SESSION_SECRET_PREVIOUS].filter(
      (secret): secret is string => secret !== undefined,
    );
    await app.register(fastifyCookie, { secret: cookieSecrets });
    let listener: RevocationListener | undefined;
    const sessions = new SessionStore(
      app.db.write,
      app.cache,
      { idleMinutes: config.SESSION_IDLE_MINUTES, maxHours: config.SESSION_MAX_HOURS },
      () => listener?.listening === true,
    );
    listener = new RevocationListener(
      connectionConfig(config.DATABASE_URL, config.DATABASE_CA_FILE),
      (digests) => sessions.evictLocal(digests),
      () => sessions.clearLocal(),
    );
    listener.start();
    app.addHook('onClose', async () => listener?.stop());
    app.decorate('sessions', sessions);
    const secure = config.NODE_ENV === 'production';
    app.decorate('setSessionCookie', (reply: FastifyReply, token: string) => {
      reply.setCookie(SESSION_COOKIE, token, {
        httpOnly: true,
        sameSite: 'lax',
        secure,
        path: '/',
        maxAge: config.SESSION_MAX_HOURS * 3600,
        signed: true,
      });
    });
    app.decorate('clearSessionCookie', (reply: FastifyReply) => {
      reply.clearCookie(SESSION_COOKIE, { httpOnly: true, sameSite: 'lax', secure, path: '/' });
    });
    app.decorateRequest('user', null);
    app.decorateRequest('sessionId', null);

    // preParsing, not onRequest: route-level onRequest hooks (the rate limiter) run first, so floods of
    // unauthenticated requests are throttled before they cost a session lookup; the body is not parsed yet.
    app.addHook('preParsing', async (request, reply) => {
      const route = request.routeOptions;
      // Unknown routes have no options: the not-found handler answers 404 without revealing anything else.
      if (route.url === undefined) return;
      const { access, minRole } = route.config;
      if (access === 'public') return;
      if (!minRole) {
        if (route.url.startsWith('/api/'))
          throw problem(403, 'Forbidden', 'Rota sem regra de acesso declarada.');
        return;
      }
      const cookie = request.cookies[SESSION_COOKIE];
      const signed = cookie === undefined ? undefined : request.unsignCookie(cookie);
      const token = signed?.valid ? signed.value : null;
      const session = token && isWellFormedToken(token) ? await app.sessions.authenticate(token) : undefined;
      if (!session) throw problem(401, 'Unauthorized', 'Sessão ausente ou expirada. Faça login.');
      // Signed with the previous secret: re-sign with the current one so the previous can be retired.
      if (signed?.renew && token) app.setSessionCookie(reply, token);
      if (!hasRole(session.user.tipoUsuario, minRole)) {
        throw problem(403, 'Forbidden', `Esta operação requer o perfil ${minRole} ou superior.`);
      }
      request.user = session.user;
      request.sessionId = session.id;
    });
  },
  { name: 'auth', dependencies: ['config', 'db', 'redis'] },
);
