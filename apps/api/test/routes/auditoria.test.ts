import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../../src/app';
import { buildTestApp } from '../helpers/app';
import { pessoaFisicaBody } from '../helpers/registry';
import { createLoggedInUser, type TestUser } from '../helpers/users';

const BASE = '/api/v1/auditoria';

let app: App;
let adminCookie: string;
let gestorCookie: string;
let operador: TestUser;
let operadorCookie: string;
let personId: string;

beforeAll(async () => {
  app = await buildTestApp();
  adminCookie = (await createLoggedInUser(app, 'ADMIN')).cookie;
  gestorCookie = (await createLoggedInUser(app, 'GESTOR')).cookie;
  ({ user: operador, cookie: operadorCookie } = await createLoggedInUser(app, 'OPERADOR'));
  const headers = { cookie: operadorCookie };
  const created = await app.inject({
    method: 'POST',
    url: '/api/v1/pessoas-fisicas',
    payload: pessoaFisicaBody(),
    headers,
  });
  personId = created.json().id;
  await app.inject({
    method: 'PATCH',
    url: `/api/v1/pessoas-fisicas/${personId}`,
    payload: { profissao: 'Analista de Sistemas', cidade: 'Goiânia', uf: 'GO' },
    headers: { ...headers, 'if-match': created.headers.etag as string },
  });
  await app.inject({ method: 'DELETE', url: `/api/v1/pessoas-fisicas/${personId}`, headers });
});
afterAll(() => app.close());

function audit(query: string, cookie = adminCookie) {
  return app.inject({ method: 'GET', url: `${BASE}?${query}`, headers: { cookie } });
}

describe('GET /auditoria', () => {
  it("lists a record's history newest first, with the actor and the changed fields but no images", async () => {
    const response = await audit(`entidade=pessoa_fisica&entidade_id=${personId}`);
    expect(response.statusCode).toBe(200);
    expect(response.headers['cache-control']).toBe('no-store');
    const { items, next_cursor } = response.json();
    expect(next_cursor).toBeNull();
    expect(items.map((item: { acao: string }) => item.acao)).toEqual(['DELETE', 'UPDATE', 'CREATE']);
    expect(items[1]).toMatchObject({
      ator_id: operador.id,
      ator_username: operador.username,
      entidade: 'pessoa_fisica',
      entidade_id: personId,
      campos_alterados: ['cidade', 'profissao', 'uf'],
      ip: '127.0.0.1',
    });
    expect(items[0].campos_alterados).toBeNull();
    expect(items[1]).not.toHaveProperty('antes');
    expect(items[1]).not.toHaveProperty('depois');
  });

  it('filters by actor, action and day', async () => {
    const byActor = (await audit(`ator_id=${operador.id}&entidade=pessoa_fisica`)).json().items;
    expect(byActor).toHaveLength(3);
    const updates = (await audit('acao=UPDATE')).json().items;
    expect(updates.map((item: { entidade_id: string }) => item.entidade_id)).toEqual([personId]);
    const today = new Date().toLocaleDateString('en-CA', { timeZone: 'America/Sao_Paulo' });
    expect((await audit(`from=${today}&to=${today}&entidade=pessoa_fisica`)).json().items).toHaveLength(3);
    expect((await audit('to=2000-12-31')).json().items).toEqual([]);
  });

  it('pages through the log with a cursor', async () => {
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const response = await audit(`entidade=pessoa_fisica&limit=1${cursor ? `&cursor=${cursor}` : ''}`);
      const page: { items: { acao: string }[]; next_cursor: string | null } = response.json();
      seen.push(...page.items.map((item) => item.acao));
      cursor = page.next_cursor;
    } while (cursor);
    expect(seen).toEqual(['DELETE', 'UPDATE', 'CREATE']);
  });

  it('answers 400 for a forged cursor or unknown parameter and 422 for bad filters', async () => {
    expect((await audit('cursor=abc')).statusCode).toBe(400);
    expect((await audit('tabela=x')).statusCode).toBe(400);
    expect((await audit('ator_id=nao-e-uuid')).statusCode).toBe(422);
    const range = await audit('from=2026-02-01&to=2026-01-01');
    expect(range.statusCode).toBe(422);
    expect(range.json().errors).toEqual([{ field: 'querystring.to', message: 'must not be before from' }]);
  });
});

describe('GET /auditoria/:id', () => {
  it('shows one entry with its before and after images', async () => {
    const [update] = (await audit(`acao=UPDATE&entidade_id=${personId}`)).json().items;
    const response = await app.inject({
      method: 'GET',
      url: `${BASE}/${update.id}`,
      headers: { cookie: adminCookie },
    });
    expect(response.statusCode).toBe(200);
    const entry = response.json();
    expect(entry).toMatchObject({
      id: update.id,
      acao: 'UPDATE',
      campos_alterados: ['cidade', 'profissao', 'uf'],
    });
    expect(entry.antes).toMatchObject({ profissao: null, uf: 'DF', version: 1 });
    expect(entry.depois).toMatchObject({ profissao: 'Analista de Sistemas', uf: 'GO', version: 2 });
  });

  it('answers 404 for an unknown entry', async () => {
    const response = await app.inject({
      method: 'GET',
      url: `${BASE}/999999999`,
      headers: { cookie: adminCookie },
    });
    expect(response.statusCode).toBe(404);
  });
});

describe('access', () => {
  it('is for ADMIN only', async () => {
    expect((await app.inject({ method: 'GET', url: BASE })).statusCode).toBe(401);
    expect((await audit('', gestorCookie)).statusCode).toBe(403);
    expect((await audit('', operadorCookie)).statusCode).toBe(403);
    expect(
      (await app.inject({ method: 'GET', url: `${BASE}/1`, headers: { cookie: gestorCookie } })).statusCode,
    ).toBe(403);
  });
});
