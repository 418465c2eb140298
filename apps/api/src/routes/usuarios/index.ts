import { type FastifyPluginAsyncTypebox, Type } from '@fastify/type-provider-typebox';
import { hashPassword, passwordPolicyViolation, verifyPassword } from '../../auth/passwords';
import { type AuthUser, type Role, roleLevel, type UserStatus } from '../../auth/roles';
import { problem, validationProblem } from '../../errors';
import { decodeCursor, toPage } from '../../lib/cursor';
import { currentUser } from '../../plugins/auth';
import { sensitiveRateLimit } from '../../plugins/security';
import { auditContext, recordAudit } from '../../repositories/audit';
import {
  findPasswordHash,
  findUserView,
  listUsers,
  lockUser,
  setPassword,
  type UserView,
  updateRoleAndStatus,
} from '../../repositories/users';
import {
  ChangePasswordBody,
  IdParams,
  UserEnvelope,
  UserListQuery,
  UserPage,
  UserPatchBody,
} from './schemas';

/** Statuses a manager sets directly; pending/rejected belong to the registration workflow. */
const MANAGEABLE_STATUSES: readonly UserStatus[] = ['APROVADO', 'SUSPENSO', 'INATIVO'];

/**
 * Who may manage whom: a GESTOR manages accounts below their own level and grants types up to their own level;
 * an ADMIN manages everyone. Nobody changes their own type or status (no self-promotion, no self-lockout).
 */
export function managementRefusal(actor: AuthUser, target: UserView, grant?: Role): string | undefined {
  if (actor.id === target.id) return 'Não é permitido alterar o tipo ou a situação da própria conta.';
  if (actor.tipoUsuario !== 'ADMIN' && target.nivel_acesso >= actor.nivel) {
    return 'Só é possível gerenciar contas de nível inferior ao seu.';
  }
  if (grant && roleLevel(grant) > actor.nivel) return `O perfil ${grant} está acima do seu.`;
  return undefined;
}

const usuarios: FastifyPluginAsyncTypebox = async (app) => {
  const { db, sessions } = app;
  const tags = ['usuarios'];

  app.get(
    '/',
    {
      config: { minRole: 'GESTOR' },
      schema: {
        tags,
        summary: 'Lista contas (filtros por situação, tipo e texto; paginação por cursor)',
        querystring: UserListQuery,
        response: { 200: UserPage },
      },
    },
    async (request) => {
      const { cursor, limit, ...filters } = request.query;
      const after = cursor === undefined ? undefined : decodeCursor(cursor);
      if (cursor !== undefined && !after) {
        throw problem(400, undefined, 'Cursor de paginação inválido.', {
          errors: [{ field: 'querystring.cursor', message: 'invalid cursor' }],
        });
      }
      const rows = await listUsers(db.read, { ...filters, after, limit });
      return toPage(rows, limit, ({ cursor_created_at: _position, ...user }) => user);
    },
  );

  app.get(
    '/:id',
    {
      config: { minRole: 'GESTOR' },
      schema: { tags, summary: 'Uma conta', params: IdParams, response: { 200: UserEnvelope } },
    },
    async (request) => {
      const user = await findUserView(db.write, request.params.id);
      if (!user) throw problem(404, undefined, 'Conta não encontrada.');
      return { user };
    },
  );

  app.patch(
    '/:id',
    {
      config: { minRole: 'GESTOR' },
      schema: {
        tags,
        summary: 'Altera o tipo e/ou a situação de uma conta (até o próprio nível; nunca a própria)',
        params: IdParams,
        body: UserPatchBody,
        response: { 200: UserEnvelope },
      },
    },
    async (request) => {
      const actor = currentUser(request);
      const { tipo_usuario, status } = request.body;
      if (status && !MANAGEABLE_STATUSES.includes(status)) {
        throw validationProblem([
          { field: 'status', message: 'use aprovar/rejeitar em /registrations para solicitações pendentes' },
        ]);
      }
      await db.transaction(async (client) => {
        const before = await lockUser(client, request.params.id);
        if (!before) throw problem(404, undefined, 'Conta não encontrada.');
        const refusal = managementRefusal(actor, before, tipo_usuario);
        if (refusal) throw problem(403, undefined, refusal);
        if (before.status === 'AGUARDANDO_APROVACAO' || before.status === 'REJEITADO') {
          throw problem(409, undefined, 'Solicitações são decididas em /api/v1/registrations.', {
            code: 'SOLICITACAO_PENDENTE',
          });
        }
        await updateRoleAndStatus(client, before.id, { tipo_usuario, status }, actor.id);
        const after = (await findUserView(client, before.id))!;
        // New permissions or a blocked account apply from the very next request: end its sessions.
        if (after.tipo_usuario !== before.tipo_usuario || after.status !== before.status) {
          await sessions.revokeAllForUser(client, before.id, 'CONTA_ALTERADA');
        }
        await recordAudit(client, {
          ...auditContext(request),
          action: 'UPDATE',
          entity: 'usuario',
          entityId: before.id,
          before: { tipo_usuario: before.tipo_usuario, status: before.status },
          after: { tipo_usuario: after.tipo_usuario, status: after.status },
        });
      });
      return { user: (await findUserView(db.write, request.params.id))! };
    },
  );

  app.post(
    '/me/password',
    {
      config: { minRole: 'VISUALIZADOR', rateLimit: sensitiveRateLimit(app.config) },
      schema: {
        tags,
        summary: 'Troca a própria senha (exige a atual); encerra as outras sessões',
        body: ChangePasswordBody,
        response: { 204: Type.Null() },
      },
    },
    async (request, reply) => {
      const actor = currentUser(request);
      const { current_password, new_password } = request.body;
      const violation = passwordPolicyViolation(new_password);
      if (violation) throw validationProblem([{ field: 'new_password', message: violation }]);
      if (!(await verifyPassword(await findPasswordHash(db.write, actor.id), current_password))) {
        throw validationProblem([{ field: 'current_password', message: 'senha atual incorreta' }]);
      }
      if (current_password === new_password) {
        throw validationProblem([
          { field: 'new_password', message: 'a nova senha deve ser diferente da atual' },
        ]);
      }
      const passwordHash = await hashPassword(new_password);
      await db.transaction(async (client) => {
        await setPassword(client, actor.id, passwordHash, actor.id);
        const revoked = await sessions.revokeAllForUser(
          client,
          actor.id,
          'SENHA_ALTERADA',
          request.sessionId!,
        );
        await recordAudit(client, {
          ...auditContext(request),
          action: 'PASSWORD_CHANGE',
          entity: 'usuario',
          entityId: actor.id,
          after: { sessoes_encerradas: revoked },
        });
      });
      return reply.code(204).send(null);
    },
  );
};

export default usuarios;
