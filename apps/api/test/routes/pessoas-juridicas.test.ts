import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../../src/app';
import type { Role } from '../../src/auth/roles';
import { buildTestApp } from '../helpers/app';
import { fakeCnpj, fakeCpf } from '../helpers/documents';
import { auditRowsFor, failAuditInserts, pessoaJuridicaBody, punctuatedCnpj } from '../helpers/registry';
import { createLoggedInUser, type TestUser } from '../helpers/users';

const BASE = '/api/v1/pessoas-juridicas';

let app: App;
const cookies = {} as Record<Role, string>;
let operador: TestUser;

beforeAll(async () => {
  app = await buildTestApp();
  for (const role of ['VISUALIZADOR', 'OPERADOR', 'ANALISTA'] as const) {
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
  const response = await create(pessoaJuridicaBody(overrides));
  expect(response.statusCode, response.body).toBe(201);
  return { body: response.json(), etag: response.headers.etag as string };
}

function get(id: string) {
  return app.inject({ method: 'GET', url: `${BASE}/${id}`, headers: { cookie: cookies.VISUALIZADOR } });
}

function patch(id: string, body: Record<string, unknown>, headers: Record<string, string> = {}) {
  return app.inject({
    method: 'PATCH',
    url: `${BASE}/${id}`,
    payload: body,
    headers: { cookie: cookies.OPERADOR, ...headers },
  });
}

function list(query: string) {
  return app.inject({ method: 'GET', url: `${BASE}?${query}`, headers: { cookie: cookies.VISUALIZADOR } });
}

async function countRows(cnpj: string) {
  const { rows } = await app.db.write.query(
    `SELECT count(*)::int AS companies,
            (SELECT count(*)::int FROM cadastro.socio_representante s
             JOIN cadastro.pessoa_juridica p ON p.id = s.pessoa_juridica_id WHERE p.cnpj = $1) AS socios
     FROM cadastro.pessoa_juridica WHERE cnpj = $1`,
    [cnpj],
  );
  return rows[0] as { companies: number; socios: number };
}

const fieldsOf = (response: { json: () => { errors?: { field: string }[] } }) =>
  (response.json().errors ?? []).map((error) => error.field).sort();

describe('POST /pessoas-juridicas', () => {
  it('creates the company and its sócios together, normalized, with an audit row holding both', async () => {
    const cnpj = fakeCnpj();
    const socioCpf = fakeCpf();
    const response = await create(
      pessoaJuridicaBody({
        cnpj: punctuatedCnpj(cnpj),
        inscricao_estadual: '110.042.490.114',
        socios: [
          { nome: ' Ana Sócia ', cpf: socioCpf, email: 'Ana@Exemplo.TEST' },
          { nome: 'Bruno', cpf: fakeCpf(), telefone: '(11) 98888-7777', cargo: 'Procurador' },
        ],
      }),
    );
    expect(response.statusCode, response.body).toBe(201);
    const body = response.json();
    expect(response.headers.location).toBe(`${BASE}/${body.id}`);
    expect(response.headers.etag).toBe('"1"');
    expect(body).toMatchObject({
      cnpj,
      inscricao_estadual: '110042490114',
      email_principal: 'contato@exemplo.test',
      telefone_principal: '1133334444',
      situacao: 'ATIVA',
      created_by: operador.id,
    });
    expect(body.socios).toEqual([
      { nome: 'Ana Sócia', cpf: socioCpf, cargo: null, email: 'ana@exemplo.test', telefone: null },
      expect.objectContaining({ nome: 'Bruno', telefone: '11988887777', cargo: 'Procurador' }),
    ]);
    expect((await get(body.id)).json()).toEqual(body);
    const audit = await auditRowsFor(app, 'pessoa_juridica', body.id);
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ acao: 'CREATE', ator_id: operador.id });
    expect((audit[0]!.depois as { socios: unknown[] }).socios).toHaveLength(2);
  });

  it('answers 409 for a CNPJ a live company has, whatever its punctuation', async () => {
    const { body } = await createOk({ socios: [] });
    const response = await create(pessoaJuridicaBody({ cnpj: punctuatedCnpj(body.cnpj) }));
    expect(response.statusCode).toBe(409);
    expect(response.json()).toMatchObject({ code: 'CNPJ_DUPLICADO', errors: [{ field: 'cnpj' }] });
    expect(await countRows(body.cnpj)).toEqual({ companies: 1, socios: 0 });
  });

  it('answers 422 naming company and sócio fields, including a CPF listed twice', async () => {
    const repeated = fakeCpf();
    const response = await create(
      pessoaJuridicaBody({
        cnpj: '11.222.333/0001-82',
        uf: 'BR',
        data_abertura: '2999-12-31',
        socios: [
          { nome: 'Ana', cpf: repeated },
          { nome: 'Bia', cpf: '000.000.000-00', email: 'bia@' },
          { nome: 'Ana de novo', cpf: repeated },
        ],
      }),
    );
    expect(response.statusCode).toBe(422);
    expect(fieldsOf(response)).toEqual([
      'cnpj',
      'data_abertura',
      'socios.1.cpf',
      'socios.1.email',
      'socios.2.cpf',
      'uf',
    ]);
  });

  it('answers 400 for unknown fields, also inside a sócio', async () => {
    const response = await create(
      pessoaJuridicaBody({ socios: [{ nome: 'Ana', cpf: fakeCpf(), participacao: 50 }] }),
    );
    expect(response.statusCode).toBe(400);
    expect(fieldsOf(response)).toEqual(['socios.0.participacao']);
  });

  it('stores neither company nor sócios when the audit row fails', async () => {
    const cnpj = fakeCnpj();
    const restore = await failAuditInserts(app, 'pessoa_juridica');
    try {
      expect((await create(pessoaJuridicaBody({ cnpj }))).statusCode).toBe(500);
    } finally {
      await restore();
    }
    expect(await countRows(cnpj)).toEqual({ companies: 0, socios: 0 });
  });

  it('lets exactly one of two simultaneous creates with the same CNPJ succeed', async () => {
    const cnpj = fakeCnpj();
    const responses = await Promise.all([
      create(pessoaJuridicaBody({ cnpj })),
      create(pessoaJuridicaBody({ cnpj: punctuatedCnpj(cnpj) })),
    ]);
    expect(responses.map((response) => response.statusCode).sort()).toEqual([201, 409]);
    expect(await countRows(cnpj)).toEqual({ companies: 1, socios: 2 });
  });
});

describe('PATCH /pessoas-juridicas/:id', () => {
  it('keeps the sócios when none are sent and replaces them when they are', async () => {
    const { body, etag } = await createOk();
    const renamed = await patch(body.id, { nome_fantasia: 'Novo Nome' }, { 'if-match': etag });
    expect(renamed.statusCode, renamed.body).toBe(200);
    expect(renamed.json().socios).toEqual(body.socios);

    const newSocio = { nome: 'Carla Nova', cpf: fakeCpf(), cargo: 'Diretora' };
    const replaced = await patch(
      body.id,
      { socios: [newSocio] },
      { 'if-match': renamed.headers.etag as string },
    );
    expect(replaced.statusCode).toBe(200);
    expect(replaced.headers.etag).toBe('"3"');
    expect(replaced.json().socios).toEqual([{ ...newSocio, email: null, telefone: null }]);
    expect((await get(body.id)).json().socios).toEqual([{ ...newSocio, email: null, telefone: null }]);
    expect(await countRows(body.cnpj)).toEqual({ companies: 1, socios: 1 });

    const audit = await auditRowsFor(app, 'pessoa_juridica', body.id);
    expect(audit.map((row) => row.acao)).toEqual(['CREATE', 'UPDATE', 'UPDATE']);
    expect((audit[2]!.antes as { socios: unknown[] }).socios).toHaveLength(2);
    expect((audit[2]!.depois as { socios: unknown[] }).socios).toHaveLength(1);
  });

  it('removes every sócio with an empty list and refuses null for situacao', async () => {
    const { body, etag } = await createOk();
    const cleared = await patch(body.id, { socios: [] }, { 'if-match': etag });
    expect(cleared.json().socios).toEqual([]);
    const invalid = await patch(body.id, { situacao: null }, { 'if-match': cleared.headers.etag as string });
    expect(invalid.statusCode).toBe(422);
  });

  it('keeps company and sócios unchanged when the change is rejected or stale', async () => {
    const { body, etag } = await createOk();
    const missing = await patch(body.id, { socios: [] });
    expect(missing.statusCode).toBe(428);
    const stale = await patch(body.id, { socios: [] }, { 'if-match': '"5"' });
    expect(stale.statusCode).toBe(412);
    const invalid = await patch(body.id, { socios: [{ nome: 'X', cpf: '123' }] }, { 'if-match': etag });
    expect(invalid.statusCode).toBe(422);
    expect(fieldsOf(invalid)).toEqual(['socios.0.cpf']);
    expect((await get(body.id)).json()).toEqual(body);
  });

  it('lets exactly one of two simultaneous PATCHes with the same ETag win', async () => {
    const { body, etag } = await createOk();
    const responses = await Promise.all([
      patch(body.id, { socios: [] }, { 'if-match': etag }),
      patch(body.id, { nome_fantasia: 'Outra' }, { 'if-match': etag }),
    ]);
    expect(responses.map((response) => response.statusCode).sort()).toEqual([200, 412]);
    expect((await get(body.id)).json().version).toBe(2);
  });
});

describe('DELETE /pessoas-juridicas/:id', () => {
  const remove = (id: string) =>
    app.inject({ method: 'DELETE', url: `${BASE}/${id}`, headers: { cookie: cookies.OPERADOR } });

  it('soft-deletes the company (404 afterwards, audited) and frees the CNPJ', async () => {
    const { body } = await createOk();
    expect((await remove(body.id)).statusCode).toBe(204);
    expect((await get(body.id)).statusCode).toBe(404);
    expect((await auditRowsFor(app, 'pessoa_juridica', body.id)).map((row) => row.acao)).toEqual([
      'CREATE',
      'DELETE',
    ]);
    expect((await create(pessoaJuridicaBody({ cnpj: body.cnpj }))).statusCode).toBe(201);
  });

  it("refuses to delete a user's institution", async () => {
    const response = await remove(operador.pessoaJuridicaId);
    expect(response.statusCode).toBe(409);
    expect(response.json().code).toBe('INSTITUICAO_VINCULADA_A_USUARIO');
  });

  it('answers 404 for an unknown id', async () => {
    expect((await remove('6f1c2b8e-0000-4000-8000-000000000000')).statusCode).toBe(404);
  });
});

describe('GET /pessoas-juridicas (list)', () => {
  const prefix = `Empresa${Date.now().toString(36)}`;
  const companies: { id: string; cnpj: string }[] = [];

  beforeAll(async () => {
    for (const spec of [
      {
        razao_social: `${prefix} Construções Ltda`,
        nome_fantasia: 'Obra Certa',
        cidade: 'Goiânia',
        uf: 'GO',
      },
      { razao_social: `${prefix} Logística SA`, nome_fantasia: null, cidade: 'Goiania', uf: 'GO' },
      { razao_social: `${prefix} Portos ME`, nome_fantasia: 'Cais Açu', cidade: 'Santos', uf: 'SP' },
    ]) {
      const { nome_fantasia, ...rest } = spec;
      companies.push((await createOk(nome_fantasia ? spec : rest)).body);
    }
  });

  const names = (response: { json: () => { items: { razao_social: string }[] } }) =>
    response.json().items.map((item) => item.razao_social.replace(`${prefix} `, ''));

  it('searches razão social and nome fantasia and filters by city, UF and CNPJ', async () => {
    expect(names(await list(`q=${prefix}+constru`))).toEqual(['Construções Ltda']);
    expect(names(await list(`q=${prefix}+acu`))).toEqual(['Portos ME']);
    expect(names(await list(`q=${prefix}&cidade=GOI%C3%82NIA`))).toEqual([
      'Logística SA',
      'Construções Ltda',
    ]);
    expect(names(await list(`q=${prefix}&uf=sp`))).toEqual(['Portos ME']);
    expect(names(await list(`cnpj=${punctuatedCnpj(companies[1]!.cnpj)}`))).toEqual(['Logística SA']);
    expect(fieldsOf(await list('cnpj=11.222.333/0001-80'))).toEqual(['querystring.cnpj']);
  });

  it('returns a summary without contacts or sócios and pages by cursor', async () => {
    const first = (await list(`q=${prefix}&limit=2`)).json();
    expect(Object.keys(first.items[0]).sort()).toEqual(
      [
        'cidade',
        'cnpj',
        'created_at',
        'id',
        'nome_fantasia',
        'porte',
        'razao_social',
        'situacao',
        'uf',
      ].sort(),
    );
    expect(first.next_cursor).toEqual(expect.any(String));
    const second = (await list(`q=${prefix}&limit=2&cursor=${first.next_cursor}`)).json();
    expect(second).toMatchObject({ items: [{ id: companies[0]!.id }], next_cursor: null });
  });
});

describe('permissions', () => {
  it('lets VISUALIZADOR read only; OPERADOR and above write; nobody without a session', async () => {
    const { body, etag } = await createOk();
    expect((await app.inject({ method: 'GET', url: BASE })).statusCode).toBe(401);
    expect((await get(body.id)).statusCode).toBe(200);
    expect((await list('limit=1')).statusCode).toBe(200);
    expect((await create(pessoaJuridicaBody(), 'VISUALIZADOR')).statusCode).toBe(403);
    const viewerPatch = await app.inject({
      method: 'PATCH',
      url: `${BASE}/${body.id}`,
      payload: { socios: [] },
      headers: { cookie: cookies.VISUALIZADOR, 'if-match': etag },
    });
    expect(viewerPatch.statusCode).toBe(403);
    const viewerDelete = await app.inject({
      method: 'DELETE',
      url: `${BASE}/${body.id}`,
      headers: { cookie: cookies.VISUALIZADOR },
    });
    expect(viewerDelete.statusCode).toBe(403);
    expect((await create(pessoaJuridicaBody(), 'ANALISTA')).statusCode).toBe(201);
    expect((await get(body.id)).json().version).toBe(1);
  });
});
