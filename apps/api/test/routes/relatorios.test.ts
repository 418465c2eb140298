import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../../src/app';
import type { Role } from '../../src/auth/roles';
import { buildTestApp } from '../helpers/app';
import { createTestDatabase } from '../helpers/database';
import { fakeCpf } from '../helpers/documents';
import { pessoaFisicaBody, pessoaJuridicaBody } from '../helpers/registry';
import { createLoggedInUser, createUser } from '../helpers/users';

const BASE = '/api/v1/relatorios';

let app: App;
const cookies = {} as Record<Role, string>;

/** `YYYY-MM` of `monthsAgo` months before the current month in Brasília. */
function monthKey(monthsAgo: number): string {
  const [year, month] = new Date()
    .toLocaleDateString('en-CA', { timeZone: 'America/Sao_Paulo' })
    .split('-')
    .map(Number);
  const index = year! * 12 + (month! - 1) - monthsAgo;
  return `${Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, '0')}`;
}

beforeAll(async () => {
  app = await buildTestApp();
  for (const role of ['OPERADOR', 'ANALISTA', 'ADMIN'] as const)
    cookies[role] = (await createLoggedInUser(app, role)).cookie;
  // Accounts in other states: each test account also brings its own pessoa física and jurídica.
  await createUser(app, { role: 'VISUALIZADOR', status: 'AGUARDANDO_APROVACAO' });
  await createUser(app, { role: 'OPERADOR', status: 'AGUARDANDO_APROVACAO' });
  await createUser(app, { role: 'GESTOR', status: 'SUSPENSO' });
  // Two people through the API (one then deleted), and two older records straight in the database.
  const created = await app.inject({
    method: 'POST',
    url: '/api/v1/pessoas-fisicas',
    payload: pessoaFisicaBody(),
    headers: { cookie: cookies.OPERADOR },
  });
  await app.inject({
    method: 'DELETE',
    url: `/api/v1/pessoas-fisicas/${created.json().id}`,
    headers: { cookie: cookies.OPERADOR },
  });
  await app.inject({
    method: 'POST',
    url: '/api/v1/pessoas-fisicas',
    payload: pessoaFisicaBody(),
    headers: { cookie: cookies.OPERADOR },
  });
  await app.db.write.query(
    `INSERT INTO cadastro.pessoa_fisica (nome_completo, cpf, created_at) VALUES
       ('Cadastro Antigo', $1, now() - interval '3 months'),
       ('Cadastro Muito Antigo', $2, now() - interval '14 months')`,
    [fakeCpf(), fakeCpf()],
  );
});
afterAll(() => app.close());

function report(path: string, role: Role = 'ANALISTA') {
  return app.inject({ method: 'GET', url: `${BASE}/${path}`, headers: { cookie: cookies[role] } });
}

// 6 accounts (3 logged in + 3 others), each with a pessoa física and a jurídica; + 1 live PF by API + 2 in SQL.
const ACCOUNTS = 6;

describe('resumo', () => {
  it('totals live records and accounts by status and type', async () => {
    const response = await report('resumo');
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({
      total_pessoas_fisicas: ACCOUNTS + 1 + 2,
      total_pessoas_juridicas: ACCOUNTS,
      total_usuarios: ACCOUNTS,
      solicitacoes_pendentes: 2,
      usuarios_por_status: { AGUARDANDO_APROVACAO: 2, APROVADO: 3, REJEITADO: 0, SUSPENSO: 1, INATIVO: 0 },
      usuarios_por_tipo: { VISUALIZADOR: 1, OPERADOR: 2, ANALISTA: 1, GESTOR: 1, ADMIN: 1 },
    });
  });

  it('downloads as CSV with a BOM, CRLF lines and accented labels intact', async () => {
    const response = await report('resumo?format=csv');
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(response.headers['cache-control']).toBe('no-store');
    expect(response.headers['content-disposition']).toMatch(
      /^attachment; filename="resumo-\d{4}-\d{2}-\d{2}\.csv"$/,
    );
    expect([...response.rawPayload.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const lines = response.body.slice(1).split('\r\n');
    expect(lines[0]).toBe('indicador,total');
    expect(lines).toContain(`Pessoas físicas,${ACCOUNTS + 3}`);
    expect(lines).toContain('Usuários aguardando aprovação,2');
    expect(lines).toContain('Usuários do tipo OPERADOR,2');
    expect(lines.at(-1)).toBe('');
  });
});

describe('cadastros-por-mes', () => {
  it('lists the last 12 months, oldest first, counting live records per month', async () => {
    const response = await report('cadastros-por-mes');
    expect(response.statusCode).toBe(200);
    const { meses } = response.json() as { meses: { mes: string; pessoas_fisicas: number }[] };
    expect(meses.map((row) => row.mes)).toEqual(
      Array.from({ length: 12 }, (_, index) => monthKey(11 - index)),
    );
    expect(meses.at(-1)).toEqual({
      mes: monthKey(0),
      pessoas_fisicas: ACCOUNTS + 1,
      pessoas_juridicas: ACCOUNTS,
      usuarios: ACCOUNTS,
    });
    expect(meses.find((row) => row.mes === monthKey(3))).toMatchObject({ pessoas_fisicas: 1 });
    expect(meses.reduce((sum, row) => sum + row.pessoas_fisicas, 0)).toBe(ACCOUNTS + 2);
  });

  it('downloads as CSV with one line per month', async () => {
    const response = await report('cadastros-por-mes?format=csv');
    const lines = response.body
      .replace(/^\uFEFF/, '')
      .trimEnd()
      .split('\r\n');
    expect(lines[0]).toBe('mes,pessoas_fisicas,pessoas_juridicas,usuarios');
    expect(lines).toHaveLength(13);
    expect(lines.at(-1)).toBe(`${monthKey(0)},${ACCOUNTS + 1},${ACCOUNTS},${ACCOUNTS}`);
  });
});

describe('usuarios-por-tipo', () => {
  it('gives every type, highest first, with active/inactive split and share', async () => {
    const response = await report('usuarios-por-tipo');
    expect(response.json().tipos).toEqual([
      { tipo_usuario: 'ADMIN', total: 1, ativos: 1, inativos: 0, percentual: 16.7 },
      { tipo_usuario: 'GESTOR', total: 1, ativos: 0, inativos: 1, percentual: 16.7 },
      { tipo_usuario: 'ANALISTA', total: 1, ativos: 1, inativos: 0, percentual: 16.7 },
      { tipo_usuario: 'OPERADOR', total: 2, ativos: 1, inativos: 1, percentual: 33.3 },
      { tipo_usuario: 'VISUALIZADOR', total: 1, ativos: 0, inativos: 1, percentual: 16.7 },
    ]);
  });

  it('writes the percentage with a decimal comma, quoted', async () => {
    const response = await report('usuarios-por-tipo?format=csv');
    const lines = response.body
      .replace(/^\uFEFF/, '')
      .trimEnd()
      .split('\r\n');
    expect(lines[0]).toBe('tipo_usuario,total,ativos,inativos,percentual');
    expect(lines).toContain('OPERADOR,2,1,1,"33,3"');
  });
});

describe('publico', () => {
  const publico = (headers: Record<string, string> = {}, query = '') =>
    app.inject({ method: 'GET', url: `${BASE}/publico${query}`, headers });

  it('counts live people and institutions and approved accounts, for anyone, and nothing else', async () => {
    // The same counts with or without a session: nothing in the answer depends on who asks.
    for (const headers of [{}, { cookie: cookies.ANALISTA }] as Record<string, string>[]) {
      const response = await publico(headers);
      expect(response.statusCode).toBe(200);
      // toEqual on the whole body: any extra field (a name, a status breakdown) fails here.
      expect(response.json()).toEqual({
        total_pessoas_fisicas: ACCOUNTS + 1 + 2,
        total_pessoas_juridicas: ACCOUNTS,
        total_usuarios: 3,
      });
      expect(response.headers['cache-control']).toBe('public, max-age=60');
      expect(response.headers['set-cookie']).toBeUndefined();
    }
  });

  it('follows deletions and new approvals', async () => {
    // Its own database: the other reports in this file count the shared fixture.
    const fresh = await buildTestApp();
    try {
      const { cookie } = await createLoggedInUser(fresh, 'OPERADOR');
      const pending = await createUser(fresh, { status: 'AGUARDANDO_APROVACAO' });
      const created = await fresh.inject({
        method: 'POST',
        url: '/api/v1/pessoas-juridicas',
        payload: pessoaJuridicaBody(),
        headers: { cookie },
      });
      expect(created.statusCode).toBe(201);
      const totals = async () => (await fresh.inject({ method: 'GET', url: `${BASE}/publico` })).json();
      expect(await totals()).toEqual({
        total_pessoas_fisicas: 2,
        total_pessoas_juridicas: 3,
        total_usuarios: 1,
      });
      const deleted = await fresh.inject({
        method: 'DELETE',
        url: `/api/v1/pessoas-juridicas/${created.json().id}`,
        headers: { cookie },
      });
      expect(deleted.statusCode).toBe(204);
      await fresh.db.write.query(`UPDATE usuarios.usuario_sistema SET status = 'APROVADO' WHERE id = $1`, [
        pending.id,
      ]);
      expect(await totals()).toEqual({
        total_pessoas_fisicas: 2,
        total_pessoas_juridicas: 2,
        total_usuarios: 2,
      });
    } finally {
      await fresh.close();
    }
  });

  it('rejects query parameters (400), an answer no shared cache keeps', async () => {
    const response = await publico({}, '?_=1700000000');
    expect(response.statusCode).toBe(400);
    expect(response.headers['cache-control']).toBe('no-store');
  });

  it('is under the per-IP rate limit; the 429 is not cacheable either', async () => {
    const limited = await buildTestApp({
      databaseUrl: app.config.DATABASE_URL,
      env: { RATE_LIMIT_PER_MINUTE: '2' },
    });
    try {
      const from = (ip: string) =>
        limited.inject({ method: 'GET', url: `${BASE}/publico`, headers: { 'x-forwarded-for': ip } });
      const statuses = [];
      for (let i = 0; i < 3; i += 1) statuses.push((await from('203.0.113.30')).statusCode);
      expect(statuses).toEqual([200, 200, 429]);
      expect((await from('203.0.113.30')).headers['cache-control']).toBe('no-store');
      expect((await from('203.0.113.31')).statusCode).toBe(200);
    } finally {
      await limited.close();
    }
  });
});

describe('access and validation', () => {
  it('is for ANALISTA and above', async () => {
    for (const path of ['resumo', 'cadastros-por-mes', 'usuarios-por-tipo']) {
      expect((await app.inject({ method: 'GET', url: `${BASE}/${path}` })).statusCode).toBe(401);
      expect((await report(path, 'OPERADOR')).statusCode).toBe(403);
      expect((await report(path, 'ANALISTA')).statusCode).toBe(200);
      expect((await report(path, 'ADMIN')).statusCode).toBe(200);
    }
  });

  it('rejects unknown formats (422) and parameters (400)', async () => {
    expect((await report('resumo?format=xlsx')).statusCode).toBe(422);
    expect((await report('resumo?periodo=12')).statusCode).toBe(400);
  });
});

describe('read pool', () => {
  it('answers reports and registry lists from DATABASE_READ_URL when it is set', async () => {
    // A separate database stands in for the replica: whatever the app reports must come from it.
    const replicaUrl = await createTestDatabase();
    const replica = new pg.Client({ connectionString: replicaUrl });
    await replica.connect();
    await replica.query(
      `INSERT INTO cadastro.pessoa_fisica (nome_completo, cpf) SELECT 'Só na Réplica ' || n, c
       FROM unnest($1::text[]) WITH ORDINALITY AS t (c, n)`,
      [Array.from({ length: 40 }, () => fakeCpf())],
    );
    await replica.end();
    const withReplica = await buildTestApp({
      databaseUrl: app.config.DATABASE_URL,
      env: { DATABASE_READ_URL: replicaUrl },
    });
    try {
      const { cookie } = await createLoggedInUser(withReplica, 'ANALISTA');
      const resumo = await withReplica.inject({ method: 'GET', url: `${BASE}/resumo`, headers: { cookie } });
      expect(resumo.json()).toMatchObject({ total_pessoas_fisicas: 40, total_usuarios: 0 });
      const publico = await withReplica.inject({ method: 'GET', url: `${BASE}/publico` });
      expect(publico.json()).toEqual({
        total_pessoas_fisicas: 40,
        total_pessoas_juridicas: 0,
        total_usuarios: 0,
      });
      const list = await withReplica.inject({
        method: 'GET',
        url: '/api/v1/pessoas-fisicas?q=replica&limit=100',
        headers: { cookie },
      });
      expect(list.json().items).toHaveLength(40);
    } finally {
      await withReplica.close();
    }
  });
});
