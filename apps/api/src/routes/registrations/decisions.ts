import { type FastifyPluginAsyncTypebox, Type } from '@fastify/type-provider-typebox';
import { BUSINESS_METRICS } from '@sigma-pli/config';
import { roleLevel } from '../../auth/roles';
import { isWellFormedToken, tokenDigest } from '../../auth/tokens';
import { problem } from '../../errors';
import { decodeCursor, toPage } from '../../lib/cursor';
import { mailTemplates } from '../../mail/templates';
import { currentUser } from '../../plugins/auth';
import { sensitiveRateLimit } from '../../plugins/security';
import { consumeAccountToken } from '../../repositories/account-tokens';
import { auditContext, recordAudit } from '../../repositories/audit';
import { enqueueEmail } from '../../repositories/outbox';
import {
  decideRegistration,
  findUserView,
  listUsers,
  lockUser,
  markEmailVerified,
} from '../../repositories/users';
import { IdParams, UserPage } from '../usuarios/schemas';
import { ApplicationEnvelope, ApproveBody, PendingListQuery, RejectBody, VerifyQuery } from './schemas';

/** Verification of the applicant's e-mail, and the GESTOR+ side of the workflow: list, approve, reject. */
const decisions: FastifyPluginAsyncTypebox = async (app) => {
  const { db, config } = app;
  const tags = ['registrations'];

  app.get(
    '/verify',
    {
      config: { access: 'public', rateLimit: sensitiveRateLimit(app.config) },
      schema: {
        tags,
        summary: 'Confirma o e-mail institucional (link enviado por e-mail)',
        querystring: VerifyQuery,
        response: { 200: Type.Object({ status: Type.Literal('verified') }) },
      },
    },
    async (request) => {
      const { token } = request.query;
      const invalid = problem(400, undefined, 'O link de confirmação é inválido, expirou ou já foi usado.', {
        code: 'TOKEN_INVALIDO',
      });
      if (!isWellFormedToken(token)) throw invalid;
      await db.transaction(async (client) => {
        const userId = await consumeAccountToken(client, 'VERIFICACAO_EMAIL', tokenDigest(token));
        if (!userId) throw invalid;
        await markEmailVerified(client, userId);
        await recordAudit(client, {
          ...auditContext(request),
          actorId: userId,
          action: 'VERIFY_EMAIL',
          entity: 'usuario',
          entityId: userId,
          after: { email_verificado: true },
        });
      });
      return { status: 'verified' as const };
    },
  );

  app.get(
    '/',
    {
      config: { minRole: 'GESTOR' },
      schema: {
        tags,
        summary: 'Solicitações de acesso pendentes (ou rejeitadas), mais antigas por último',
        querystring: PendingListQuery,
        response: { 200: UserPage },
      },
    },
    async (request) => {
      const { status, cursor, limit } = request.query;
      const after = cursor === undefined ? undefined : decodeCursor(cursor);
      if (cursor !== undefined && !after) {
        throw problem(400, undefined, 'Cursor de paginação inválido.', {
          errors: [{ field: 'querystring.cursor', message: 'invalid cursor' }],
        });
      }
      const rows = await listUsers(db.read, { status, after, limit });
      return toPage(rows, limit, ({ cursor_created_at: _position, ...user }) => user);
    },
  );

  /** Locks a pending application the actor may decide, or throws 404/409/403. */
  async function lockApplication(client: Parameters<typeof lockUser>[0], id: string, actorLevel: number) {
    const application = await lockUser(client, id);
    if (!application) throw problem(404, undefined, 'Solicitação não encontrada.');
    if (application.status !== 'AGUARDANDO_APROVACAO') {
      throw problem(409, undefined, `A solicitação já foi decidida (${application.status}).`, {
        code: 'SOLICITACAO_JA_DECIDIDA',
      });
    }
    if (roleLevel(application.tipo_solicitado) > actorLevel) {
      throw problem(403, undefined, 'Só é possível decidir solicitações até o seu próprio nível.');
    }
    return application;
  }

  app.post(
    '/:id/approve',
    {
      config: { minRole: 'GESTOR' },
      schema: {
        tags,
        summary: 'Aprova uma solicitação, concedendo um tipo até o nível de quem aprova',
        params: IdParams,
        body: ApproveBody,
        response: { 200: ApplicationEnvelope },
      },
    },
    async (request) => {
      const actor = currentUser(request);
      const granted = request.body.tipo_usuario;
      if (roleLevel(granted) > actor.nivel) {
        throw problem(403, undefined, `Não é possível conceder ${granted}: acima do seu nível.`);
      }
      await db.transaction(async (client) => {
        const application = await lockApplication(client, request.params.id, actor.nivel);
        if (!application.email_verificado) {
          throw problem(409, undefined, 'O solicitante ainda não confirmou o e-mail institucional.', {
            code: 'EMAIL_NAO_VERIFICADO',
          });
        }
        await decideRegistration(
          client,
          application.id,
          { status: 'APROVADO', tipo_usuario: granted },
          actor.id,
        );
        await enqueueEmail(
          client,
          mailTemplates.approved(
            application.email_institucional,
            application.username,
            granted,
            `${config.PUBLIC_URL}/entrar`,
          ),
        );
        await recordAudit(client, {
          ...auditContext(request),
          action: 'APPROVE',
          entity: 'usuario',
          entityId: application.id,
          before: { status: application.status, tipo_usuario: application.tipo_usuario },
          after: { status: 'APROVADO', tipo_usuario: granted },
        });
      });
      app.countBusinessEvent(request.log, BUSINESS_METRICS.names.approvals);
      return { user: (await findUserView(db.write, request.params.id))! };
    },
  );

  app.post(
    '/:id/reject',
    {
      config: { minRole: 'GESTOR' },
      schema: {
        tags,
        summary: 'Rejeita uma solicitação, com o motivo (enviado ao solicitante)',
        params: IdParams,
        body: RejectBody,
        response: { 200: ApplicationEnvelope },
      },
    },
    async (request) => {
      const actor = currentUser(request);
      const motivo = request.body.motivo.trim();
      await db.transaction(async (client) => {
        const application = await lockApplication(client, request.params.id, actor.nivel);
        await decideRegistration(client, application.id, { status: 'REJEITADO', motivo }, actor.id);
        await enqueueEmail(
          client,
          mailTemplates.rejected(application.email_institucional, application.username, motivo),
        );
        await recordAudit(client, {
          ...auditContext(request),
          action: 'REJECT',
          entity: 'usuario',
          entityId: application.id,
          before: { status: application.status },
          after: { status: 'REJEITADO', motivo_rejeicao: motivo },
        });
      });
      return { user: (await findUserView(db.write, request.params.id))! };
    },
  );
};

export default decisions;
