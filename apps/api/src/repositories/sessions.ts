import type { AuthUser, UserStatus } from '../auth/roles';
import type { Queryable } from '../db/pools';

export type RevocationReason =
  | 'LOGOUT'
  | 'ENCERRADA_PELO_USUARIO'
  | 'SENHA_ALTERADA'
  | 'SENHA_REDEFINIDA'
  | 'CONTA_ALTERADA';

/** A live session joined with the account it belongs to: what the auth guard needs on every request. */
export interface SessionRecord {
  sessionId: string;
  expiresAt: Date;
  absoluteExpiresAt: Date;
  lastSeenAt: Date;
  user: AuthUser;
  status: UserStatus;
}

const SESSION_SELECT = `
  SELECT s.id AS "sessionId", s.expira_em AS "expiresAt", s.expira_absoluto_em AS "absoluteExpiresAt",
         s.ultimo_acesso_em AS "lastSeenAt", u.status,
         json_build_object('id', u.id, 'username', u.username, 'tipoUsuario', u.tipo_usuario,
                           'nivel', u.nivel_acesso, 'pessoaFisicaId', u.pessoa_fisica_id) AS "user"
  FROM usuarios.sessao s JOIN usuarios.usuario_sistema u ON u.id = s.usuario_id`;

export async function insertSession(
  db: Queryable,
  input: {
    tokenHash: Buffer;
    userId: string;
    idleMinutes: number;
    maxHours: number;
    ip: string;
    userAgent?: string;
  },
): Promise<string> {
  const { rows } = await db.query<{ id: string }>(
    `INSERT INTO usuarios.sessao (token_hash, usuario_id, expira_em, expira_absoluto_em, ip, user_agent)
     VALUES ($1, $2, now() + make_interval(mins => $3), now() + make_interval(hours => $4), $5, $6)
     RETURNING id`,
    [
      input.tokenHash,
      input.userId,
      input.idleMinutes,
      input.maxHours,
      input.ip,
      input.userAgent?.slice(0, 512) ?? null,
    ],
  );
  return rows[0]!.id;
}

/** The session for a cookie digest if it is neither revoked nor expired and its account is approved. */
export async function findLiveSession(db: Queryable, tokenHash: Buffer): Promise<SessionRecord | undefined> {
  const { rows } = await db.query<SessionRecord>(
    `${SESSION_SELECT}
     WHERE s.token_hash = $1 AND s.revogada_em IS NULL AND s.expira_em > now() AND s.expira_absoluto_em > now()
       AND u.status = 'APROVADO'`,
    [tokenHash],
  );
  return rows[0];
}

/**
 * Slides the idle expiry (never past the absolute one). Returns the new expiry, or undefined when the session was
 * revoked or expired meanwhile — which is also how a cached session learns about a revocation it missed.
 */
export async function touchSession(
  db: Queryable,
  sessionId: string,
  idleMinutes: number,
): Promise<Date | undefined> {
  const { rows } = await db.query<{ expiresAt: Date }>(
    `UPDATE usuarios.sessao s
        SET ultimo_acesso_em = now(), expira_em = least(now() + make_interval(mins => $2), s.expira_absoluto_em)
       FROM usuarios.usuario_sistema u
      WHERE s.id = $1 AND u.id = s.usuario_id AND u.status = 'APROVADO'
        AND s.revogada_em IS NULL AND s.expira_em > now() AND s.expira_absoluto_em > now()
      RETURNING s.expira_em AS "expiresAt"`,
    [sessionId, idleMinutes],
  );
  return rows[0]?.expiresAt;
}

/** Revokes sessions matching the filter; returns their digests so the cache can forget them. */
async function revokeWhere(db: Queryable, where: string, params: unknown[], reason: RevocationReason) {
  const { rows } = await db.query<{ token_hash: Buffer }>(
    `UPDATE usuarios.sessao SET revogada_em = now(), motivo_revogacao = $1
      WHERE revogada_em IS NULL AND ${where}
      RETURNING token_hash`,
    [reason, ...params],
  );
  return rows.map((row) => row.token_hash);
}

export function revokeSession(db: Queryable, sessionId: string, reason: RevocationReason) {
  return revokeWhere(db, 'id = $2', [sessionId], reason);
}

export function revokeOwnSession(db: Queryable, userId: string, sessionId: string, reason: RevocationReason) {
  return revokeWhere(db, 'id = $2 AND usuario_id = $3', [sessionId, userId], reason);
}

/** Every live session of an account, optionally keeping one (the caller's own). */
export function revokeUserSessions(
  db: Queryable,
  userId: string,
  reason: RevocationReason,
  keepSessionId?: string,
) {
  return keepSessionId
    ? revokeWhere(db, 'usuario_id = $2 AND id <> $3', [userId, keepSessionId], reason)
    : revokeWhere(db, 'usuario_id = $2', [userId], reason);
}

export interface SessionSummary {
  id: string;
  criada_em: Date;
  ultimo_acesso_em: Date;
  expira_em: Date;
  ip: string | null;
  user_agent: string | null;
}

export async function listUserSessions(db: Queryable, userId: string): Promise<SessionSummary[]> {
  const { rows } = await db.query<SessionSummary>(
    `SELECT id, criada_em, ultimo_acesso_em, least(expira_em, expira_absoluto_em) AS expira_em,
            host(ip) AS ip, user_agent
       FROM usuarios.sessao
      WHERE usuario_id = $1 AND revogada_em IS NULL AND expira_em > now() AND expira_absoluto_em > now()
      ORDER BY ultimo_acesso_em DESC`,
    [userId],
  );
  return rows;
}
