import type { FastifyInstance } from 'fastify';
import { fakeCnpj, fakeCpf } from './documents';

/** `123.456.789-09` — a CPF as people type it. */
export function punctuatedCpf(digits: string): string {
  return `${digits.slice(0, 3)}.${digits.slice(3, 6)}.${digits.slice(6, 9)}-${digits.slice(9)}`;
}

/** `12.345.678/0001-95` — a CNPJ as people type it. */
export function punctuatedCnpj(digits: string): string {
  return `${digits.slice(0, 2)}.${digits.slice(2, 5)}.${digits.slice(5, 8)}/${digits.slice(8, 12)}-${digits.slice(12)}`;
}

/** A valid create body for a pessoa física, in the punctuated form a form would send; fake data only. */
export function pessoaFisicaBody(overrides: Record<string, unknown> = {}) {
  return {
    nome_completo: 'Maria José da Silva',
    cpf: punctuatedCpf(fakeCpf()),
    data_nascimento: '1985-04-12',
    sexo: 'F',
    email_principal: 'Maria.Silva@Exemplo.TEST',
    telefone_principal: '(61) 99876-5432',
    cep: '70040-010',
    logradouro: 'Esplanada dos Ministérios',
    numero: 'S/N',
    bairro: 'Zona Cívico-Administrativa',
    cidade: 'Brasília',
    uf: 'df',
    ...overrides,
  };
}

/** A valid create body for a pessoa jurídica with two sócios; fake data only. */
export function pessoaJuridicaBody(overrides: Record<string, unknown> = {}) {
  return {
    razao_social: 'Transportes Exemplo Ltda',
    nome_fantasia: 'Exemplo Cargas',
    cnpj: punctuatedCnpj(fakeCnpj()),
    porte: 'EPP',
    email_principal: 'Contato@Exemplo.TEST',
    telefone_principal: '(11) 3333-4444',
    website: 'https://exemplo.test',
    cep: '01310-100',
    logradouro: 'Avenida Paulista',
    numero: '1000',
    bairro: 'Bela Vista',
    cidade: 'São Paulo',
    uf: 'SP',
    socios: [
      { nome: 'Ana Sócia', cpf: punctuatedCpf(fakeCpf()), cargo: 'Sócia-administradora' },
      { nome: 'Bruno Sócio', cpf: fakeCpf(), email: 'Bruno@Exemplo.TEST', telefone: '11 98888-7777' },
    ],
    ...overrides,
  };
}

export interface AuditRow {
  ator_id: string | null;
  acao: string;
  entidade: string;
  entidade_id: string | null;
  antes: Record<string, unknown> | null;
  depois: Record<string, unknown> | null;
  ip: string | null;
  request_id: string | null;
}

/** The audit rows about one record, oldest first. */
export async function auditRowsFor(
  app: FastifyInstance,
  entity: string,
  entityId: string,
): Promise<AuditRow[]> {
  const { rows } = await app.db.write.query<AuditRow>(
    `SELECT ator_id, acao, entidade, entidade_id, antes, depois, host(ip) AS ip, request_id
     FROM auditoria.registro WHERE entidade = $1 AND entidade_id = $2 ORDER BY id`,
    [entity, entityId],
  );
  return rows;
}

/**
 * Makes the database refuse audit rows for `entity` (a trigger that raises), to prove that a write whose audit row
 * fails is rolled back with it. Returns the function that removes the fault.
 */
export async function failAuditInserts(app: FastifyInstance, entity: string): Promise<() => Promise<void>> {
  await app.db.write.query(`
    CREATE OR REPLACE FUNCTION public.test_refuse_audit() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN RAISE EXCEPTION 'audit store refused the row (test fault)'; END; $$`);
  await app.db.write.query(
    `CREATE TRIGGER test_refuse_audit BEFORE INSERT ON auditoria.registro FOR EACH ROW
     WHEN (NEW.entidade = '${entity.replace(/[^a-z_]/g, '')}') EXECUTE FUNCTION public.test_refuse_audit()`,
  );
  return async () => {
    await app.db.write.query('DROP TRIGGER test_refuse_audit ON auditoria.registro');
  };
}
