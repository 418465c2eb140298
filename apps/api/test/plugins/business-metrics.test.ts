import { Writable } from 'node:stream';
import { BUSINESS_METRICS, parseAppEnv } from '@sigma-pli/config';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type App, loggerOptions } from '../../src/app';
import { buildTestApp } from '../helpers/app';
import { tokenFromLastEmail } from '../helpers/mail';
import { registrationPayload } from '../helpers/registration';
import { createLoggedInUser } from '../helpers/users';

const STAGE = 'stage-under-test';
const lines: Record<string, unknown>[] = [];
const sink = new Writable({
  write(chunk, _encoding, done) {
    for (const line of chunk.toString().split('\n').filter(Boolean)) lines.push(JSON.parse(line));
    done();
  },
});
/** The log lines in embedded metric format written since the test started. */
const emfLines = () => lines.filter((line) => '_aws' in line);

let app: App;
beforeAll(async () => {
  const env = { LOG_LEVEL: 'info', STAGE };
  const options = loggerOptions({ ...parseAppEnv(env), DATABASE_URL: 'postgres://unused/x' });
  app = await buildTestApp({ env, logger: { ...options, stream: sink } });
});
afterAll(() => app.close());
beforeEach(() => {
  lines.length = 0;
});

/** What CloudWatch Logs needs to extract `metric` = 1 (Count) in the business namespace with the Stage dimension. */
function expectOneEvent(metric: string) {
  const events = emfLines();
  expect(events).toHaveLength(1);
  const [line] = events as [Record<string, unknown>];
  expect(line._aws).toEqual({
    Timestamp: expect.any(Number),
    CloudWatchMetrics: [
      {
        Namespace: BUSINESS_METRICS.namespace,
        Dimensions: [[BUSINESS_METRICS.dimension]],
        Metrics: [{ Name: metric, Unit: 'Count' }],
      },
    ],
  });
  expect(Math.abs((line._aws as { Timestamp: number }).Timestamp - Date.now())).toBeLessThan(60_000);
  expect(line[BUSINESS_METRICS.dimension]).toBe(STAGE);
  expect(line[metric]).toBe(1);
  // Emitted at info, so LOG_LEVEL=info (production's) keeps it.
  expect(line.level).toBe(30);
  return line;
}

describe('business metrics in embedded metric format', () => {
  const payload = registrationPayload();
  const address = payload.email_institucional.toLowerCase();
  const personal = [
    payload.username,
    address,
    payload.pessoa_fisica.cpf,
    payload.pessoa_fisica.nome_completo,
    payload.password,
  ];

  it('counts a registration, once, with nothing personal in the line', async () => {
    const refused = await app.inject({
      method: 'POST',
      url: '/api/v1/registrations',
      payload: { ...payload, password: 'curta' },
    });
    expect(refused.statusCode).toBe(422);
    expect(emfLines()).toEqual([]);

    const created = await app.inject({ method: 'POST', url: '/api/v1/registrations', payload });
    expect(created.statusCode).toBe(201);
    const line = JSON.stringify(expectOneEvent(BUSINESS_METRICS.names.registrations));
    for (const value of personal) expect(line.toLowerCase()).not.toContain(value.toLowerCase());
    expect(line).not.toContain(created.json().protocol);
  });

  it('counts an approval', async () => {
    const token = await tokenFromLastEmail(app, address, '/verificar-email');
    await app.inject({ method: 'GET', url: `/api/v1/registrations/verify?token=${token}` });
    const gestor = await createLoggedInUser(app, 'GESTOR');
    const { rows } = await app.db.write.query('SELECT id FROM usuarios.usuario_sistema WHERE username = $1', [
      payload.username.toLowerCase(),
    ]);
    lines.length = 0;
    const approve = () =>
      app.inject({
        method: 'POST',
        url: `/api/v1/registrations/${rows[0].id}/approve`,
        payload: { tipo_usuario: 'OPERADOR' },
        headers: { cookie: gestor.cookie },
      });
    expect((await approve()).statusCode).toBe(200);
    // A second decision is refused and counts nothing.
    expect((await approve()).statusCode).toBe(409);
    const line = JSON.stringify(expectOneEvent(BUSINESS_METRICS.names.approvals));
    for (const value of personal) expect(line.toLowerCase()).not.toContain(value.toLowerCase());
  });

  it('counts a successful login, not a failed one', async () => {
    const login = (password: string) =>
      app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { login: address, password } });
    expect((await login('Senha-errada-123')).statusCode).toBe(401);
    expect(emfLines()).toEqual([]);
    expect((await login(payload.password)).statusCode).toBe(200);
    const line = JSON.stringify(expectOneEvent(BUSINESS_METRICS.names.logins));
    for (const value of personal) expect(line.toLowerCase()).not.toContain(value.toLowerCase());
  });
});
