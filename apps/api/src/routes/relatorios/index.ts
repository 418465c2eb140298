import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyReply } from 'fastify';
import { todayInBrasilia } from '../../domain/registry';
import { type CsvColumn, csvStream } from '../../lib/csv';
import { cachePolicy } from '../../lib/registry-routes';
import { cadastrosPorMes, resumo, totaisPublicos, usuariosPorTipo } from '../../repositories/reports';
import {
  CadastrosPorMesResponse,
  PublicoQuery,
  PublicoResponse,
  ReportQuery,
  ResumoResponse,
  UsuariosPorTipoResponse,
} from './schemas';

/** Streams `rows` as a CSV attachment named after the report and today's date. */
function sendCsv<Row>(
  reply: FastifyReply,
  report: string,
  columns: readonly CsvColumn<Row>[],
  rows: Iterable<Row>,
) {
  return reply
    .type('text/csv; charset=utf-8')
    .header('content-disposition', `attachment; filename="${report}-${todayInBrasilia()}.csv"`)
    .send(csvStream(columns, rows));
}

const STATUS_LABELS: Record<string, string> = {
  AGUARDANDO_APROVACAO: 'aguardando aprovação',
  APROVADO: 'aprovados',
  REJEITADO: 'rejeitados',
  SUSPENSO: 'suspensos',
  INATIVO: 'inativos',
};

const relatorios: FastifyPluginAsyncTypebox = async (app) => {
  const { db } = app;
  const tags = ['relatorios'];
  cachePolicy(app, 'no-store');
  const config = { minRole: 'ANALISTA' } as const;
  const description =
    'JSON por padrão; `?format=csv` devolve o mesmo relatório como planilha CSV (text/csv).';

  app.get(
    '/resumo',
    {
      config,
      schema: {
        tags,
        summary:
          'Totais: pessoas físicas e jurídicas, usuários por status e por tipo, solicitações pendentes',
        querystring: ReportQuery,
        description,
        response: { 200: ResumoResponse },
      },
    },
    async (request, reply) => {
      const report = await resumo(db.read);
      if (request.query.format !== 'csv') return report;
      const rows: [string, number][] = [
        ['Pessoas físicas', report.total_pessoas_fisicas],
        ['Pessoas jurídicas', report.total_pessoas_juridicas],
        ['Usuários', report.total_usuarios],
        ['Solicitações pendentes', report.solicitacoes_pendentes],
        ...Object.entries(report.usuarios_por_status).map(([status, total]): [string, number] => [
          `Usuários ${STATUS_LABELS[status] ?? status}`,
          total,
        ]),
        ...Object.entries(report.usuarios_por_tipo).map(([tipo, total]): [string, number] => [
          `Usuários do tipo ${tipo}`,
          total,
        ]),
      ];
      return sendCsv(
        reply,
        'resumo',
        [
          { header: 'indicador', value: ([label]) => label },
          { header: 'total', value: ([, total]) => total },
        ],
        rows,
      );
    },
  );

  app.get(
    '/cadastros-por-mes',
    {
      config,
      schema: {
        tags,
        summary: 'Cadastros de pessoas físicas, jurídicas e usuários nos últimos 12 meses',
        querystring: ReportQuery,
        description,
        response: { 200: CadastrosPorMesResponse },
      },
    },
    async (request, reply) => {
      const meses = await cadastrosPorMes(db.read);
      if (request.query.format !== 'csv') return { meses };
      return sendCsv(
        reply,
        'cadastros-por-mes',
        [
          { header: 'mes', value: (row) => row.mes },
          { header: 'pessoas_fisicas', value: (row) => row.pessoas_fisicas },
          { header: 'pessoas_juridicas', value: (row) => row.pessoas_juridicas },
          { header: 'usuarios', value: (row) => row.usuarios },
        ],
        meses,
      );
    },
  );

  app.get(
    '/usuarios-por-tipo',
    {
      config,
      schema: {
        tags,
        summary: 'Usuários por tipo: total, ativos, inativos e percentual',
        querystring: ReportQuery,
        description,
        response: { 200: UsuariosPorTipoResponse },
      },
    },
    async (request, reply) => {
      const tipos = await usuariosPorTipo(db.read);
      if (request.query.format !== 'csv') return { tipos };
      return sendCsv(
        reply,
        'usuarios-por-tipo',
        [
          { header: 'tipo_usuario', value: (row) => row.tipo_usuario },
          { header: 'total', value: (row) => row.total },
          { header: 'ativos', value: (row) => row.ativos },
          { header: 'inativos', value: (row) => row.inativos },
          // Decimal comma: the spreadsheet users are Brazilian; quoted by csvField since it contains a comma.
          { header: 'percentual', value: (row) => row.percentual.toFixed(1).replace('.', ',') },
        ],
        tipos,
      );
    },
  );

  app.get(
    '/publico',
    {
      // No session needed; the API's per-IP rate limit applies, as on login (it is not a health probe).
      config: { access: 'public' },
      schema: {
        tags,
        summary: 'Totais da página inicial: pessoas físicas e jurídicas, usuários aprovados',
        description:
          'Público (sem login): só contagens, nenhum dado pessoal. `Cache-Control: public, max-age=60`, para que proxies e CDN respondam por até um minuto.',
        querystring: PublicoQuery,
        response: { 200: PublicoResponse },
      },
    },
    async (_request, reply) => {
      const totais = await totaisPublicos(db.read);
      // Set only on success: errors keep the plugin's no-store, so no shared cache holds a failure.
      reply.header('cache-control', 'public, max-age=60');
      return totais;
    },
  );
};

export default relatorios;
