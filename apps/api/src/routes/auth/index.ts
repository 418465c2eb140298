import { type FastifyPluginAsyncTypebox, Type } from '@fastify/type-provider-typebox';
import { BUSINESS_METRICS } from '@sigma-pli/config';
import { hashPassword, passwordPolicyViolation, verifyPassword } from '../../auth/passwords';
import { isWellFormedToken, newToken, tokenDigest } from '../../auth/tokens';
import { ProblemError, problem, validationProblem } from '../../errors';
import { mailTemplates } from '../../mail/templates';
import { currentUser } from '../../plugins/auth';
import { sensitiveRateLimit } from '../../plugins/security';
import {
  consumeAccountToken,
  insertAccountToken,
  invalidateAccountTokens,
} from '../../repositories/account-tokens';
import { auditContext, recordAudit } from '../../repositories/audit';
import {
  clearFailures,
  LOCKOUT_WINDOW_MINUTES,
  MAX_FAILURES_PER_IP,
  MAX_FAILURES_PER_LOGIN,
  recentFailures,
  recordAttempt,
} from '../../repositories/login-attempts';
import { enqueueEmail } from '../../repositories/outbox';
import { listUserSessions } from '../../repositories/sessions';
import {
  findLoginCandidate,
  findUsersByEmail,
  findUserView,
  recordLoginFailure,
  recordLoginSuccess,
  setPassword,
} from '../../repositories/users';
import { IdParams, UserEnvelope } from '../usuarios/schemas';
import { LoginBody, PasswordResetBody, PasswordResetConfirmBody, SessionSchema } from './schemas';

/** Password-reset links are valid for 30 minutes. */
const RESET_TOKEN_MINUTES = 30;

const tooManyAttempts = () =>
  new ProblemError(
    429,
    'Too Many Requests',
    'Muitas tentativas de login. Aguarde alguns minutos antes de tentar novamente.',
    { code: 'LOGIN_BLOQUEADO' },
    { 'retry-after': String(LOCKOUT_WINDOW_MINUTES * 60) },
  );

/** Reasons an account with the right password still may not log in, checked only after the password matched. */
function refusal(candidate: { status: string; email_verificado: boolean }): ProblemError | undefined {
  if (!candidate.email_verificado) {
    return problem(403, 'Forbidden', 'Confirme seu e-mail institucional antes de entrar.', {
      code: 'EMAIL_NAO_VERIFICADO',
    });
  }
  const byStatus: Record<string, [string, string]> = {
    AGUARDANDO_APROVACAO: ['USUARIO_NAO_APROVADO', 'Sua solicitação de acesso ainda aguarda aprovação.'],
    REJEITADO: ['USUARIO_REJEITADO', 'Sua solicitação de acesso não foi aprovada.'],
    SUSPENSO: ['USUARIO_SUSPENSO', 'Sua conta está suspensa.'],
    INATIVO: ['USUARIO_INATIVO', 'Sua conta está inativa.'],
  };
  const reason = byStatus[candidate.status];
  return reason ? problem(403, 'Forbidden', reason[1], { code: reason[0] }) : undefined;
}

const auth: FastifyPluginAsyncTypebox = async (app) => {
  const { db, sessions, config } = app;

  app.post(
    '/login',
    {
      config: { access: 'public' },
      schema: {
        tags: ['auth'],
        summary: 'Entrar com username ou e-mail institucional',
        body: LoginBody,
        response: { 200: UserEnvelope },
      },
    },
    async (request, reply) => {
      const login = request.body.login.trim().toLowerCase();
      const { ip } = request;
      const failures = await recentFailures(db.write, login, ip);
      if (failures.per_ip >= MAX_FAILURES_PER_IP || failures.total >= MAX_FAILURES_PER_LOGIN)
        throw tooManyAttempts();

      const candidate = await findLoginCandidate(db.write, login);
      // Always verify a hash (a dummy one for unknown logins) so timing does not reveal which logins exist.
      const passwordMatches = await verifyPassword(candidate?.senha_hash, request.body.password);
      if (candidate?.bloqueado_ate && candidate.bloqueado_ate > new Date()) throw tooManyAttempts();
      if (!candidate || !passwordMatches) {
        await db.transaction(async (client) => {
          await recordAttempt(client, login, ip, false);
          if (candidate)
            await recordLoginFailure(client, candidate.id, MAX_FAILURES_PER_LOGIN, LOCKOUT_WINDOW_MINUTES);
        });
        throw problem(401, 'Unauthorized', 'Login ou senha inválidos.', { code: 'CREDENCIAIS_INVALIDAS' });
      }
      const refused = refusal(candidate);
      if (refused) throw refused;

      const session = await db.transaction(async (client) => {
        await clearFailures(client, login, ip);
        await recordAttempt(client, login, ip, true);
        await recordLoginSuccess(client, candidate.id);
        const created = await sessions.create(client, candidate.id, ip, request.headers['user-agent']);
        await recordAudit(client, {
          ...auditContext(request),
          actorId: candidate.id,
          action: 'LOGIN',
          entity: 'sessao',
          entityId: created.id,
        });
        return created;
      });
      app.setSessionCookie(reply, session.token);
      app.countBusinessEvent(request.log, BUSINESS_METRICS.names.logins);
      const user = await findUserView(db.write, candidate.id);
      return { user: user! };
    },
  );

  app.post(
    '/logout',
    {
      config: { minRole: 'VISUALIZADOR' },
      schema: { tags: ['auth'], summary: 'Encerrar a sessão atual', response: { 204: Type.Null() } },
    },
    async (request, reply) => {
      await db.transaction(async (client) => {
        await sessions.revoke(client, request.sessionId!, 'LOGOUT');
        await recordAudit(client, {
          ...auditContext(request),
          action: 'LOGOUT',
          entity: 'sessao',
          entityId: request.sessionId,
        });
      });
      app.clearSessionCookie(reply);
      return reply.code(204).send(null);
    },
  );

  app.get(
    '/me',
    {
      config: { minRole: 'VISUALIZADOR' },
      schema: { tags: ['auth'], summary: 'A conta da sessão atual', response: { 200: UserEnvelope } },
    },
    async (request) => {
      const user = await findUserView(db.write, currentUser(request).id);
      if (!user) throw problem(401, 'Unauthorized', 'Sessão ausente ou expirada.');
      return { user };
    },
  );

  app.get(
    '/sessions',
    {
      config: { minRole: 'VISUALIZADOR' },
      schema: {
        tags: ['auth'],
        summary: 'Sessões abertas da própria conta',
        response: { 200: Type.Object({ items: Type.Array(SessionSchema) }) },
      },
    },
    async (request) => {
      const items = await listUserSessions(db.write, currentUser(request).id);
      return { items: items.map((item) => ({ ...item, atual: item.id === request.sessionId })) };
    },
  );

  app.delete(
    '/sessions/:id',
    {
      config: { minRole: 'VISUALIZADOR' },
      schema: {
        tags: ['auth'],
        summary: 'Encerrar uma sessão da própria conta (outro dispositivo)',
        params: IdParams,
        response: { 204: Type.Null() },
      },
    },
    async (request, reply) => {
      const user = currentUser(request);
      const revoked = await db.transaction(async (client) => {
        const done = await sessions.revokeOwn(client, user.id, request.params.id, 'ENCERRADA_PELO_USUARIO');
        if (done) {
          await recordAudit(client, {
            ...auditContext(request),
            action: 'REVOKE',
            entity: 'sessao',
            entityId: request.params.id,
          });
        }
        return done;
      });
      if (!revoked) throw problem(404, 'Not Found', 'Sessão não encontrada.');
      if (request.params.id === request.sessionId) app.clearSessionCookie(reply);
      return reply.code(204).send(null);
    },
  );

  app.delete(
    '/sessions',
    {
      config: { minRole: 'VISUALIZADOR' },
      schema: {
        tags: ['auth'],
        summary: 'Encerrar todas as outras sessões da própria conta',
        response: { 200: Type.Object({ revoked: Type.Integer() }) },
      },
    },
    async (request) => {
      const user = currentUser(request);
      const revoked = await db.transaction(async (client) => {
        const count = await sessions.revokeAllForUser(
          client,
          user.id,
          'ENCERRADA_PELO_USUARIO',
          request.sessionId!,
        );
        await recordAudit(client, {
          ...auditContext(request),
          action: 'REVOKE_OTHERS',
          entity: 'sessao',
          entityId: null,
          after: { revogadas: count },
        });
        return count;
      });
      return { revoked };
    },
  );

  app.post(
    '/password-reset',
    {
      config: { access: 'public', rateLimit: sensitiveRateLimit(app.config) },
      schema: {
        tags: ['auth'],
        summary: 'Pedir um link de redefinição de senha (sempre 202)',
        body: PasswordResetBody,
        response: { 202: Type.Object({ status: Type.Literal('accepted') }) },
      },
    },
    async (request, reply) => {
      const email = request.body.email.trim().toLowerCase();
      const accounts = await findUsersByEmail(db.write, email);
      await db.transaction(async (client) => {
        for (const account of accounts) {
          const token = newToken();
          await invalidateAccountTokens(client, account.id, 'REDEFINICAO_SENHA');
          await insertAccountToken(client, {
            userId: account.id,
            purpose: 'REDEFINICAO_SENHA',
            digest: tokenDigest(token),
            validMinutes: RESET_TOKEN_MINUTES,
          });
          const link = `${config.PUBLIC_URL}/redefinir-senha?token=${token}`;
          await enqueueEmail(
            client,
            mailTemplates.passwordReset(account.email_institucional, account.username, link),
          );
        }
      });
      // The same answer whether or not the address belongs to an account.
      return reply.code(202).send({ status: 'accepted' as const });
    },
  );

  app.post(
    '/password-reset/confirm',
    {
      config: { access: 'public', rateLimit: sensitiveRateLimit(app.config) },
      schema: {
        tags: ['auth'],
        summary: 'Definir nova senha com o token recebido por e-mail',
        body: PasswordResetConfirmBody,
        response: { 204: Type.Null() },
      },
    },
    async (request, reply) => {
      const { token, password } = request.body;
      const violation = passwordPolicyViolation(password);
      if (violation) throw validationProblem([{ field: 'password', message: violation }]);
      const invalidToken = () =>
        problem(400, 'Bad Request', 'O link de redefinição é inválido, expirou ou já foi usado.', {
          code: 'TOKEN_INVALIDO',
        });
      if (!isWellFormedToken(token)) throw invalidToken();
      const passwordHash = await hashPassword(password);
      await db.transaction(async (client) => {
        const userId = await consumeAccountToken(client, 'REDEFINICAO_SENHA', tokenDigest(token));
        if (!userId) throw invalidToken();
        await setPassword(client, userId, passwordHash, null);
        const revoked = await sessions.revokeAllForUser(client, userId, 'SENHA_REDEFINIDA');
        await recordAudit(client, {
          ...auditContext(request),
          actorId: userId,
          action: 'PASSWORD_RESET',
          entity: 'usuario',
          entityId: userId,
          after: { sessoes_encerradas: revoked },
        });
      });
      return reply.code(204).send(null);
    },
  );
};

export default auth;
