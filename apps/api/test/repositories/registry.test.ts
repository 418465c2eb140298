import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inTransaction } from '../../src/db/pools';
import { decodeCursor, type KeysetPosition, type Page, toPage } from '../../src/lib/cursor';
import {
  findPessoaFisicaByCpf,
  insertPessoaFisica,
  listPessoasFisicas,
} from '../../src/repositories/pessoas-fisicas';
import { findPessoaJuridicaByCnpj, insertPessoaJuridica } from '../../src/repositories/pessoas-juridicas';
import { DuplicateDocumentError } from '../../src/repositories/registry-table';
import { createTestDatabase } from '../helpers/database';
import { fakeCnpj, fakeCpf } from '../helpers/documents';

/** The repository functions as another flow (public registration) uses them: inside its own transaction. */
let pool: pg.Pool;

beforeAll(async () => {
  pool = new pg.Pool({ connectionString: await createTestDatabase(), max: 3 });
});
afterAll(() => pool.end());

describe('inside a caller transaction', () => {
  it('sees its own insert and leaves nothing behind when the caller rolls back', async () => {
    const cpf = fakeCpf();
    const cnpj = fakeCnpj();
    await expect(
      inTransaction(pool, async (client) => {
        const person = await insertPessoaFisica(client, { nome_completo: 'Ana Candidata', cpf }, null);
        expect(person).toMatchObject({ cpf, version: 1, created_by: null });
        expect((await findPessoaFisicaByCpf(client, cpf))?.id).toBe(person.id);
        const company = await insertPessoaJuridica(client, { razao_social: 'Órgão Exemplo', cnpj }, null);
        expect((await findPessoaJuridicaByCnpj(client, cnpj))?.id).toBe(company.id);
        throw new Error('registration failed later on');
      }),
    ).rejects.toThrow('registration failed later on');
    expect(await findPessoaFisicaByCpf(pool, cpf)).toBeUndefined();
    expect(await findPessoaJuridicaByCnpj(pool, cnpj)).toBeUndefined();
  });

  it('reports a duplicate CPF as DuplicateDocumentError (409, field cpf)', async () => {
    const cpf = fakeCpf();
    await insertPessoaFisica(pool, { nome_completo: 'Primeira', cpf }, null);
    const error = await inTransaction(pool, (client) =>
      insertPessoaFisica(client, { nome_completo: 'Segunda', cpf }, null),
    ).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(DuplicateDocumentError);
    expect(error).toMatchObject({ statusCode: 409, field: 'cpf' });
  });
});

describe('keyset pagination', () => {
  it('pages rows that share created_at (one transaction) by id, without repeats or gaps', async () => {
    const ids = await inTransaction(pool, async (client) => {
      const created: string[] = [];
      for (let index = 0; index < 5; index += 1) {
        created.push(
          (
            await insertPessoaFisica(
              client,
              { nome_completo: `Mesmo Instante ${index}`, cpf: fakeCpf() },
              null,
            )
          ).id,
        );
      }
      return created;
    });
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const after: KeysetPosition | undefined = cursor === null ? undefined : decodeCursor(cursor);
      const page: Page<{ id: string }> = toPage(
        await listPessoasFisicas(pool, { q: 'mesmo instante', limit: 2, after }),
        2,
        (row) => row,
      );
      seen.push(...page.items.map((row) => row.id));
      cursor = page.next_cursor;
    } while (cursor !== null);
    expect(seen).toHaveLength(5);
    expect([...seen].sort()).toEqual([...ids].sort());
    expect(seen).toEqual([...ids].sort().reverse());
  });
});
