import type { Queryable } from '../db/pools';

export type TokenPurpose = 'VERIFICACAO_EMAIL' | 'REDEFINICAO_SENHA';

export async function insertAccountToken(
  db: Queryable,
  input: { userId: string; purpose: TokenPurpose; digest: Buffer; validMinutes: number },
) {
  await db.query(
    `INSERT INTO usuarios.token_conta (usuario_id, finalidade, token_hash, expira_em)
     VALUES ($1, $2, $3, now() + make_interval(mins => $4))`,
    [input.userId, input.purpose, input.digest, input.validMinutes],
  );
}

/**
 * Consumes a token: marks it used and returns its account, atomically, so two concurrent uses cannot both
 * succeed. Undefined for unknown, used or expired tokens (the caller cannot tell which, and neither can a client).
 */
export async function consumeAccountToken(db: Queryable, purpose: TokenPurpose, digest: Buffer) {
  const { rows } = await db.query<{ usuario_id: string }>(
    `UPDATE usuarios.token_conta SET usado_em = now()
      WHERE token_hash = $1 AND finalidade = $2 AND usado_em IS NULL AND expira_em > now()
      RETURNING usuario_id`,
    [digest, purpose],
  );
  return rows[0]?.usuario_id;
}

/** A new reset link makes the older ones useless: only the latest e-mail works. */
export async function invalidateAccountTokens(db: Queryable, userId: string, purpose: TokenPurpose) {
  await db.query(
    `UPDATE usuarios.token_conta SET usado_em = now()
      WHERE usuario_id = $1 AND finalidade = $2 AND usado_em IS NULL`,
    [userId, purpose],
  );
}
