import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../../src/app';
import { newToken, tokenDigest } from '../../src/auth/tokens';
import { insertAccountToken } from '../../src/repositories/account-tokens';
import { buildTestApp } from '../helpers/app';
import { lastEmailTo } from '../helpers/mail';
import { createLoggedInUser, createUser, login, TEST_PASSWORD } from '../helpers/users';

let app: App;
beforeAll(async () => {
  app = await buildTestApp();
});
afterAll(() => app.close());

const pendingApplicant = (role: 'VISUALIZADOR' | 'GESTOR' = 'VISUALIZADOR', emailVerified = true) =>
  createUser(app, { role, status: 'AGUARDANDO_APROVACAO', emailVerified });

describe('e-mail verification', () => {
  it('verifies once with a valid token; unknown, reused or malformed tokens get 400', async () => {
    const applicant = await pendingApplicant('VISUALIZADOR', false);
    const token = newToken();
    await insertAccountToken(app.db.write, {
      userId: applicant.id,
      purpose: 'VERIFICACAO_EMAIL',
      digest: tokenDigest(token),
      validMinutes: 60,
    });
    const verify = (value: string) =>
      app.inject({ method: 'GET', url: `/api/v1/registrations/verify?token=${value}` });
    expect((await verify(token)).json()).toEqual({ status: 'verified' });
    const { rows } = await app.db.write.query(
      'SELECT email_verificado FROM usuarios.usuario_sistema WHERE id = $1',
      [applicant.id],
    );
    expect(rows[0].email_verificado).toBe(true);
    for (const bad of [token, newToken(), 'short']) {
      const response = await verify(bad);
      expect(response.statusCode).toBe(400);
      expect(response.json().code).toBe('TOKEN_INVALIDO');
    }
  });
});

describe('approval workflow', () => {
  it('lists pending applications for GESTOR+ only', async () => {
    const applicant = await pendingApplicant();
    const gestor = await createLoggedInUser(app, 'GESTOR');
    const list = await app.inject({
      method: 'GET',
      url: '/api/v1/registrations',
      headers: { cookie: gestor.cookie },
    });
    expect(list.statusCode).toBe(200);
    const ids = list.json().items.map((item: { id: string; status: string }) => item.id);
    expect(ids).toContain(applicant.id);
    expect(ids).not.toContain(gestor.user.id);
    const analista = await createLoggedInUser(app, 'ANALISTA');
    expect(
      (
        await app.inject({
          method: 'GET',
          url: '/api/v1/registrations',
          headers: { cookie: analista.cookie },
        })
      ).statusCode,
    ).toBe(403);
  });

  it('approves with a granted type up to the approver level, then the applicant can log in', async () => {
    const applicant = await pendingApplicant();
    const gestor = await createLoggedInUser(app, 'GESTOR');
    const approve = (tipo: string) =>
      app.inject({
        method: 'POST',
        url: `/api/v1/registrations/${applicant.id}/approve`,
        payload: { tipo_usuario: tipo },
        headers: { cookie: gestor.cookie },
      });
    expect((await approve('ADMIN')).statusCode).toBe(403);
    const approved = await approve('OPERADOR');
    expect(approved.statusCode).toBe(200);
    expect(approved.json().user).toMatchObject({
      status: 'APROVADO',
      tipo_usuario: 'OPERADOR',
      tipo_solicitado: 'VISUALIZADOR',
    });
    const approvalEmail = await lastEmailTo(app, applicant.emailInstitucional);
    expect(approvalEmail?.assunto).toContain('aprovada');
    // The sign-in page (`entrar.html` in apps/web), not an address the site does not serve.
    expect(approvalEmail?.corpo).toContain(`${app.config.PUBLIC_URL}/entrar.`);
    await expect(login(app, applicant.username, TEST_PASSWORD)).resolves.toContain('sigma_sid=');

    const again = await approve('OPERADOR');
    expect(again.statusCode).toBe(409);
    expect(again.json().code).toBe('SOLICITACAO_JA_DECIDIDA');
    const { rows } = await app.db.write.query(
      "SELECT ator_id, depois FROM auditoria.registro WHERE acao = 'APPROVE' AND entidade_id = $1",
      [applicant.id],
    );
    expect(rows).toEqual([
      { ator_id: gestor.user.id, depois: { status: 'APROVADO', tipo_usuario: 'OPERADOR' } },
    ]);
  });

  it('does not approve before the e-mail is verified', async () => {
    const applicant = await pendingApplicant('VISUALIZADOR', false);
    const gestor = await createLoggedInUser(app, 'GESTOR');
    const response = await app.inject({
      method: 'POST',
      url: `/api/v1/registrations/${applicant.id}/approve`,
      payload: { tipo_usuario: 'VISUALIZADOR' },
      headers: { cookie: gestor.cookie },
    });
    expect(response.statusCode).toBe(409);
    expect(response.json().code).toBe('EMAIL_NAO_VERIFICADO');
  });

  it('rejects with a reason, which the applicant is told by e-mail and at login', async () => {
    const applicant = await pendingApplicant();
    const gestor = await createLoggedInUser(app, 'GESTOR');
    const reject = (payload: object) =>
      app.inject({
        method: 'POST',
        url: `/api/v1/registrations/${applicant.id}/reject`,
        payload,
        headers: { cookie: gestor.cookie },
      });
    expect((await reject({})).statusCode).toBe(422);
    const rejected = await reject({ motivo: 'Vínculo institucional não confirmado' });
    expect(rejected.statusCode).toBe(200);
    expect(rejected.json().user).toMatchObject({
      status: 'REJEITADO',
      motivo_rejeicao: 'Vínculo institucional não confirmado',
    });
    expect((await lastEmailTo(app, applicant.emailInstitucional))?.corpo).toContain(
      'Vínculo institucional não confirmado',
    );
    const attempt = await app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { login: applicant.username, password: TEST_PASSWORD },
    });
    expect(attempt.json().code).toBe('USUARIO_REJEITADO');
  });

  it('keeps a GESTOR from deciding applications above their level', async () => {
    // An application for GESTOR is decided by a GESTOR or ADMIN; an ANALISTA cannot even reach the route.
    const applicant = await pendingApplicant('GESTOR');
    const analista = await createLoggedInUser(app, 'ANALISTA');
    const response = await app.inject({
      method: 'POST',
      url: `/api/v1/registrations/${applicant.id}/reject`,
      payload: { motivo: 'sem vínculo' },
      headers: { cookie: analista.cookie },
    });
    expect(response.statusCode).toBe(403);
    const admin = await createLoggedInUser(app, 'ADMIN');
    const approved = await app.inject({
      method: 'POST',
      url: `/api/v1/registrations/${applicant.id}/approve`,
      payload: { tipo_usuario: 'GESTOR' },
      headers: { cookie: admin.cookie },
    });
    expect(approved.statusCode).toBe(200);
  });
});
