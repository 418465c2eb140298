import type { Queryable } from '../db/pools';
import {
  findLiveRow,
  findLiveRowByDocument,
  insertRow,
  isLinkedToOpenAccount,
  listRows,
  type RegistryListFilters,
  type RegistryTable,
  type RowMeta,
  softDeleteRow,
  updateRow,
} from './registry-table';

export const PESSOA_JURIDICA_COLUMNS = [
  'razao_social',
  'nome_fantasia',
  'cnpj',
  'inscricao_estadual',
  'inscricao_municipal',
  'natureza_juridica',
  'porte',
  'data_abertura',
  'situacao',
  'email_principal',
  'email_secundario',
  'telefone_principal',
  'telefone_secundario',
  'website',
  'cep',
  'logradouro',
  'numero',
  'complemento',
  'bairro',
  'cidade',
  'uf',
] as const;
export type PessoaJuridicaColumn = (typeof PESSOA_JURIDICA_COLUMNS)[number];

export interface Socio {
  nome: string;
  cpf: string;
  cargo: string | null;
  email: string | null;
  telefone: string | null;
}

export type PessoaJuridicaData = { razao_social: string; cnpj: string } & Partial<
  Record<Exclude<PessoaJuridicaColumn, 'razao_social' | 'cnpj'>, string | null>
>;
export type PessoaJuridicaChanges = Partial<Record<PessoaJuridicaColumn, string | null>>;
export type PessoaJuridicaRow = RowMeta & { razao_social: string; cnpj: string; situacao: string } & Record<
    Exclude<PessoaJuridicaColumn, 'razao_social' | 'cnpj' | 'situacao'>,
    string | null
  >;
export type PessoaJuridica = PessoaJuridicaRow & { socios: Socio[] };

const PESSOA_JURIDICA: RegistryTable<PessoaJuridicaColumn> = {
  table: 'cadastro.pessoa_juridica',
  statementPrefix: 'pj',
  writable: PESSOA_JURIDICA_COLUMNS,
  documentKey: { index: 'pessoa_juridica_cnpj_key', column: 'cnpj' },
};

/** The company's partners in the order they were given, as one JSON array (one round trip for the detail). */
const SOCIOS_SQL = `COALESCE((
    SELECT json_agg(json_build_object('nome', s.nome, 'cpf', s.cpf, 'cargo', s.cargo, 'email', s.email,
                                      'telefone', s.telefone) ORDER BY s.posicao)
    FROM cadastro.socio_representante AS s WHERE s.pessoa_juridica_id = t.id), '[]'::json) AS socios`;

/**
 * Replaces the company's partners with `socios` (in that order). Part of the company's write: call it in the same
 * transaction, after the company row is locked or inserted.
 */
export async function replaceSocios(db: Queryable, pessoaJuridicaId: string, socios: readonly Socio[]) {
  await db.query('DELETE FROM cadastro.socio_representante WHERE pessoa_juridica_id = $1', [
    pessoaJuridicaId,
  ]);
  if (socios.length === 0) return;
  await db.query(
    `INSERT INTO cadastro.socio_representante (pessoa_juridica_id, posicao, nome, cpf, cargo, email, telefone)
     SELECT $1, ordinality - 1, nome, cpf, cargo, email, telefone
     FROM unnest($2::text[], $3::text[], $4::text[], $5::text[], $6::text[])
       WITH ORDINALITY AS s (nome, cpf, cargo, email, telefone, ordinality)`,
    [
      pessoaJuridicaId,
      socios.map((socio) => socio.nome),
      socios.map((socio) => socio.cpf),
      socios.map((socio) => socio.cargo),
      socios.map((socio) => socio.email),
      socios.map((socio) => socio.telefone),
    ],
  );
}

/**
 * Inserts the company and, when given, its partners. Throws DuplicateDocumentError (409) when a live record has
 * the CNPJ. Pass a transaction client when partners are given, so company and partners commit together.
 */
export async function insertPessoaJuridica(
  db: Queryable,
  data: PessoaJuridicaData,
  actorId: string | null,
  socios: readonly Socio[] = [],
): Promise<PessoaJuridica> {
  const row = await insertRow<PessoaJuridicaColumn, PessoaJuridicaRow>(db, PESSOA_JURIDICA, data, actorId);
  await replaceSocios(db, row.id, socios);
  return { ...row, socios: socios.map((socio) => ({ ...socio })) };
}

export function findPessoaJuridicaById(db: Queryable, id: string, options: { forUpdate?: boolean } = {}) {
  return findLiveRow<PessoaJuridica>(db, PESSOA_JURIDICA, id, { ...options, extraSelect: SOCIOS_SQL });
}

/** The live company with this CNPJ (14 digits), without its partners. */
export function findPessoaJuridicaByCnpj(db: Queryable, cnpj: string) {
  return findLiveRowByDocument<PessoaJuridicaRow>(db, PESSOA_JURIDICA, cnpj);
}

/** Updates the company and, when `socios` is given, replaces its partners; call inside a transaction. */
export async function updatePessoaJuridica(
  db: Queryable,
  id: string,
  changes: PessoaJuridicaChanges,
  actorId: string,
  socios: { current: readonly Socio[]; replacement?: readonly Socio[] | undefined },
): Promise<PessoaJuridica> {
  const row = await updateRow<PessoaJuridicaColumn, PessoaJuridicaRow>(
    db,
    PESSOA_JURIDICA,
    id,
    changes,
    actorId,
  );
  if (socios.replacement === undefined) return { ...row, socios: [...socios.current] };
  await replaceSocios(db, id, socios.replacement);
  return { ...row, socios: socios.replacement.map((socio) => ({ ...socio })) };
}

export function softDeletePessoaJuridica(db: Queryable, id: string, actorId: string) {
  return softDeleteRow(db, PESSOA_JURIDICA, id, actorId);
}

export interface PessoaJuridicaSummaryRow {
  id: string;
  razao_social: string;
  nome_fantasia: string | null;
  cnpj: string;
  situacao: string;
  porte: string | null;
  cidade: string | null;
  uf: string | null;
  created_at: Date;
}

export function listPessoasJuridicas(db: Queryable, filters: RegistryListFilters) {
  return listRows<PessoaJuridicaSummaryRow>(
    db,
    PESSOA_JURIDICA,
    ['razao_social', 'nome_fantasia', 'cnpj', 'situacao', 'porte', 'cidade', 'uf', 'created_at'],
    filters,
  );
}

/** True while a pending, approved or suspended account names this organisation as its institution. */
export function isPessoaJuridicaLinkedToAccount(db: Queryable, id: string) {
  return isLinkedToOpenAccount(db, 'pessoa_juridica_id', id);
}
