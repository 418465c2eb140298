import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Queryable } from '../../src/db/pools';
import { findPessoaFisicaById, listPessoasFisicas } from '../../src/repositories/pessoas-fisicas';
import type { RegistryListFilters } from '../../src/repositories/registry-table';
import { createTestDatabase } from '../helpers/database';

/**
 * The registry's hot queries must be answered from the indexes of migration 0001. This guards the coupling between
 * the SQL the repositories build and the index definitions (e.g. the accent-folding expression of the city index):
 * each query is captured as the repository sends it and explained on a seeded table.
 */
const ROWS = 20_000;
let client: pg.Client;

beforeAll(async () => {
  client = new pg.Client({ connectionString: await createTestDatabase() });
  await client.connect();
  // Skewed like the real registry: most people in a few states, AC almost empty.
  await client.query(
    `WITH base AS (SELECT i, lpad((200000000 + i * 13)::text, 9, '0') AS d9 FROM generate_series(1, $1::int) AS i),
          d10 AS (SELECT i, d9 || cadastro.mod11_check_digit(d9, 10) AS d10 FROM base)
     INSERT INTO cadastro.pessoa_fisica (nome_completo, cpf, cidade, uf, created_at)
     SELECT (ARRAY['Maria', 'João', 'Ana', 'Pedro'])[1 + i % 4] || ' ' || (ARRAY['Silva', 'Souza', 'Lima'])[1 + i % 3] || ' ' || i,
            d10 || cadastro.mod11_check_digit(d10, 11),
            (ARRAY['São Paulo', 'Campinas', 'Rio de Janeiro', 'Salvador'])[1 + i % 4],
            CASE WHEN i % 1000 = 0 THEN 'AC' ELSE (ARRAY['SP', 'RJ', 'MG'])[1 + i % 3] END,
            now() - make_interval(secs => i)
     FROM d10`,
    [ROWS],
  );
  await client.query('VACUUM ANALYZE cadastro.pessoa_fisica');
});
afterAll(() => client.end());

let statements = 0;

/**
 * Runs `query` against a recorder and returns the indexes its plan uses and whether it scans the table. A query
 * the repository sends as a prepared statement is explained with its generic plan (the one a long-lived connection
 * ends up reusing for every value), others with the plan for their values.
 */
async function planOf(query: (db: Queryable) => Promise<unknown>) {
  let sent: { name?: string; text: string; values: unknown[] } | undefined;
  const recorder = {
    query: async (
      config: string | { name?: string; text: string; values?: unknown[] },
      values?: unknown[],
    ) => {
      sent =
        typeof config === 'string'
          ? { text: config, values: values ?? [] }
          : { ...config, values: config.values ?? [] };
      return { rows: [], rowCount: 0 };
    },
  } as unknown as Queryable;
  await query(recorder);
  let explain = `EXPLAIN (FORMAT JSON) ${sent!.text}`;
  if (sent!.name) {
    statements += 1;
    await client.query(`PREPARE generic_${statements} AS ${sent!.text}`);
    await client.query('SET plan_cache_mode = force_generic_plan');
    // EXECUTE takes no bind parameters: the values go in as literals (test data only).
    const literals = sent!.values.map((value) => client.escapeLiteral(String(value)));
    explain = `EXPLAIN (FORMAT JSON) EXECUTE generic_${statements}(${literals.join(', ')})`;
  }
  const { rows } = await client
    .query(explain, sent!.name ? [] : sent!.values)
    .finally(() => client.query('RESET plan_cache_mode'));
  const indexes = new Set<string>();
  let seqScan = false;
  const walk = (node: Record<string, unknown>) => {
    if (typeof node['Index Name'] === 'string') indexes.add(node['Index Name']);
    if (node['Node Type'] === 'Seq Scan') seqScan = true;
    for (const child of (node.Plans as Record<string, unknown>[] | undefined) ?? []) walk(child);
  };
  walk(rows[0]['QUERY PLAN'][0].Plan);
  return { indexes: [...indexes], seqScan };
}

const list = (filters: Omit<RegistryListFilters, 'limit'>) => (db: Queryable) =>
  listPessoasFisicas(db, { limit: 20, ...filters });

describe('registry query plans', () => {
  it('reads a record by primary key', async () => {
    const plan = await planOf((db) => findPessoaFisicaById(db, '6f1c2b8e-0000-4000-8000-000000000000'));
    expect(plan).toEqual({ indexes: ['pessoa_fisica_pkey'], seqScan: false });
  });

  it.each([
    { label: 'the first page', filters: {}, index: 'pessoa_fisica_created_idx' },
    {
      label: 'a page after a cursor',
      filters: { after: { createdAt: new Date().toISOString(), id: '6f1c2b8e-0000-4000-8000-000000000000' } },
      index: 'pessoa_fisica_created_idx',
    },
    { label: 'a rare UF', filters: { uf: 'AC' }, index: 'pessoa_fisica_uf_idx' },
    // A third of the table: walking created_at and skipping other UFs finds a page at once.
    { label: 'a common UF', filters: { uf: 'SP' }, index: 'pessoa_fisica_created_idx' },
    {
      label: 'a rare UF page after a cursor',
      filters: {
        uf: 'AC',
        after: { createdAt: new Date().toISOString(), id: '6f1c2b8e-0000-4000-8000-000000000000' },
      },
      index: 'pessoa_fisica_uf_idx',
    },
    {
      label: 'a city within a UF',
      filters: { cidade: 'Campinas', uf: 'SP' },
      index: 'pessoa_fisica_cidade_idx',
    },
    {
      label: 'a rare name within a UF',
      filters: { q: 'joao 4242', uf: 'SP' },
      index: 'pessoa_fisica_search_idx',
    },
    { label: 'a city, accent-folded', filters: { cidade: 'sao paulo' }, index: 'pessoa_fisica_cidade_idx' },
    { label: 'a rare name', filters: { q: 'joao 4242' }, index: 'pessoa_fisica_search_idx' },
    { label: 'a CPF', filters: { document: '52998224725' }, index: 'pessoa_fisica_cpf_key' },
    {
      label: 'a creation-day range',
      filters: { createdFrom: '2000-01-01', createdTo: '2000-01-31' },
      index: 'pessoa_fisica_created_idx',
    },
  ])('lists $label from $index without scanning the table', async ({ filters, index }) => {
    const plan = await planOf(list(filters));
    expect(plan.seqScan).toBe(false);
    expect(plan.indexes).toContain(index);
  });
});
