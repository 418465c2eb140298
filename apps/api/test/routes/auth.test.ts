import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../../src/app';
import { buildTestApp } from '../helpers/app';
import { tokenFromLastEmail } from '../helpers/mail';
import { createLoggedInUser, createUser, login, TEST_PASSWORD } from '../helpers/users';

let app: App;
beforeAll(async () => {
  app = await buildTestApp();
});
afterAll(() => app.close());

const post = (url: string, payload: unknown, headers: Record<string, string> = {}) =>
  app.inject({ method: 'POST', url, payload: payload as object, headers });
const get = (url: string, cookie?: string) =>
  app.inject({ method: 'GET', url, headers: cookie ? { cookie } : {} });

describe('POST /api/v1/auth/login', () => {
  it('logs in by username or institutional e-mail and sets a hardened session cookie', async () => {
    const user = await createUser(app, { role: 'OPERADOR' });
    for (const identifier of [user.username, user.emailInstitucional.toUpperCase()]) {
      const response = await post('/api/v1/auth/login', { login: identifier, password: TEST_PASSWORD });
      expect(response.statusCode).toBe(200);
      expect(response.json().user).toMatchObject({ id: user.id, tipo_usuario: 'OPERADOR', nivel_acesso: 2 });
      expect(response.json().user).not.toHaveProperty('senha_hash');
      const cookie = response.cookies.find((item) => item.name === 'sigma_sid')!;
      expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Lax', path: '/' });
      expect(cookie.secure).toBeUndefined();
    }
  });

  it('answers 401 alike for a wrong password and an unknown login', async () => {
    const user = await createUser(app);
    const wrong = await post('/api/v1/auth/login', { login: user.username, password: 'not-the-password' });
    const unknown = await post('/api/v1/auth/login', { login: 'nobody.here', password: 'not-the-password' });
    for (const response of [wrong, unknown]) {
      expect(response.statusCode).toBe(401);
      expect(response.headers['content-type']).toContain('application/problem+json');
    }
    expect(wrong.json()).toEqual(unknown.json());
    expect(wrong.json()).toMatchObject({ status: 401, title: 'Unauthorized', code: 'CREDENCIAIS_INVALIDAS' });
  });

  it('tells approved-password holders why they cannot enter, with a machine-readable code', async () => {
    const cases = [
      [{ status: 'AGUARDANDO_APROVACAO' }, 'USUARIO_NAO_APROVADO'],
      [{ status: 'REJEITADO' as const, emailVerified: true }, 'USUARIO_REJEITADO'],
      [{ status: 'SUSPENSO' }, 'USUARIO_SUSPENSO'],
      [{ status: 'INATIVO' }, 'USUARIO_INATIVO'],
      [{ status: 'APROVADO', emailVerified: false }, 'EMAIL_NAO_VERIFICADO'],
    ] as const;
    for (const [options, code] of cases) {
      const user = await createUser(app, options).catch(async (error) => {
        // A rejected account needs a reason (database constraint); give it one.
        if (options.status !== 'REJEITADO') throw error;
        const created = await createUser(app, { emailVerified: true });
        await app.db.write.query(
          "UPDATE usuarios.usuario_sistema SET status = 'REJEITADO', motivo_rejeicao = 'teste' WHERE id = $1",
          [created.id],
        );
        return created;
      });
      const response = await post('/api/v1/auth/login', { login: user.username, password: TEST_PASSWORD });
      expect(response.statusCode, code).toBe(403);
      expect(response.json().code).toBe(code);
      // The state is only revealed to someone who knows the password.
      const wrong = await post('/api/v1/auth/login', { login: user.username, password: 'wrong-password' });
      expect(wrong.statusCode).toBe(401);
    }
  });

  it('locks a login for an IP after 5 failures (429 even with the right password), but not other IPs', async () => {
    const user = await createUser(app);
    const from = (ip: string) => ({ 'x-forwarded-for': ip });
    for (let i = 0; i < 5; i += 1) {
      const response = await post(
        '/api/v1/auth/login',
        { login: user.username, password: 'wrong' },
        from('203.0.113.7'),
      );
      expect(response.statusCode).toBe(401);
    }
    const locked = await post(
      '/api/v1/auth/login',
      { login: user.username, password: TEST_PASSWORD },
      from('203.0.113.7'),
    );
    expect(locked.statusCode).toBe(429);
    expect(locked.headers['retry-after']).toBe('900');
    expect(locked.json().code).toBe('LOGIN_BLOQUEADO');
    const elsewhere = await post(
      '/api/v1/auth/login',
      { login: user.username, password: TEST_PASSWORD },
      from('198.51.100.4'),
    );
    expect(elsewhere.statusCode).toBe(200);
  });

  it('locks the account itself after 10 failures from any IPs, for unknown logins alike', async () => {
    const user = await createUser(app);
    for (const login of [user.username, 'ghost.account']) {
      for (let i = 0; i < 10; i += 1) {
        const ip = `192.0.2.${i + 1}`;
        const response = await post(
          '/api/v1/auth/login',
          { login, password: 'wrong' },
          { 'x-forwarded-for': ip },
        );
        expect(response.statusCode).toBe(401);
      }
      const fresh = await post(
        '/api/v1/auth/login',
        { login, password: TEST_PASSWORD },
        { 'x-forwarded-for': '192.0.2.99' },
      );
      expect(fresh.statusCode).toBe(429);
    }
    const { rows } = await app.db.write.query(
      'SELECT tentativas_login_falhas, bloqueado_ate > now() AS locked FROM usuarios.usuario_sistema WHERE id = $1',
      [user.id],
    );
    expect(rows[0]).toEqual({ tentativas_login_falhas: 0, locked: true });
  });

  it('rejects malformed JSON (400), unknown fields (400) and missing fields (422) as problem+json', async () => {
    const malformed = await app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      headers: { 'content-type': 'application/json' },
      payload: '{"login": "x",',
    });
    expect(malformed.statusCode).toBe(400);
    expect(malformed.json()).toMatchObject({ status: 400, title: 'Bad Request' });

    const unknown = await post('/api/v1/auth/login', { login: 'a', password: 'b', remember: true });
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json().errors).toEqual([{ field: 'remember', message: 'campo desconhecido' }]);

    const missing = await post('/api/v1/auth/login', { login: 'a' });
    expect(missing.statusCode).toBe(422);
    expect(missing.headers['content-type']).toContain('application/problem+json');
    expect(missing.json().errors).toEqual([expect.objectContaining({ field: 'password' })]);
  });
});

describe('session lifecycle', () => {
  it('GET /me answers with the account, and 401 without a session', async () => {
    const { user, cookie } = await createLoggedInUser(app, 'ANALISTA');
    const me = await get('/api/v1/auth/me', cookie);
    expect(me.statusCode).toBe(200);
    expect(me.json().user).toMatchObject({ id: user.id, username: user.username, tipo_usuario: 'ANALISTA' });
    expect((await get('/api/v1/auth/me')).statusCode).toBe(401);
    expect((await get('/api/v1/auth/me', 'sigma_sid=forged-value')).statusCode).toBe(401);
  });

  it('logout revokes the session on the next request', async () => {
    const { cookie } = await createLoggedInUser(app, 'VISUALIZADOR');
    const logout = await app.inject({ method: 'POST', url: '/api/v1/auth/logout', headers: { cookie } });
    expect(logout.statusCode).toBe(204);
    expect(logout.cookies.find((item) => item.name === 'sigma_sid')?.value).toBe('');
    expect((await get('/api/v1/auth/me', cookie)).statusCode).toBe(401);
  });

  it('lists own sessions and ends another device, or all others', async () => {
    const user = await createUser(app);
    const laptop = await login(app, user.username, TEST_PASSWORD);
    const phone = await login(app, user.username, TEST_PASSWORD);
    const tablet = await login(app, user.username, TEST_PASSWORD);
    const list = await get('/api/v1/auth/sessions', laptop);
    expect(list.statusCode).toBe(200);
    const items = list.json().items as { id: string; atual: boolean }[];
    expect(items).toHaveLength(3);
    expect(items.filter((item) => item.atual)).toHaveLength(1);

    const phoneId = (await get('/api/v1/auth/sessions', phone))
      .json()
      .items.find((item: { atual: boolean }) => item.atual).id;
    const end = await app.inject({
      method: 'DELETE',
      url: `/api/v1/auth/sessions/${phoneId}`,
      headers: { cookie: laptop },
    });
    expect(end.statusCode).toBe(204);
    expect((await get('/api/v1/auth/me', phone)).statusCode).toBe(401);
    expect((await get('/api/v1/auth/me', laptop)).statusCode).toBe(200);

    // Someone else's session id is "not found", not "forbidden".
    const other = await createLoggedInUser(app, 'VISUALIZADOR');
    const foreign = await app.inject({
      method: 'DELETE',
      url: `/api/v1/auth/sessions/${phoneId}`,
      headers: { cookie: other.cookie },
    });
    expect(foreign.statusCode).toBe(404);

    const all = await app.inject({
      method: 'DELETE',
      url: '/api/v1/auth/sessions',
      headers: { cookie: laptop },
    });
    expect(all.json()).toEqual({ revoked: 1 });
    expect((await get('/api/v1/auth/me', tablet)).statusCode).toBe(401);
    expect((await get('/api/v1/auth/me', laptop)).statusCode).toBe(200);
  });

  it('records logins and logouts in the audit log', async () => {
    const { user, cookie } = await createLoggedInUser(app, 'VISUALIZADOR');
    await app.inject({ method: 'POST', url: '/api/v1/auth/logout', headers: { cookie } });
    const { rows } = await app.db.write.query(
      "SELECT acao, ip FROM auditoria.registro WHERE ator_id = $1 AND entidade = 'sessao' ORDER BY id",
      [user.id],
    );
    expect(rows).toEqual([
      { acao: 'LOGIN', ip: '127.0.0.1' },
      { acao: 'LOGOUT', ip: '127.0.0.1' },
    ]);
  });
});

describe('password reset', () => {
  it('answers 202 whether or not the address exists, queueing mail only for real accounts', async () => {
    const count = async () =>
      Number((await app.db.write.query('SELECT count(*) AS n FROM usuarios.outbox_email')).rows[0].n);
    const before = await count();
    const unknown = await post('/api/v1/auth/password-reset', { email: 'ninguem@orgao.example.com' });
    expect(unknown.statusCode).toBe(202);
    expect(await count()).toBe(before);
    const user = await createUser(app);
    const known = await post('/api/v1/auth/password-reset', { email: user.emailInstitucional });
    expect(known.statusCode).toBe(202);
    expect(known.json()).toEqual(unknown.json());
    expect(await count()).toBe(before + 1);
  });

  it('sets a new password with a single-use token and revokes every session', async () => {
    const user = await createUser(app);
    const session = await login(app, user.username, TEST_PASSWORD);
    await post('/api/v1/auth/password-reset', { email: user.emailInstitucional });
    const token = await tokenFromLastEmail(app, user.emailInstitucional, '/redefinir-senha');
    const { rows } = await app.db.write.query(
      'SELECT token_hash FROM usuarios.token_conta WHERE usuario_id = $1',
      [user.id],
    );
    expect(rows[0].token_hash.toString('base64url')).not.toBe(token);

    const weak = await post('/api/v1/auth/password-reset/confirm', { token, password: 'aaaaaaaaaaaa' });
    expect(weak.statusCode).toBe(422);
    expect(weak.json().errors[0].field).toBe('password');

    const confirm = await post('/api/v1/auth/password-reset/confirm', { token, password: 'Nova-senha-456' });
    expect(confirm.statusCode).toBe(204);
    expect((await get('/api/v1/auth/me', session)).statusCode).toBe(401);
    expect(
      (await post('/api/v1/auth/login', { login: user.username, password: TEST_PASSWORD })).statusCode,
    ).toBe(401);
    expect(
      (await post('/api/v1/auth/login', { login: user.username, password: 'Nova-senha-456' })).statusCode,
    ).toBe(200);

    const reuse = await post('/api/v1/auth/password-reset/confirm', { token, password: 'Outra-senha-789' });
    expect(reuse.statusCode).toBe(400);
    expect(reuse.json().code).toBe('TOKEN_INVALIDO');
  });

  it('refuses an expired token and an older token once a newer one was sent', async () => {
    const user = await createUser(app);
    await post('/api/v1/auth/password-reset', { email: user.emailInstitucional });
    const older = await tokenFromLastEmail(app, user.emailInstitucional, '/redefinir-senha');
    await post('/api/v1/auth/password-reset', { email: user.emailInstitucional });
    const newer = await tokenFromLastEmail(app, user.emailInstitucional, '/redefinir-senha');
    expect(
      (await post('/api/v1/auth/password-reset/confirm', { token: older, password: 'Nova-senha-456' }))
        .statusCode,
    ).toBe(400);

    await app.db.write.query(
      `UPDATE usuarios.token_conta SET criado_em = now() - interval '31 minutes', expira_em = now() - interval '1 minute'
        WHERE usuario_id = $1`,
      [user.id],
    );
    expect(
      (await post('/api/v1/auth/password-reset/confirm', { token: newer, password: 'Nova-senha-456' }))
        .statusCode,
    ).toBe(400);
  });
});
