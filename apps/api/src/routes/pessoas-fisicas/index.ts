import { type FastifyPluginAsyncTypebox, Type } from '@fastify/type-provider-typebox';
import {
  maskCpf,
  parseCep,
  parseCpf,
  parseEmail,
  parsePhone,
  parseRg,
  parseUf,
} from '../../domain/documents';
import { toPage } from '../../lib/cursor';
import { etagFor, optionalIfMatch, requireIfMatch } from '../../lib/etag';
import { checkPastDate, FieldErrors, listFilters } from '../../lib/registry-request';
import {
  cachePolicy,
  createAudited,
  deleteAudited,
  etagIsCurrent,
  locationOf,
  notFound,
  type RegistryResource,
  updateAudited,
} from '../../lib/registry-routes';
import { ETagHeader, IfMatchHeaders } from '../../lib/registry-schemas';
import { currentUser } from '../../plugins/auth';
import {
  findPessoaFisicaById,
  insertPessoaFisica,
  isPessoaFisicaLinkedToAccount,
  listPessoasFisicas,
  type PessoaFisica,
  type PessoaFisicaData,
  type PessoaFisicaSummaryRow,
  softDeletePessoaFisica,
  updatePessoaFisica,
} from '../../repositories/pessoas-fisicas';
import { IdParams } from '../usuarios/schemas';
import {
  PessoaFisicaCreateBody,
  PessoaFisicaListQuery,
  PessoaFisicaPage,
  PessoaFisicaPatchBody,
  PessoaFisicaResponse,
} from './schemas';

const RESOURCE: RegistryResource<PessoaFisica> = {
  entity: 'pessoa_fisica',
  notFoundDetail: 'Pessoa física não encontrada.',
  find: findPessoaFisicaById,
};

const PARSERS = {
  cpf: parseCpf,
  rg: parseRg,
  rg_uf: parseUf,
  email_principal: parseEmail,
  email_secundario: parseEmail,
  telefone_principal: parsePhone,
  telefone_secundario: parsePhone,
  cep: parseCep,
  uf: parseUf,
};

/** Canonical values for storage, or 422 listing every invalid field. */
export function normalizePessoaFisica<T extends Record<string, unknown>>(body: T): T {
  const errors = new FieldErrors();
  const value = errors.normalize(body, PARSERS);
  checkPastDate(errors, 'data_nascimento', value.data_nascimento as string | null | undefined, '1900-01-01');
  errors.throwIfAny();
  return value;
}

/**
 * A list row as the client sees it, field by field: the full CPF never leaves through a list, whatever the
 * response schema says (and a literal object is several times cheaper than rest/spread on the hot list route).
 */
function summaryOf(row: PessoaFisicaSummaryRow) {
  return {
    id: row.id,
    nome_completo: row.nome_completo,
    nome_social: row.nome_social,
    cpf_mascarado: maskCpf(row.cpf),
    cidade: row.cidade,
    uf: row.uf,
    created_at: row.created_at,
  };
}

const pessoasFisicas: FastifyPluginAsyncTypebox = async (app) => {
  const { db } = app;
  const tags = ['pessoas-fisicas'];
  cachePolicy(app, 'private, no-cache');

  app.get(
    '/',
    {
      config: { minRole: 'VISUALIZADOR' },
      schema: {
        tags,
        summary: 'Lista pessoas físicas (filtros, paginação por cursor)',
        querystring: PessoaFisicaListQuery,
        response: { 200: PessoaFisicaPage },
      },
    },
    async (request) => {
      const { query } = request;
      const filters = listFilters(query, { field: 'cpf', value: query.cpf, parse: parseCpf });
      const rows = await listPessoasFisicas(db.read, filters);
      return toPage(rows, filters.limit, summaryOf);
    },
  );

  app.post(
    '/',
    {
      config: { minRole: 'OPERADOR' },
      schema: {
        tags,
        summary: 'Cadastra uma pessoa física',
        body: PessoaFisicaCreateBody,
        response: { 201: PessoaFisicaResponse },
      },
    },
    async (request, reply) => {
      const data = normalizePessoaFisica(request.body) as PessoaFisicaData;
      const actor = currentUser(request);
      const created = await createAudited(db, request, RESOURCE, (client) =>
        insertPessoaFisica(client, data, actor.id),
      );
      return reply
        .code(201)
        .header('location', locationOf(request, created.id))
        .header('etag', etagFor(created.version))
        .send(created);
    },
  );

  app.get(
    '/:id',
    {
      config: { minRole: 'VISUALIZADOR' },
      schema: {
        tags,
        summary: 'Uma pessoa física (com ETag; If-None-Match → 304)',
        params: IdParams,
        response: { 200: PessoaFisicaResponse, 304: Type.Null({ headers: ETagHeader }) },
      },
    },
    async (request, reply) => {
      // The primary, not the replica: the ETag read here is what the next PATCH must match.
      const row = await findPessoaFisicaById(db.write, request.params.id);
      if (!row) throw notFound(RESOURCE.notFoundDetail);
      if (etagIsCurrent(request, reply, row.version)) return reply.code(304).send(null);
      return row;
    },
  );

  app.patch(
    '/:id',
    {
      config: { minRole: 'OPERADOR' },
      schema: {
        tags,
        summary:
          'Altera campos de uma pessoa física (If-Match obrigatório: 428 sem ele, 412 se desatualizado)',
        params: IdParams,
        headers: IfMatchHeaders,
        body: PessoaFisicaPatchBody,
        response: { 200: PessoaFisicaResponse },
      },
    },
    async (request, reply) => {
      const ifMatch = requireIfMatch(request.headers['if-match']);
      const changes = normalizePessoaFisica(request.body);
      const actor = currentUser(request);
      const updated = await updateAudited(
        db,
        request,
        RESOURCE,
        { id: request.params.id, ifMatch },
        (client, before) => updatePessoaFisica(client, before.id, changes, actor.id),
      );
      return reply.header('etag', etagFor(updated.version)).send(updated);
    },
  );

  app.delete(
    '/:id',
    {
      config: { minRole: 'OPERADOR' },
      schema: {
        tags,
        summary: 'Exclui (logicamente) uma pessoa física; If-Match opcional',
        params: IdParams,
        headers: IfMatchHeaders,
        response: { 204: Type.Null() },
      },
    },
    async (request, reply) => {
      const ifMatch = optionalIfMatch(request.headers['if-match']);
      const actor = currentUser(request);
      await deleteAudited(
        db,
        request,
        RESOURCE,
        { id: request.params.id, ifMatch, actorId: actor.id },
        {
          isReferenced: isPessoaFisicaLinkedToAccount,
          referencedConflict: {
            detail: 'A pessoa física está vinculada a uma conta de usuário ativa ou pendente.',
            code: 'PESSOA_VINCULADA_A_USUARIO',
          },
          softDelete: softDeletePessoaFisica,
        },
      );
      return reply.code(204).send(null);
    },
  );
};

export default pessoasFisicas;
