import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isValidCnpj, isValidCpf } from '../../src/domain/documents';
import { createTestDatabase } from '../helpers/database';
import { fakeCnpj, fakeCpf } from '../helpers/documents';

/** Migration 0001 enforces in PostgreSQL what the API validates, for writers that bypass the API. */
let client: pg.Client;

beforeAll(async () => {
  client = new pg.Client({ connectionString: await createTestDatabase() });
  await client.connect();
});
afterAll(() => client.end());

/** The SQLSTATE of running `sql`, or undefined when it succeeds. */
async function errorCode(sql: string, values: unknown[] = []): Promise<string | undefined> {
  try {
    await client.query(sql, values);
    return undefined;
  } catch (error) {
    return (error as { code?: string }).code;
  }
}

/** Deterministic pseudo-random digit strings (a small LCG), so a failure is reproducible. */
function digitStrings(count: number, length: number, seed: number): string[] {
  let state = seed;
  return Array.from({ length: count }, () =>
    Array.from({ length }, () => {
      state = (state * 1103515245 + 12345) % 2147483648;
      return String(state % 10);
    }).join(''),
  );
}

describe('check digits', () => {
  it('agree between PostgreSQL and src/domain/documents.ts', async () => {
    const cpfs = [...digitStrings(3000, 11, 7), ...Array.from({ length: 200 }, fakeCpf), '11111111111'];
    const cnpjs = [...digitStrings(3000, 14, 11), ...Array.from({ length: 200 }, fakeCnpj), '00000000000000'];
    const { rows } = await client.query(
      `SELECT ARRAY(SELECT cadastro.cpf_is_valid(c) FROM unnest($1::text[]) WITH ORDINALITY AS t (c, n) ORDER BY n) AS cpf,
              ARRAY(SELECT cadastro.cnpj_is_valid(c) FROM unnest($2::text[]) WITH ORDINALITY AS t (c, n) ORDER BY n) AS cnpj`,
      [cpfs, cnpjs],
    );
    expect(rows[0].cpf).toEqual(cpfs.map(isValidCpf));
    expect(rows[0].cnpj).toEqual(cnpjs.map(isValidCnpj));
    expect(rows[0].cpf.filter(Boolean).length).toBeGreaterThanOrEqual(200);
  });
});

describe('domains', () => {
  it.each([
    ['an invalid CPF', { cpf: '52998224724' }],
    ['a punctuated CPF', { cpf: '529.982.247-25' }],
    ['an unknown UF', { uf: 'XX' }],
    ['a CEP with a dash', { cep: '70040-010' }],
    ['an 11-digit landline', { telefone_principal: '61387654321' }],
    ['an upper-case e-mail', { email_principal: 'Ana@Exemplo.TEST' }],
    ['a name with surrounding spaces', { nome_completo: ' Ana ' }],
  ])('reject %s (check_violation)', async (_label, values) => {
    const row = { nome_completo: 'Ana', cpf: fakeCpf(), ...values };
    const columns = Object.keys(row);
    const code = await errorCode(
      `INSERT INTO cadastro.pessoa_fisica (${columns.join(', ')}) VALUES (${columns.map((_, i) => `$${i + 1}`).join(', ')})`,
      Object.values(row),
    );
    expect(code).toBe('23514');
  });

  it('accept the canonical forms', async () => {
    const code = await errorCode(
      `INSERT INTO cadastro.pessoa_fisica (nome_completo, cpf, uf, cep, telefone_principal, email_principal)
       VALUES ('Ana', $1, 'SP', '01310100', '11987654321', 'ana@exemplo.test')`,
      [fakeCpf()],
    );
    expect(code).toBeUndefined();
  });
});

describe('pessoa_fisica rows', () => {
  it('keep the CPF unique among live rows only', async () => {
    const cpf = fakeCpf();
    const insert = () =>
      client.query('INSERT INTO cadastro.pessoa_fisica (nome_completo, cpf) VALUES ($1, $2)', ['Ana', cpf]);
    await insert();
    expect(
      await errorCode('INSERT INTO cadastro.pessoa_fisica (nome_completo, cpf) VALUES ($1, $2)', [
        'Bia',
        cpf,
      ]),
    ).toBe('23505');
    await client.query('UPDATE cadastro.pessoa_fisica SET deleted_at = now() WHERE cpf = $1', [cpf]);
    await insert();
    const { rows } = await client.query(
      'SELECT count(*)::int AS n FROM cadastro.pessoa_fisica WHERE cpf = $1',
      [cpf],
    );
    expect(rows[0].n).toBe(2);
  });

  it('bump version and updated_at on every update, whoever writes', async () => {
    const { rows } = await client.query(
      `INSERT INTO cadastro.pessoa_fisica (nome_completo, cpf, created_at, updated_at)
       VALUES ('Ana', $1, now() - interval '1 day', now() - interval '1 day') RETURNING id, version`,
      [fakeCpf()],
    );
    expect(rows[0].version).toBe(1);
    const updated = await client.query(
      `UPDATE cadastro.pessoa_fisica SET profissao = 'Professora', version = 1 WHERE id = $1
       RETURNING version, updated_at > created_at AS touched`,
      [rows[0].id],
    );
    expect(updated.rows[0]).toEqual({ version: 2, touched: true });
  });

  it('index names for accent- and case-insensitive prefix search', async () => {
    const { rows } = await client.query(
      `INSERT INTO cadastro.pessoa_fisica (nome_completo, nome_social, cpf) VALUES ('JOÃO D''ÁVILA Conceição', 'Jô', $1)
       RETURNING search::text AS search`,
      [fakeCpf()],
    );
    expect(rows[0].search).toBe("'avila':3 'conceicao':4 'd':2 'jo':5 'joao':1");
  });
});
