import { type FastifyPluginAsyncTypebox, type Static, Type } from '@fastify/type-provider-typebox';
import {
  parseCep,
  parseCnpj,
  parseCpf,
  parseEmail,
  parseInscricao,
  parsePhone,
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
  findPessoaJuridicaById,
  insertPessoaJuridica,
  isPessoaJuridicaLinkedToAccount,
  listPessoasJuridicas,
  type PessoaJuridica,
  type PessoaJuridicaData,
  type Socio,
  softDeletePessoaJuridica,
  updatePessoaJuridica,
} from '../../repositories/pessoas-juridicas';
import { IdParams } from '../usuarios/schemas';
import {
  PessoaJuridicaCreateBody,
  PessoaJuridicaListQuery,
  PessoaJuridicaPage,
  PessoaJuridicaPatchBody,
  PessoaJuridicaResponse,
  type SocioBody,
} from './schemas';

const RESOURCE: RegistryResource<PessoaJuridica> = {
  entity: 'pessoa_juridica',
  notFoundDetail: 'Pessoa jurídica não encontrada.',
  find: findPessoaJuridicaById,
};

const PARSERS = {
  cnpj: parseCnpj,
  inscricao_estadual: parseInscricao,
  inscricao_municipal: parseInscricao,
  email_principal: parseEmail,
  email_secundario: parseEmail,
  telefone_principal: parsePhone,
  telefone_secundario: parsePhone,
  cep: parseCep,
  uf: parseUf,
};
const SOCIO_PARSERS = { cpf: parseCpf, email: parseEmail, telefone: parsePhone };

/**
 * Canonical company values and partner list, or 422 listing every invalid field (`socios.2.cpf` for a partner).
 * A CPF may appear once per company.
 */
export function normalizePessoaJuridica<
  T extends Record<string, unknown> & { socios?: Static<typeof SocioBody>[] },
>(body: T): { data: Omit<T, 'socios'>; socios: Socio[] | undefined } {
  const errors = new FieldErrors();
  const { socios: sentSocios, ...company } = body;
  const data = errors.normalize(company, PARSERS);
  checkPastDate(errors, 'data_abertura', data.data_abertura as string | null | undefined, '1800-01-01');
  const seen = new Set<string>();
  const socios = sentSocios?.map((sent, index) => {
    const socio = errors.normalize(sent, SOCIO_PARSERS, `socios.${index}.`);
    if (seen.has(socio.cpf)) errors.add(`socios.${index}.cpf`, 'CPF already listed for this company');
    seen.add(socio.cpf);
    return {
      nome: socio.nome,
      cpf: socio.cpf,
      cargo: socio.cargo ?? null,
      email: socio.email ?? null,
      telefone: socio.telefone ?? null,
    };
  });
  errors.throwIfAny();
  return { data, socios };
}

const pessoasJuridicas: FastifyPluginAsyncTypebox = async (app) => {
  const { db } = app;
  const tags = ['pessoas-juridicas'];
  cachePolicy(app, 'private, no-cache');

  app.get(
    '/',
    {
      config: { minRole: 'VISUALIZADOR' },
      schema: {
        tags,
        summary: 'Lista pessoas jurídicas (filtros, paginação por cursor)',
        querystring: PessoaJuridicaListQuery,
        response: { 200: PessoaJuridicaPage },
      },
    },
    async (request) => {
      const { query } = request;
      const filters = listFilters(query, { field: 'cnpj', value: query.cnpj, parse: parseCnpj });
      const rows = await listPessoasJuridicas(db.read, filters);
      return toPage(rows, filters.limit, (row) => row);
    },
  );

  app.post(
    '/',
    {
      config: { minRole: 'OPERADOR' },
      schema: {
        tags,
        summary: 'Cadastra uma pessoa jurídica e seus sócios',
        body: PessoaJuridicaCreateBody,
        response: { 201: PessoaJuridicaResponse },
      },
    },
    async (request, reply) => {
      const { data, socios } = normalizePessoaJuridica(request.body);
      const actor = currentUser(request);
      const created = await createAudited(db, request, RESOURCE, (client) =>
        insertPessoaJuridica(client, data as PessoaJuridicaData, actor.id, socios),
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
        summary: 'Uma pessoa jurídica com seus sócios (com ETag; If-None-Match → 304)',
        params: IdParams,
        response: { 200: PessoaJuridicaResponse, 304: Type.Null({ headers: ETagHeader }) },
      },
    },
    async (request, reply) => {
      // The primary, not the replica: the ETag read here is what the next PATCH must match.
      const row = await findPessoaJuridicaById(db.write, request.params.id);
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
        summary: 'Altera uma pessoa jurídica e/ou substitui seus sócios (If-Match obrigatório)',
        params: IdParams,
        headers: IfMatchHeaders,
        body: PessoaJuridicaPatchBody,
        response: { 200: PessoaJuridicaResponse },
      },
    },
    async (request, reply) => {
      const ifMatch = requireIfMatch(request.headers['if-match']);
      const { data, socios } = normalizePessoaJuridica(request.body);
      const actor = currentUser(request);
      const updated = await updateAudited(
        db,
        request,
        RESOURCE,
        { id: request.params.id, ifMatch },
        (client, before) =>
          updatePessoaJuridica(client, before.id, data, actor.id, {
            current: before.socios,
            replacement: socios,
          }),
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
        summary: 'Exclui (logicamente) uma pessoa jurídica; If-Match opcional',
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
          isReferenced: isPessoaJuridicaLinkedToAccount,
          referencedConflict: {
            detail: 'A pessoa jurídica é a instituição de uma conta de usuário ativa ou pendente.',
            code: 'INSTITUICAO_VINCULADA_A_USUARIO',
          },
          softDelete: softDeletePessoaJuridica,
        },
      );
      return reply.code(204).send(null);
    },
  );
};

export default pessoasJuridicas;
