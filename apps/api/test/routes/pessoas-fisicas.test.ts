import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../../src/app';
import type { Role } from '../../src/auth/roles';
import { buildTestApp } from '../helpers/app';
import { fakeCpf } from '../helpers/documents';
import { auditRowsFor, failAuditInserts, pessoaFisicaBody, punctuatedCpf } from '../helpers/registry';
import { createLoggedInUser, type TestUser } from '../helpers/users';

const BASE = '/api/v1/pessoas-fisicas';

let app: App;
const cookies = {} as Record<Role, string>;
let operador: TestUser;

beforeAll(async () => {
  app = await buildTestApp();
  for (const role of ['VISUALIZADOR', 'OPERADOR', 'ANALISTA', 'GESTOR', 'ADMIN'] as const) {
    const { user, cookie } = await createLoggedInUser(app, role);
    cookies[role] = cookie;
    if (role === 'OPERADOR') operador = user;
  }
});
afterAll(() => app.close());

function create(body: Record<string, unknown>, role: Role = 'OPERADOR') {
  return app.inject({ method: 'POST', url: BASE, payload: body, headers: { cookie: cookies[role] } });
}

async function createOk(overrides: Record<string, unknown> = {}) {
  const response = await create(pessoaFisicaBody(overrides));
  expect(response.statusCode, response.body).toBe(201);
  return { body: response.json(), etag: response.headers.etag as string };
}

function get(id: string, headers: Record<string, string> = {}) {
  return app.inject({
    method: 'GET',
    url: `${BASE}/${id}`,
    headers: { cookie: cookies.VISUALIZADOR, ...headers },
  });
}

function patch(id: string, body: unknown, headers: Record<string, string> = {}) {
  return app.inject({
    method: 'PATCH',
    url: `${BASE}/${id}`,
    payload: body as Record<string, unknown>,
    headers: { cookie: cookies.OPERADOR, ...headers },
  });
}

function list(query: string, role: Role = 'VISUALIZADOR') {
  return app.inject({ method: 'GET', url: `${BASE}?${query}`, headers: { cookie: cookies[role] } });
}

async function countByCpf(cpf: string): Promise<number> {
  const { rows } = await app.db.write.query(
    'SELECT count(*)::int AS n FROM cadastro.pessoa_fisica WHERE cpf = $1',
    [cpf],
  );
  return rows[0].n;
}

const fieldsOf = (response: { json: () => { errors?: { field: string }[] } }) =>
  (response.json().errors ?? []).map((error) => error.field).sort();

describe('POST /pessoas-fisicas', () => {
  it('creates a person with normalized values, Location, ETag and an audit row', async () => {
    const cpf = fakeCpf();
    const response = await create(
      pessoaFisicaBody({ cpf: punctuatedCpf(cpf), nome_completo: '  Maria José da Silva ' }),
    );
    expect(response.statusCode).toBe(201);
    const body = response.json();
    expect(response.headers.location).toBe(`${BASE}/${body.id}`);
    expect(response.headers.etag).toBe('"1"');
    expect(body).toMatchObject({
      nome_completo: 'Maria José da Silva',
      cpf,
      email_principal: 'maria.silva@exemplo.test',
      telefone_principal: '61998765432',
      cep: '70040010',
      uf: 'DF',
      nacionalidade: 'BRASILEIRA',
      data_nascimento: '1985-04-12',
      version: 1,
      created_by: operador.id,
    });
    const audit = await auditRowsFor(app, 'pessoa_fisica', body.id);
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ acao: 'CREATE', ator_id: operador.id, antes: null, ip: '127.0.0.1' });
    expect(audit[0]!.depois).toMatchObject({ cpf, nome_completo: 'Maria José da Silva' });
  });

  it('answers 409 for a CPF that a live record has, however it is punctuated', async () => {
    const { body } = await createOk();
    const response = await create(pessoaFisicaBody({ cpf: body.cpf }));
    expect(response.statusCode).toBe(409);
    expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(response.json()).toMatchObject({ status: 409, code: 'CPF_DUPLICADO', errors: [{ field: 'cpf' }] });
    expect(await countByCpf(body.cpf)).toBe(1);
  });

  it('answers 422 naming every field whose format is invalid', async () => {
    const response = await create(
      pessoaFisicaBody({
        cpf: '529.982.247-24',
        telefone_principal: '(01) 2345-6789',
        email_principal: 'maria@',
        cep: '7004-010',
        uf: 'XX',
        rg_uf: 'ZZ',
        data_nascimento: '2999-01-01',
        logradouro: '   ',
      }),
    );
    expect(response.statusCode).toBe(422);
    expect(fieldsOf(response)).toEqual([
      'cep',
      'cpf',
      'data_nascimento',
      'email_principal',
      'logradouro',
      'rg_uf',
      'telefone_principal',
      'uf',
    ]);
  });

  it('rejects all-equal CPFs', async () => {
    const response = await create(pessoaFisicaBody({ cpf: '111.111.111-11' }));
    expect(response.statusCode).toBe(422);
    expect(response.json().errors).toEqual([{ field: 'cpf', message: 'CPF cannot have all digits equal' }]);
  });

  it('answers 422 for missing required fields and wrong types', async () => {
    const { nome_completo: _omitted, ...withoutName } = pessoaFisicaBody();
    const response = await create({ ...withoutName, sexo: 'X', data_nascimento: '1985-02-30' });
    expect(response.statusCode).toBe(422);
    expect(fieldsOf(response)).toEqual(expect.arrayContaining(['nome_completo', 'sexo', 'data_nascimento']));
  });

  it('answers 400 for unknown fields and malformed JSON', async () => {
    const unknown = await create(pessoaFisicaBody({ senha: 'x', renda: 10 }));
    expect(unknown.statusCode).toBe(400);
    expect(fieldsOf(unknown)).toEqual(['renda', 'senha']);

    const malformed = await app.inject({
      method: 'POST',
      url: BASE,
      headers: { cookie: cookies.OPERADOR, 'content-type': 'application/json' },
      payload: '{"nome_completo": "Ana",',
    });
    expect(malformed.statusCode).toBe(400);
    expect(malformed.headers['content-type']).toMatch(/^application\/problem\+json/);
  });

  it('lets exactly one of two simultaneous creates with the same CPF succeed', async () => {
    const cpf = fakeCpf();
    const responses = await Promise.all([
      create(pessoaFisicaBody({ cpf })),
      create(pessoaFisicaBody({ cpf: punctuatedCpf(cpf) })),
    ]);
    expect(responses.map((response) => response.statusCode).sort()).toEqual([201, 409]);
    expect(await countByCpf(cpf)).toBe(1);
  });

  it('rolls the record back when its audit row cannot be written', async () => {
    const cpf = fakeCpf();
    const restore = await failAuditInserts(app, 'pessoa_fisica');
    try {
      const response = await create(pessoaFisicaBody({ cpf }));
      expect(response.statusCode).toBe(500);
      expect(response.body).not.toContain('test fault');
    } finally {
      await restore();
    }
    expect(await countByCpf(cpf)).toBe(0);
  });
});

describe('GET /pessoas-fisicas/:id', () => {
  it('returns the record with its ETag, and 304 for a current If-None-Match', async () => {
    const { body, etag } = await createOk();
    const response = await get(body.id);
    expect(response.statusCode).toBe(200);
    expect(response.headers.etag).toBe(etag);
    expect(response.headers['cache-control']).toBe('private, no-cache');
    expect(response.json()).toEqual(body);

    const cached = await get(body.id, { 'if-none-match': etag });
    expect(cached.statusCode).toBe(304);
    expect(cached.body).toBe('');
  });

  it('answers 404 for an unknown id and 422 for something that is not an id', async () => {
    const unknown = await get('6f1c2b8e-0000-4000-8000-000000000000');
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json()).toMatchObject({ status: 404, detail: 'Pessoa física não encontrada.' });
    const malformed = await get('123');
    expect(malformed.statusCode).toBe(422);
    expect(fieldsOf(malformed)).toEqual(['params.id']);
  });
});

describe('PATCH /pessoas-fisicas/:id', () => {
  it('applies a partial change with the current ETag, bumps the version and audits before/after', async () => {
    const { body, etag } = await createOk({ nome_social: 'Maju', profissao: 'Engenheira' });
    const response = await patch(
      body.id,
      { nome_social: null, telefone_principal: '(21) 2222-3333', cidade: 'Niterói', uf: 'rj' },
      { 'if-match': etag },
    );
    expect(response.statusCode, response.body).toBe(200);
    expect(response.headers.etag).toBe('"2"');
    expect(response.json()).toMatchObject({
      nome_social: null,
      profissao: 'Engenheira',
      telefone_principal: '2122223333',
      cidade: 'Niterói',
      uf: 'RJ',
      version: 2,
      updated_by: operador.id,
    });
    const audit = await auditRowsFor(app, 'pessoa_fisica', body.id);
    expect(audit.map((row) => row.acao)).toEqual(['CREATE', 'UPDATE']);
    expect(audit[1]!.antes).toMatchObject({ nome_social: 'Maju', version: 1 });
    expect(audit[1]!.depois).toMatchObject({ nome_social: null, version: 2 });
  });

  it('requires If-Match (428) and refuses a stale one (412) without changing anything', async () => {
    const { body } = await createOk();
    const missing = await patch(body.id, { profissao: 'Professora' });
    expect(missing.statusCode).toBe(428);
    expect(missing.json().code).toBe('IF_MATCH_REQUIRED');

    const stale = await patch(body.id, { profissao: 'Professora' }, { 'if-match': '"7"' });
    expect(stale.statusCode).toBe(412);
    expect(stale.json()).toMatchObject({ code: 'STALE_VERSION', current_etag: '"1"' });
    expect((await get(body.id)).json()).toMatchObject({ profissao: null, version: 1 });
  });

  it('lets exactly one of two simultaneous PATCHes with the same ETag win', async () => {
    const { body, etag } = await createOk();
    const responses = await Promise.all([
      patch(body.id, { profissao: 'Primeira' }, { 'if-match': etag }),
      patch(body.id, { profissao: 'Segunda' }, { 'if-match': etag }),
    ]);
    const statuses = responses.map((response) => response.statusCode).sort();
    expect(statuses).toEqual([200, 412]);
    const winner = responses.find((response) => response.statusCode === 200)!.json();
    expect((await get(body.id)).json()).toMatchObject({ profissao: winner.profissao, version: 2 });
    expect((await auditRowsFor(app, 'pessoa_fisica', body.id)).map((row) => row.acao)).toEqual([
      'CREATE',
      'UPDATE',
    ]);
  });

  it('validates like a create: 422 for bad formats, null on a required field or an empty body', async () => {
    const { body, etag } = await createOk();
    const invalid = await patch(body.id, { cpf: '123', email_principal: null }, { 'if-match': etag });
    expect(invalid.statusCode).toBe(422);
    expect(fieldsOf(invalid)).toEqual(expect.arrayContaining(['email_principal']));
    const empty = await patch(body.id, {}, { 'if-match': etag });
    expect(empty.statusCode).toBe(422);
    const badCpf = await patch(body.id, { cpf: '123.456.789-00' }, { 'if-match': etag });
    expect(badCpf.statusCode).toBe(422);
    expect(fieldsOf(badCpf)).toEqual(['cpf']);
    const unknown = await patch(body.id, { ativo: false }, { 'if-match': etag });
    expect(unknown.statusCode).toBe(400);
  });

  it("answers 409 when the new CPF is another live person's", async () => {
    const first = await createOk();
    const second = await createOk();
    const response = await patch(second.body.id, { cpf: first.body.cpf }, { 'if-match': second.etag });
    expect(response.statusCode).toBe(409);
    expect((await get(second.body.id)).json().cpf).toBe(second.body.cpf);
  });

  it('rolls the change back when its audit row cannot be written', async () => {
    const { body, etag } = await createOk();
    const restore = await failAuditInserts(app, 'pessoa_fisica');
    try {
      expect((await patch(body.id, { profissao: 'Nunca gravada' }, { 'if-match': etag })).statusCode).toBe(
        500,
      );
    } finally {
      await restore();
    }
    expect((await get(body.id)).json()).toMatchObject({ profissao: null, version: 1 });
  });
});

describe('DELETE /pessoas-fisicas/:id', () => {
  const remove = (id: string, headers: Record<string, string> = {}) =>
    app.inject({ method: 'DELETE', url: `${BASE}/${id}`, headers: { cookie: cookies.OPERADOR, ...headers } });

  it('soft-deletes: 204, then 404 everywhere, an audit row, and the CPF is free again', async () => {
    const { body } = await createOk();
    expect((await remove(body.id)).statusCode).toBe(204);
    expect((await get(body.id)).statusCode).toBe(404);
    expect((await patch(body.id, { profissao: 'x' }, { 'if-match': '"1"' })).statusCode).toBe(404);
    expect((await remove(body.id)).statusCode).toBe(404);
    expect((await list(`cpf=${body.cpf}`)).json().items).toEqual([]);
    const audit = await auditRowsFor(app, 'pessoa_fisica', body.id);
    expect(audit.map((row) => row.acao)).toEqual(['CREATE', 'DELETE']);
    expect(audit[1]).toMatchObject({ depois: null, ator_id: operador.id });

    const again = await create(pessoaFisicaBody({ cpf: body.cpf }));
    expect(again.statusCode).toBe(201);
    expect(again.json().id).not.toBe(body.id);
    const { rows } = await app.db.write.query(
      'SELECT deleted_at IS NOT NULL AS deleted, deleted_by FROM cadastro.pessoa_fisica WHERE id = $1',
      [body.id],
    );
    expect(rows[0]).toEqual({ deleted: true, deleted_by: operador.id });
  });

  it('honours an If-Match when one is sent', async () => {
    const { body, etag } = await createOk();
    expect((await remove(body.id, { 'if-match': '"9"' })).statusCode).toBe(412);
    expect((await remove(body.id, { 'if-match': etag })).statusCode).toBe(204);
  });

  it('keeps the record live when the audit row of its deletion cannot be written', async () => {
    const { body } = await createOk();
    const restore = await failAuditInserts(app, 'pessoa_fisica');
    try {
      expect((await remove(body.id)).statusCode).toBe(500);
    } finally {
      await restore();
    }
    expect((await get(body.id)).statusCode).toBe(200);
  });

  it('refuses to delete the person behind a user account', async () => {
    const response = await remove(operador.pessoaFisicaId);
    expect(response.statusCode).toBe(409);
    expect(response.json().code).toBe('PESSOA_VINCULADA_A_USUARIO');
  });
});

describe('GET /pessoas-fisicas (list)', () => {
  const prefix = `Lista${Date.now().toString(36)}`;
  const people: { id: string; cpf: string }[] = [];

  beforeAll(async () => {
    const specs = [
      { nome_completo: `${prefix} João Ávila`, cidade: 'São Paulo', uf: 'SP' },
      { nome_completo: `${prefix} Joana Souza`, cidade: 'Sao Paulo', uf: 'SP' },
      { nome_completo: `${prefix} Pedro Álvares`, cidade: 'Recife', uf: 'PE' },
      { nome_completo: `${prefix} Maria Joaquina`, cidade: 'Recife', uf: 'PE' },
      { nome_completo: `${prefix} Ana Beatriz`, cidade: 'Salvador', uf: 'BA', nome_social: 'Bia Joia' },
    ];
    for (const spec of specs) people.push((await createOk(spec)).body);
  });

  const names = (response: { json: () => { items: { nome_completo: string }[] } }) =>
    response.json().items.map((item) => item.nome_completo.replace(`${prefix} `, ''));

  it('finds names by word prefixes, ignoring accents and case, newest first', async () => {
    expect(names(await list(`q=${prefix}+joa`))).toEqual(['Maria Joaquina', 'Joana Souza', 'João Ávila']);
    expect(names(await list(`q=${encodeURIComponent(`${prefix} AVILA`)}`))).toEqual(['João Ávila']);
    expect(names(await list(`q=${encodeURIComponent(`${prefix} JOÃO ávi`)}`))).toEqual(['João Ávila']);
    expect(names(await list(`q=${prefix}+bia`))).toEqual(['Ana Beatriz']);
  });

  it('filters by city (accent-insensitive), UF, CPF and creation day', async () => {
    expect(names(await list(`q=${prefix}&cidade=s%C3%A3o+paulo`))).toEqual(['Joana Souza', 'João Ávila']);
    expect(names(await list(`q=${prefix}&uf=pe`))).toEqual(['Maria Joaquina', 'Pedro Álvares']);
    expect(names(await list(`cpf=${punctuatedCpf(people[2]!.cpf)}`))).toEqual(['Pedro Álvares']);
    const today = new Date().toLocaleDateString('en-CA', { timeZone: 'America/Sao_Paulo' });
    expect(names(await list(`q=${prefix}&created_from=${today}&created_to=${today}`))).toHaveLength(5);
    expect(names(await list(`q=${prefix}&created_to=2000-01-01`))).toEqual([]);
  });

  it('returns a summary without contacts and with the CPF masked', async () => {
    const item = (await list(`cpf=${people[0]!.cpf}`)).json().items[0];
    expect(Object.keys(item).sort()).toEqual(
      ['cidade', 'cpf_mascarado', 'created_at', 'id', 'nome_completo', 'nome_social', 'uf'].sort(),
    );
    expect(item.cpf_mascarado).toBe(`***.${people[0]!.cpf.slice(3, 6)}.${people[0]!.cpf.slice(6, 9)}-**`);
  });

  it('pages with an opaque cursor until next_cursor is null, without repeats', async () => {
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const response = await list(`q=${prefix}&limit=2${cursor ? `&cursor=${cursor}` : ''}`);
      expect(response.statusCode).toBe(200);
      const page = response.json();
      seen.push(...page.items.map((item: { id: string }) => item.id));
      cursor = page.next_cursor;
      pages += 1;
    } while (cursor);
    expect(pages).toBe(3);
    expect(seen).toEqual(people.map((person) => person.id).reverse());
  });

  it('rejects bad paging and filters: 400 for a forged cursor or unknown parameter, 422 for the rest', async () => {
    expect((await list('cursor=bm90LWEtY3Vyc29y')).statusCode).toBe(400);
    expect((await list('sort=nome')).statusCode).toBe(400);
    const tooMany = await list('limit=101');
    expect(tooMany.statusCode).toBe(422);
    expect(fieldsOf(tooMany)).toEqual(['querystring.limit']);
    expect(fieldsOf(await list('cpf=12345678900'))).toEqual(['querystring.cpf']);
    expect(fieldsOf(await list('uf=XX'))).toEqual(['querystring.uf']);
    expect(fieldsOf(await list('q=%21%21'))).toEqual(['querystring.q']);
    expect(fieldsOf(await list('created_from=2026-02-01&created_to=2026-01-01'))).toEqual([
      'querystring.created_to',
    ]);
  });
});

describe('permissions', () => {
  it('requires a session for every route', async () => {
    const id = (await createOk()).body.id;
    for (const [method, url] of [
      ['GET', BASE],
      ['POST', BASE],
      ['GET', `${BASE}/${id}`],
      ['PATCH', `${BASE}/${id}`],
      ['DELETE', `${BASE}/${id}`],
    ] as const) {
      expect((await app.inject({ method, url })).statusCode, `${method} ${url}`).toBe(401);
    }
  });

  it('lets VISUALIZADOR read but not write; OPERADOR and above write', async () => {
    const { body, etag } = await createOk();
    const roles: Role[] = ['VISUALIZADOR', 'OPERADOR', 'ANALISTA', 'GESTOR', 'ADMIN'];
    for (const role of roles) {
      const headers = { cookie: cookies[role] };
      expect((await app.inject({ method: 'GET', url: BASE, headers })).statusCode, role).toBe(200);
      expect((await app.inject({ method: 'GET', url: `${BASE}/${body.id}`, headers })).statusCode, role).toBe(
        200,
      );
      const writer = role !== 'VISUALIZADOR';
      expect((await create(pessoaFisicaBody(), role)).statusCode, role).toBe(writer ? 201 : 403);
    }
    const denied = await app.inject({
      method: 'PATCH',
      url: `${BASE}/${body.id}`,
      payload: { profissao: 'x' },
      headers: { cookie: cookies.VISUALIZADOR, 'if-match': etag },
    });
    expect(denied.statusCode).toBe(403);
    const deleteDenied = await app.inject({
      method: 'DELETE',
      url: `${BASE}/${body.id}`,
      headers: { cookie: cookies.VISUALIZADOR },
    });
    expect(deleteDenied.statusCode).toBe(403);
    expect((await get(body.id)).json().version).toBe(1);
  });
});
