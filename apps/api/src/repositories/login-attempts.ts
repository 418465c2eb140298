import type { Queryable } from '../db/pools';

/** Window over which failed logins are counted. */
export const LOCKOUT_WINDOW_MINUTES = 15;
/** Failures per identifier and IP within the window before further attempts get 429. */
export const MAX_FAILURES_PER_IP = 5;
/** Failures per identifier from any IP before the identifier (and its account, if any) is locked for the window. */
export const MAX_FAILURES_PER_LOGIN = 10;

export async function recentFailures(db: Queryable, login: string, ip: string) {
  const { rows } = await db.query<{ per_ip: number; total: number; oldest_per_ip: Date | null }>(
    `SELECT count(*) FILTER (WHERE ip = $2) AS per_ip, count(*) AS total,
            min(ocorrida_em) FILTER (WHERE ip = $2) AS oldest_per_ip
       FROM usuarios.tentativa_login
      WHERE login = $1 AND NOT sucesso AND ocorrida_em > now() - make_interval(mins => $3)`,
    [login, ip, LOCKOUT_WINDOW_MINUTES],
  );
  return rows[0]!;
}

export async function recordAttempt(db: Queryable, login: string, ip: string, success: boolean) {
  await db.query('INSERT INTO usuarios.tentativa_login (login, ip, sucesso) VALUES ($1, $2, $3)', [
    login,
    ip,
    success,
  ]);
}

/** A successful login clears the identifier's failures from that IP, so one typo does not linger for 15 minutes. */
export async function clearFailures(db: Queryable, login: string, ip: string) {
  await db.query('DELETE FROM usuarios.tentativa_login WHERE login = $1 AND ip = $2 AND NOT sucesso', [
    login,
    ip,
  ]);
}

/** Housekeeping: attempts older than a day serve no lockout and are removed. */
export async function purgeOldAttempts(db: Queryable) {
  await db.query(`DELETE FROM usuarios.tentativa_login WHERE ocorrida_em < now() - interval '1 day'`);
}
