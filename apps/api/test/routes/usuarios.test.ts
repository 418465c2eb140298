import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../../src/app';
import { buildTestApp } from '../helpers/app';
import { createLoggedInUser, createUser, login, TEST_PASSWORD } from '../helpers/users';

let app: App;
beforeAll(async () => {
  app = await buildTestApp();
});
afterAll(() => app.close());

const patch = (id: string, payload: object, cookie: string) =>
  app.inject({ method: 'PATCH', url: `/api/v1/usuarios/${id}`, payload, headers: { cookie } });

describe('/api/v1/usuarios', () => {
  it('lists and reads accounts for GESTOR+, never exposing hashes; 403 below GESTOR', async () => {
    const gestor = await createLoggedInUser(app, 'GESTOR');
    const target = await createUser(app, { role: 'OPERADOR' });
    const list = await app.inject({
      method: 'GET',
      url: '/api/v1/usuarios?tipo_usuario=OPERADOR',
      headers: { cookie: gestor.cookie },
    });
    expect(list.statusCode).toBe(200);
    expect(list.json().items.map((item: { id: string }) => item.id)).toContain(target.id);
    expect(list.body).not.toContain('senha');
    expect(list.body).not.toContain('$argon2');

    const one = await app.inject({
      method: 'GET',
      url: `/api/v1/usuarios/${target.id}`,
      headers: { cookie: gestor.cookie },
    });
    expect(one.json().user).toMatchObject({ id: target.id, tipo_usuario: 'OPERADOR' });

    const analista = await createLoggedInUser(app, 'ANALISTA');
    const denied = await app.inject({
      method: 'GET',
      url: '/api/v1/usuarios',
      headers: { cookie: analista.cookie },
    });
    expect(denied.statusCode).toBe(403);
    expect(denied.headers['content-type']).toContain('application/problem+json');
  });

  it('pages with a cursor without repeating or skipping', async () => {
    const admin = await createLoggedInUser(app, 'ADMIN');
    for (let i = 0; i < 5; i += 1) await createUser(app, { role: 'VISUALIZADOR' });
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const url: string = `/api/v1/usuarios?tipo_usuario=VISUALIZADOR&limit=2${cursor ? `&cursor=${cursor}` : ''}`;
      const page = (await app.inject({ method: 'GET', url, headers: { cookie: admin.cookie } })).json();
      seen.push(...page.items.map((item: { id: string }) => item.id));
      cursor = page.next_cursor;
    } while (cursor);
    const { rows } = await app.db.write.query(
      "SELECT id FROM usuarios.usuario_sistema WHERE tipo_usuario = 'VISUALIZADOR' ORDER BY created_at DESC, id DESC",
    );
    expect(seen).toEqual(rows.map((row) => row.id));
    const bad = await app.inject({
      method: 'GET',
      url: '/api/v1/usuarios?cursor=bm9wZQ',
      headers: { cookie: admin.cookie },
    });
    expect(bad.statusCode).toBe(400);
  });

  it('lets a GESTOR change type and status of accounts below them, up to their own level', async () => {
    const gestor = await createLoggedInUser(app, 'GESTOR');
    const target = await createUser(app, { role: 'OPERADOR' });
    const promoted = await patch(target.id, { tipo_usuario: 'GESTOR' }, gestor.cookie);
    expect(promoted.statusCode).toBe(200);
    expect(promoted.json().user).toMatchObject({ tipo_usuario: 'GESTOR', nivel_acesso: 4 });
    // Now at the GESTOR's own level: no longer theirs to manage.
    expect((await patch(target.id, { status: 'SUSPENSO' }, gestor.cookie)).statusCode).toBe(403);

    const other = await createUser(app, { role: 'ANALISTA' });
    expect((await patch(other.id, { tipo_usuario: 'ADMIN' }, gestor.cookie)).statusCode).toBe(403);
    expect((await patch(gestor.user.id, { tipo_usuario: 'ADMIN' }, gestor.cookie)).statusCode).toBe(403);
    const admin = await createLoggedInUser(app, 'ADMIN');
    expect((await patch(admin.user.id, { status: 'INATIVO' }, admin.cookie)).statusCode).toBe(403);
    expect((await patch(target.id, { tipo_usuario: 'ADMIN' }, admin.cookie)).statusCode).toBe(200);

    const pendingStatus = await patch(other.id, { status: 'AGUARDANDO_APROVACAO' }, gestor.cookie);
    expect(pendingStatus.statusCode).toBe(422);
    expect((await patch(other.id, {}, gestor.cookie)).statusCode).toBe(422);
    expect(
      (await patch('00000000-0000-4000-8000-000000000000', { status: 'SUSPENSO' }, gestor.cookie)).statusCode,
    ).toBe(404);
  });

  it('suspension ends the account sessions at once and is audited with before/after', async () => {
    const gestor = await createLoggedInUser(app, 'GESTOR');
    const target = await createLoggedInUser(app, 'OPERADOR');
    expect(
      (await app.inject({ method: 'GET', url: '/api/v1/auth/me', headers: { cookie: target.cookie } }))
        .statusCode,
    ).toBe(200);
    expect((await patch(target.user.id, { status: 'SUSPENSO' }, gestor.cookie)).statusCode).toBe(200);
    expect(
      (await app.inject({ method: 'GET', url: '/api/v1/auth/me', headers: { cookie: target.cookie } }))
        .statusCode,
    ).toBe(401);
    const relogin = await app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { login: target.user.username, password: TEST_PASSWORD },
    });
    expect(relogin.json().code).toBe('USUARIO_SUSPENSO');
    const { rows } = await app.db.write.query(
      "SELECT ator_id, antes, depois FROM auditoria.registro WHERE entidade = 'usuario' AND entidade_id = $1 AND acao = 'UPDATE'",
      [target.user.id],
    );
    expect(rows).toEqual([
      {
        ator_id: gestor.user.id,
        antes: { status: 'APROVADO', tipo_usuario: 'OPERADOR' },
        depois: { status: 'SUSPENSO', tipo_usuario: 'OPERADOR' },
      },
    ]);
  });
});

describe('POST /api/v1/usuarios/me/password', () => {
  it('requires the current password, applies the policy, and ends the other sessions only', async () => {
    const user = await createUser(app);
    const here = await login(app, user.username, TEST_PASSWORD);
    const elsewhere = await login(app, user.username, TEST_PASSWORD);
    const change = (payload: object) =>
      app.inject({ method: 'POST', url: '/api/v1/usuarios/me/password', payload, headers: { cookie: here } });

    const wrong = await change({ current_password: 'not-it-at-all', new_password: 'Outra-senha-123' });
    expect(wrong.statusCode).toBe(422);
    expect(wrong.json().errors).toEqual([{ field: 'current_password', message: 'senha atual incorreta' }]);
    const weak = await change({ current_password: TEST_PASSWORD, new_password: '1234567890' });
    expect(weak.statusCode).toBe(422);
    expect(weak.json().errors[0].field).toBe('new_password');

    expect(
      (await change({ current_password: TEST_PASSWORD, new_password: 'Outra-senha-123' })).statusCode,
    ).toBe(204);
    expect(
      (await app.inject({ method: 'GET', url: '/api/v1/auth/me', headers: { cookie: here } })).statusCode,
    ).toBe(200);
    expect(
      (await app.inject({ method: 'GET', url: '/api/v1/auth/me', headers: { cookie: elsewhere } }))
        .statusCode,
    ).toBe(401);
    await expect(login(app, user.username, 'Outra-senha-123')).resolves.toContain('sigma_sid=');
  });
});
