import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../../src/app';
import { buildTestApp } from '../helpers/app';
import { fakeCpf } from '../helpers/documents';
import { tokenFromLastEmail } from '../helpers/mail';
import { registrationPayload } from '../helpers/registration';
import { createLoggedInUser } from '../helpers/users';

let app: App;
beforeAll(async () => {
  app = await buildTestApp();
});
afterAll(() => app.close());

const register = (payload: object) => app.inject({ method: 'POST', url: '/api/v1/registrations', payload });
const loginAs = (login: string, password = 'Senha-de-teste-123') =>
  app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { login, password } });
const countPessoas = async (cpf: string) =>
  Number(
    (await app.db.write.query('SELECT count(*) AS n FROM cadastro.pessoa_fisica WHERE cpf = $1', [cpf]))
      .rows[0].n,
  );

describe('registration → verification → approval', () => {
  it('walks the whole workflow', async () => {
    const payload = registrationPayload();
    const created = await register(payload);
    expect(created.statusCode).toBe(201);
    expect(created.json().protocol).toMatch(/^PLI-\d{4}-[A-HJ-NP-Z2-9]{8}$/);
    const address = payload.email_institucional.toLowerCase();

    expect((await loginAs(payload.username)).json().code).toBe('EMAIL_NAO_VERIFICADO');
    const token = await tokenFromLastEmail(app, address, '/verificar-email');
    expect(
      (await app.inject({ method: 'GET', url: `/api/v1/registrations/verify?token=${token}` })).statusCode,
    ).toBe(200);
    expect((await loginAs(address)).json().code).toBe('USUARIO_NAO_APROVADO');

    const gestor = await createLoggedInUser(app, 'GESTOR');
    const pending = await app.inject({
      method: 'GET',
      url: '/api/v1/registrations',
      headers: { cookie: gestor.cookie },
    });
    const application = pending
      .json()
      .items.find((item: { username: string }) => item.username === payload.username.toLowerCase());
    expect(application).toMatchObject({
      status: 'AGUARDANDO_APROVACAO',
      tipo_solicitado: 'OPERADOR',
      email_verificado: true,
      protocolo: created.json().protocol,
      nome_completo: payload.pessoa_fisica.nome_completo,
      instituicao: payload.instituicao.razao_social,
    });
    const approve = await app.inject({
      method: 'POST',
      url: `/api/v1/registrations/${application.id}/approve`,
      payload: { tipo_usuario: 'OPERADOR' },
      headers: { cookie: gestor.cookie },
    });
    expect(approve.statusCode).toBe(200);
    expect((await loginAs(payload.username)).statusCode).toBe(200);
  });

  it('stores normalized documents and audits every record it creates, without secrets', async () => {
    const payload = registrationPayload();
    expect((await register(payload)).statusCode).toBe(201);
    const { rows } = await app.db.write.query(
      `SELECT pf.cpf, pf.cep, pf.uf, pf.telefone_principal, u.id AS usuario_id, u.username, u.email_institucional
         FROM usuarios.usuario_sistema u JOIN cadastro.pessoa_fisica pf ON pf.id = u.pessoa_fisica_id
        WHERE u.username = $1`,
      [payload.username.toLowerCase()],
    );
    expect(rows[0]).toMatchObject({
      cpf: payload.pessoa_fisica.cpf,
      cep: '01310100',
      uf: 'SP',
      telefone_principal: '11987654321',
      email_institucional: payload.email_institucional.toLowerCase(),
    });
    const audit = await app.db.write.query(
      `SELECT entidade, ator_id, depois::text AS depois FROM auditoria.registro
        WHERE request_id = (SELECT request_id FROM auditoria.registro WHERE entidade_id = $1 AND entidade = 'usuario')
        ORDER BY id`,
      [rows[0].usuario_id],
    );
    expect(audit.rows.map((row) => row.entidade)).toEqual(['pessoa_fisica', 'pessoa_juridica', 'usuario']);
    for (const row of audit.rows) {
      expect(row.ator_id).toBeNull();
      expect(row.depois).not.toMatch(/senha|argon2|password/);
    }
  });

  it('matches an existing person by CPF and an existing institution by id', async () => {
    const first = registrationPayload();
    expect((await register(first)).statusCode).toBe(201);
    const { rows } = await app.db.write.query('SELECT id FROM cadastro.pessoa_juridica WHERE cnpj = $1', [
      first.instituicao.cnpj,
    ]);
    const { instituicao: _new, ...rest } = registrationPayload({ tipo_usuario: 'VISUALIZADOR' });
    const second = { ...rest, instituicao_id: rows[0].id, pessoa_fisica: first.pessoa_fisica };
    expect((await register(second)).statusCode).toBe(201);
    expect(await countPessoas(first.pessoa_fisica.cpf)).toBe(1);

    // Same person, same type again: one account per type.
    const third = { ...registrationPayload(), pessoa_fisica: first.pessoa_fisica };
    const conflict = await register(third);
    expect(conflict.statusCode).toBe(409);
    expect(conflict.json().errors).toEqual([expect.objectContaining({ field: 'tipo_usuario' })]);
  });
});

describe('registration input', () => {
  it('never accepts ADMIN as the requested type', async () => {
    const response = await register(registrationPayload({ tipo_usuario: 'ADMIN' }));
    expect(response.statusCode).toBe(422);
    expect(response.json().errors.map((error: { field: string }) => error.field)).toContain('tipo_usuario');
  });

  it('lists every invalid field with its path (422)', async () => {
    const payload = registrationPayload({ password: 'somenteletras', email: 'not-an-email' });
    payload.pessoa_fisica.cpf = '123.456.789-00';
    payload.instituicao.uf = 'XX';
    const response = await register(payload);
    expect(response.statusCode).toBe(422);
    const fields = response.json().errors.map((error: { field: string }) => error.field);
    expect(fields).toEqual(
      expect.arrayContaining(['pessoa_fisica.cpf', 'instituicao.uf', 'email', 'password']),
    );
  });

  it('needs exactly one of instituicao and instituicao_id', async () => {
    const { instituicao: _omitted, ...none } = registrationPayload();
    expect((await register(none)).json().errors).toEqual([expect.objectContaining({ field: 'instituicao' })]);
    const both = registrationPayload({ instituicao_id: '00000000-0000-4000-8000-000000000000' });
    expect((await register(both)).statusCode).toBe(422);
    const { instituicao: _x, ...missing } = registrationPayload({
      instituicao_id: '00000000-0000-4000-8000-000000000000',
    });
    const unknown = await register(missing);
    expect(unknown.statusCode).toBe(422);
    expect(unknown.json().errors).toEqual([
      { field: 'instituicao_id', message: 'instituição não encontrada' },
    ]);
  });

  it('answers 400 for unknown fields anywhere in the body', async () => {
    const payload = registrationPayload();
    const response = await register({
      ...payload,
      pessoa_fisica: { ...payload.pessoa_fisica, apelido: 'x' },
    });
    expect(response.statusCode).toBe(400);
    expect(response.json().errors).toEqual([
      { field: 'pessoa_fisica.apelido', message: 'campo desconhecido' },
    ]);
  });

  it('rolls back the person and its audit row when the account cannot be created', async () => {
    const taken = registrationPayload();
    expect((await register(taken)).statusCode).toBe(201);
    const clash = registrationPayload({ username: taken.username });
    const response = await register(clash);
    expect(response.statusCode).toBe(409);
    expect(response.json().errors).toEqual([expect.objectContaining({ field: 'username' })]);
    expect(await countPessoas(clash.pessoa_fisica.cpf)).toBe(0);
    const audit = await app.db.write.query(
      "SELECT count(*) AS n FROM auditoria.registro WHERE entidade = 'pessoa_fisica' AND depois->>'cpf' = $1",
      [clash.pessoa_fisica.cpf],
    );
    expect(Number(audit.rows[0].n)).toBe(0);
  });

  it('creates one person when two applications with the same new CPF race (one 201, one 409)', async () => {
    const cpf = fakeCpf();
    const applications = [registrationPayload(), registrationPayload()].map((payload) => ({
      ...payload,
      pessoa_fisica: { ...payload.pessoa_fisica, cpf },
    }));
    const responses = await Promise.all(applications.map(register));
    expect(responses.map((response) => response.statusCode).sort()).toEqual([201, 409]);
    expect(await countPessoas(cpf)).toBe(1);
  });
});
