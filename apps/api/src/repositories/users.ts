import type { Role, UserStatus } from '../auth/roles';
import type { Queryable } from '../db/pools';

/** An account as the API shows it: never the password hash, lockout counters or token data. */
export interface UserView {
  id: string;
  username: string;
  email: string;
  email_institucional: string;
  tipo_usuario: Role;
  tipo_solicitado: Role;
  nivel_acesso: number;
  status: UserStatus;
  email_verificado: boolean;
  pessoa_fisica_id: string | null;
  pessoa_juridica_id: string | null;
  nome_completo: string | null;
  instituicao: string | null;
  conta_inicial: boolean;
  departamento: string | null;
  cargo: string | null;
  telefone_institucional: string | null;
  ramal_institucional: string | null;
  protocolo: string;
  motivo_rejeicao: string | null;
  decidido_em: Date | null;
  ultimo_login_em: Date | null;
  created_at: Date;
  updated_at: Date;
}

const USER_COLUMNS = `
  u.id, u.username, u.email, u.email_institucional, u.tipo_usuario, u.tipo_solicitado, u.nivel_acesso,
  u.status, u.email_verificado, u.pessoa_fisica_id, u.pessoa_juridica_id, pf.nome_completo,
  pj.razao_social AS instituicao, u.departamento, u.cargo, u.telefone_institucional, u.ramal_institucional,
  u.conta_inicial, u.protocolo, u.motivo_rejeicao, u.decidido_em, u.ultimo_login_em, u.created_at, u.updated_at`;
const USER_FROM = `
  FROM usuarios.usuario_sistema u
  LEFT JOIN cadastro.pessoa_fisica pf ON pf.id = u.pessoa_fisica_id
  LEFT JOIN cadastro.pessoa_juridica pj ON pj.id = u.pessoa_juridica_id`;
const USER_VIEW = `SELECT ${USER_COLUMNS} ${USER_FROM}`;

export async function findUserView(db: Queryable, id: string): Promise<UserView | undefined> {
  const { rows } = await db.query<UserView>(`${USER_VIEW} WHERE u.id = $1`, [id]);
  return rows[0];
}

/** The row as stored (minus the hash), for audit before/after images and rule checks inside a transaction. */
export async function lockUser(db: Queryable, id: string) {
  const { rows } = await db.query<UserView>(`${USER_VIEW} WHERE u.id = $1 FOR UPDATE OF u`, [id]);
  return rows[0];
}

export interface UserListFilter {
  status?: UserStatus | undefined;
  tipo_usuario?: Role | undefined;
  q?: string | undefined;
  /** Keyset cursor: the last row's (created_at, id). */
  after?: { createdAt: string; id: string } | undefined;
  /** Page size; one more row is fetched to tell whether a next page exists. */
  limit: number;
}

/** List rows carry their keyset position (microsecond text, see lib/cursor). */
export async function listUsers(
  db: Queryable,
  filter: UserListFilter,
): Promise<(UserView & { cursor_created_at: string })[]> {
  const where: string[] = [];
  const params: unknown[] = [];
  const param = (value: unknown) => {
    params.push(value);
    return `$${params.length}`;
  };
  if (filter.status) where.push(`u.status = ${param(filter.status)}`);
  if (filter.tipo_usuario) where.push(`u.tipo_usuario = ${param(filter.tipo_usuario)}`);
  if (filter.q) {
    const pattern = param(`%${filter.q.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`);
    where.push(`(u.username LIKE ${pattern} OR u.email_institucional LIKE ${pattern}
                 OR lower(pf.nome_completo) LIKE ${pattern})`);
  }
  if (filter.after) {
    where.push(
      `(u.created_at, u.id) < (${param(filter.after.createdAt)}::timestamptz, ${param(filter.after.id)}::uuid)`,
    );
  }
  const { rows } = await db.query<UserView & { cursor_created_at: string }>(
    `SELECT ${USER_COLUMNS},
            to_char(u.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS cursor_created_at
       ${USER_FROM} ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
      ORDER BY u.created_at DESC, u.id DESC LIMIT ${param(filter.limit + 1)}`,
    params,
  );
  return rows;
}

export interface LoginCandidate {
  id: string;
  senha_hash: string;
  status: UserStatus;
  email_verificado: boolean;
  bloqueado_ate: Date | null;
}

/** Login identifiers: an institutional e-mail (contains `@`) or a username; both stored lower-cased. */
export async function findLoginCandidate(db: Queryable, login: string): Promise<LoginCandidate | undefined> {
  const column = login.includes('@') ? 'email_institucional' : 'username';
  const { rows } = await db.query<LoginCandidate>(
    `SELECT id, senha_hash, status, email_verificado, bloqueado_ate
       FROM usuarios.usuario_sistema WHERE ${column} = $1`,
    [login],
  );
  return rows[0];
}

/**
 * Counts a failed password for the account; the `lockAfter`-th consecutive failure locks it for `lockMinutes` and
 * starts the count again (so one failure after a lock expires does not lock it at once).
 */
export async function recordLoginFailure(db: Queryable, id: string, lockAfter: number, lockMinutes: number) {
  await db.query(
    `UPDATE usuarios.usuario_sistema
        SET tentativas_login_falhas = CASE WHEN tentativas_login_falhas + 1 >= $2 THEN 0
                                           ELSE tentativas_login_falhas + 1 END,
            bloqueado_ate = CASE WHEN tentativas_login_falhas + 1 >= $2
                                 THEN now() + make_interval(mins => $3) ELSE bloqueado_ate END
      WHERE id = $1`,
    [id, lockAfter, lockMinutes],
  );
}

export async function recordLoginSuccess(db: Queryable, id: string) {
  await db.query(
    `UPDATE usuarios.usuario_sistema
        SET tentativas_login_falhas = 0, bloqueado_ate = NULL, ultimo_login_em = now()
      WHERE id = $1`,
    [id],
  );
}

export async function findPasswordHash(db: Queryable, id: string): Promise<string | undefined> {
  const { rows } = await db.query<{ senha_hash: string }>(
    'SELECT senha_hash FROM usuarios.usuario_sistema WHERE id = $1',
    [id],
  );
  return rows[0]?.senha_hash;
}

/** New password: also clears the lockout, since the owner just proved control of the account. */
export async function setPassword(db: Queryable, id: string, passwordHash: string, actorId: string | null) {
  await db.query(
    `UPDATE usuarios.usuario_sistema
        SET senha_hash = $2, senha_alterada_em = now(), tentativas_login_falhas = 0, bloqueado_ate = NULL,
            updated_by = $3
      WHERE id = $1`,
    [id, passwordHash, actorId],
  );
}

/** Accounts reachable by an address for password reset (personal or institutional e-mail). */
export async function findUsersByEmail(db: Queryable, email: string) {
  const { rows } = await db.query<{ id: string; email_institucional: string; username: string }>(
    `SELECT id, email_institucional, username FROM usuarios.usuario_sistema
      WHERE (email = $1 OR email_institucional = $1) AND status IN ('APROVADO', 'AGUARDANDO_APROVACAO')`,
    [email],
  );
  return rows;
}

export async function markEmailVerified(db: Queryable, id: string) {
  await db.query(
    `UPDATE usuarios.usuario_sistema SET email_verificado = true, email_verificado_em = now()
      WHERE id = $1 AND NOT email_verificado`,
    [id],
  );
}

export async function updateRoleAndStatus(
  db: Queryable,
  id: string,
  changes: { tipo_usuario?: Role; status?: UserStatus },
  actorId: string,
) {
  await db.query(
    `UPDATE usuarios.usuario_sistema
        SET tipo_usuario = coalesce($2, tipo_usuario), status = coalesce($3, status), updated_by = $4
      WHERE id = $1`,
    [id, changes.tipo_usuario ?? null, changes.status ?? null, actorId],
  );
}

export async function decideRegistration(
  db: Queryable,
  id: string,
  decision: { status: 'APROVADO'; tipo_usuario: Role } | { status: 'REJEITADO'; motivo: string },
  actorId: string,
) {
  await db.query(
    `UPDATE usuarios.usuario_sistema
        SET status = $2, tipo_usuario = coalesce($3, tipo_usuario), motivo_rejeicao = $4,
            decidido_por = $5, decidido_em = now(), updated_by = $5
      WHERE id = $1`,
    [
      id,
      decision.status,
      decision.status === 'APROVADO' ? decision.tipo_usuario : null,
      decision.status === 'REJEITADO' ? decision.motivo : null,
      actorId,
    ],
  );
}

export interface NewUser {
  username: string;
  email: string;
  email_institucional: string;
  senha_hash: string;
  pessoa_fisica_id: string | null;
  pessoa_juridica_id: string | null;
  conta_inicial?: boolean;
  tipo_usuario: Role;
  tipo_solicitado: Role;
  status: UserStatus;
  email_verificado: boolean;
  protocolo: string;
  departamento?: string | null;
  cargo?: string | null;
  telefone_institucional?: string | null;
  ramal_institucional?: string | null;
  created_by?: string | null;
}

export async function insertUser(db: Queryable, user: NewUser): Promise<string> {
  const { rows } = await db.query<{ id: string }>(
    `INSERT INTO usuarios.usuario_sistema
       (username, email, email_institucional, senha_hash, pessoa_fisica_id, pessoa_juridica_id, tipo_usuario,
        tipo_solicitado, status, email_verificado, email_verificado_em, protocolo, departamento, cargo,
        telefone_institucional, ramal_institucional, created_by, updated_by, conta_inicial)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, CASE WHEN $10 THEN now() END, $11, $12, $13, $14, $15, $16, $16,
             $17)
     RETURNING id`,
    [
      user.username,
      user.email,
      user.email_institucional,
      user.senha_hash,
      user.pessoa_fisica_id,
      user.pessoa_juridica_id,
      user.tipo_usuario,
      user.tipo_solicitado,
      user.status,
      user.email_verificado,
      user.protocolo,
      user.departamento ?? null,
      user.cargo ?? null,
      user.telefone_institucional ?? null,
      user.ramal_institucional ?? null,
      user.created_by ?? null,
      user.conta_inicial ?? false,
    ],
  );
  return rows[0]!.id;
}
