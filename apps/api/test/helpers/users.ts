import { randomBytes } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { hashPassword } from '../../src/auth/passwords';
import type { Role, UserStatus } from '../../src/auth/roles';
import { insertUser } from '../../src/repositories/users';
import { fakeCnpj, fakeCpf } from './documents';

/** Obviously fake password used by every test account unless a test chooses its own. */
export const TEST_PASSWORD = 'Senha-de-teste-123';

export interface TestUser {
  id: string;
  username: string;
  emailInstitucional: string;
  password: string;
  role: Role;
  pessoaFisicaId: string;
  pessoaJuridicaId: string;
}

export interface CreateUserOptions {
  role?: Role;
  status?: UserStatus;
  emailVerified?: boolean;
  password?: string;
}

let passwordHash: Promise<string> | undefined;

/** Inserts a pessoa física, an institution and an account straight into the database (no HTTP, no audit). */
export async function createUser(app: FastifyInstance, options: CreateUserOptions = {}): Promise<TestUser> {
  const role = options.role ?? 'VISUALIZADOR';
  const password = options.password ?? TEST_PASSWORD;
  passwordHash ??= hashPassword(TEST_PASSWORD);
  const hash = options.password ? await hashPassword(password) : await passwordHash;
  const suffix = randomBytes(4).toString('hex');
  const username = `teste.${role.toLowerCase()}.${suffix}`;
  const emailInstitucional = `${username}@orgao.example.com`;
  return app.db.transaction(async (client) => {
    const pf = await client.query<{ id: string }>(
      `INSERT INTO cadastro.pessoa_fisica (nome_completo, cpf, email_principal)
       VALUES ($1, $2, $3) RETURNING id`,
      [`Pessoa de Teste ${suffix}`, fakeCpf(), `${username}@pessoal.example.com`],
    );
    const pj = await client.query<{ id: string }>(
      'INSERT INTO cadastro.pessoa_juridica (razao_social, cnpj) VALUES ($1, $2) RETURNING id',
      [`Órgão de Teste ${suffix}`, fakeCnpj()],
    );
    const id = await insertUser(client, {
      username,
      email: `${username}@pessoal.example.com`,
      email_institucional: emailInstitucional,
      senha_hash: hash,
      pessoa_fisica_id: pf.rows[0]!.id,
      pessoa_juridica_id: pj.rows[0]!.id,
      tipo_usuario: role,
      tipo_solicitado: role,
      status: options.status ?? 'APROVADO',
      email_verificado: options.emailVerified ?? true,
      protocolo: `PLI-TESTE-${suffix.toUpperCase()}`,
    });
    return {
      id,
      username,
      emailInstitucional,
      password,
      role,
      pessoaFisicaId: pf.rows[0]!.id,
      pessoaJuridicaId: pj.rows[0]!.id,
    };
  });
}

/** Logs in through the API; returns the `cookie` request header value for the new session. */
export async function login(app: FastifyInstance, loginName: string, password: string): Promise<string> {
  const response = await app.inject({
    method: 'POST',
    url: '/api/v1/auth/login',
    payload: { login: loginName, password },
  });
  if (response.statusCode !== 200) throw new Error(`login failed: ${response.statusCode} ${response.body}`);
  const cookie = response.cookies.find((item) => item.name === 'sigma_sid');
  if (!cookie) throw new Error('login response set no session cookie');
  return `${cookie.name}=${cookie.value}`;
}

/** An approved, verified account of `role` plus a logged-in session; returns both. */
export async function createLoggedInUser(app: FastifyInstance, role: Role, options: CreateUserOptions = {}) {
  const user = await createUser(app, { ...options, role });
  return { user, cookie: await login(app, user.username, user.password) };
}

/** An approved, verified account of `role`, logged in; returns the `cookie` header for `app.inject`. */
export async function createUserAndLogin(app: FastifyInstance, role: Role): Promise<string> {
  return (await createLoggedInUser(app, role)).cookie;
}
