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

/** The columns of `cadastro.pessoa_fisica` a client writes, in the order the API documents them. */
export const PESSOA_FISICA_COLUMNS = [
  'nome_completo',
  'cpf',
  'nome_social',
  'data_nascimento',
  'sexo',
  'estado_civil',
  'nacionalidade',
  'naturalidade',
  'nome_mae',
  'nome_pai',
  'rg',
  'rg_orgao_expedidor',
  'rg_uf',
  'email_principal',
  'email_secundario',
  'telefone_principal',
  'telefone_secundario',
  'cep',
  'logradouro',
  'numero',
  'complemento',
  'bairro',
  'cidade',
  'uf',
  'profissao',
  'escolaridade',
] as const;
export type PessoaFisicaColumn = (typeof PESSOA_FISICA_COLUMNS)[number];

/** Normalized values (digits only, upper-case UF, lower-case e-mail; dates as YYYY-MM-DD). */
export type PessoaFisicaData = { nome_completo: string; cpf: string } & Partial<
  Record<Exclude<PessoaFisicaColumn, 'nome_completo' | 'cpf'>, string | null>
>;
export type PessoaFisicaChanges = Partial<Record<PessoaFisicaColumn, string | null>>;
export type PessoaFisica = RowMeta & { nome_completo: string; cpf: string; nacionalidade: string } & Record<
    Exclude<PessoaFisicaColumn, 'nome_completo' | 'cpf' | 'nacionalidade'>,
    string | null
  >;

const PESSOA_FISICA: RegistryTable<PessoaFisicaColumn> = {
  table: 'cadastro.pessoa_fisica',
  statementPrefix: 'pf',
  writable: PESSOA_FISICA_COLUMNS,
  documentKey: { index: 'pessoa_fisica_cpf_key', column: 'cpf' },
};

/** Throws DuplicateDocumentError (409) when a live record has the CPF. `actorId` is null for public registration. */
export function insertPessoaFisica(db: Queryable, data: PessoaFisicaData, actorId: string | null) {
  return insertRow<PessoaFisicaColumn, PessoaFisica>(db, PESSOA_FISICA, data, actorId);
}

export function findPessoaFisicaById(db: Queryable, id: string, options: { forUpdate?: boolean } = {}) {
  return findLiveRow<PessoaFisica>(db, PESSOA_FISICA, id, options);
}

/** The live record with this CPF (11 digits), if any. */
export function findPessoaFisicaByCpf(db: Queryable, cpf: string) {
  return findLiveRowByDocument<PessoaFisica>(db, PESSOA_FISICA, cpf);
}

export function updatePessoaFisica(db: Queryable, id: string, changes: PessoaFisicaChanges, actorId: string) {
  return updateRow<PessoaFisicaColumn, PessoaFisica>(db, PESSOA_FISICA, id, changes, actorId);
}

export function softDeletePessoaFisica(db: Queryable, id: string, actorId: string) {
  return softDeleteRow(db, PESSOA_FISICA, id, actorId);
}

/** What a list shows of a person: enough to tell people apart, nothing more (no contacts, no full CPF). */
export interface PessoaFisicaSummaryRow {
  id: string;
  nome_completo: string;
  nome_social: string | null;
  cpf: string;
  cidade: string | null;
  uf: string | null;
  created_at: Date;
}

export function listPessoasFisicas(db: Queryable, filters: RegistryListFilters) {
  return listRows<PessoaFisicaSummaryRow>(
    db,
    PESSOA_FISICA,
    ['nome_completo', 'nome_social', 'cpf', 'cidade', 'uf', 'created_at'],
    filters,
  );
}

/** True while a pending, approved or suspended account is this person's; such a person cannot be deleted. */
export function isPessoaFisicaLinkedToAccount(db: Queryable, id: string) {
  return isLinkedToOpenAccount(db, 'pessoa_fisica_id', id);
}
