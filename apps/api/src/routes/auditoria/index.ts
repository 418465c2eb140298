import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { BIGINT_ID, toPage } from '../../lib/cursor';
import { checkDayRange, cursorParam, FieldErrors } from '../../lib/registry-request';
import { cachePolicy, notFound } from '../../lib/registry-routes';
import { findAuditEntry, listAuditEntries } from '../../repositories/audit-log';
import { AuditEntryResponse, AuditIdParams, AuditListQuery, AuditPage } from './schemas';

/** The audit trail, for administrators only; read from the primary so a write just made is already listed. */
const auditoria: FastifyPluginAsyncTypebox = async (app) => {
  const { db } = app;
  const tags = ['auditoria'];
  cachePolicy(app, 'no-store');

  app.get(
    '/',
    {
      config: { minRole: 'ADMIN' },
      schema: {
        tags,
        summary: 'Registros de auditoria, mais recentes primeiro (filtros por ator, entidade, ação e data)',
        querystring: AuditListQuery,
        response: { 200: AuditPage },
      },
    },
    async (request) => {
      const { query } = request;
      const errors = new FieldErrors();
      checkDayRange(errors, ['from', query.from], ['to', query.to]);
      errors.throwIfAny();
      const after = cursorParam(query.cursor, BIGINT_ID);
      const rows = await listAuditEntries(db.write, {
        actorId: query.ator_id,
        entity: query.entidade,
        entityId: query.entidade_id,
        action: query.acao,
        from: query.from,
        to: query.to,
        after,
        limit: query.limit,
      });
      return toPage(rows, query.limit, ({ cursor_created_at: _cursor, ...row }) => row);
    },
  );

  app.get(
    '/:id',
    {
      config: { minRole: 'ADMIN' },
      schema: {
        tags,
        summary: 'Um registro de auditoria com os estados antes e depois',
        params: AuditIdParams,
        response: { 200: AuditEntryResponse },
      },
    },
    async (request) => {
      const entry = await findAuditEntry(db.write, request.params.id);
      if (!entry) throw notFound('Registro de auditoria não encontrado.');
      return entry;
    },
  );
};

export default auditoria;
