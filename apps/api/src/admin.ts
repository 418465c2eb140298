import { randomBytes } from 'node:crypto';
import type pg from 'pg';
import { hashPassword } from './auth/passwords';
import { inTransaction } from './db/pools';
import { recordAudit } from './repositories/audit';
import { insertUser } from './repositories/users';

export type EnsureAdminResult = 'created' | 'promoted' | 'unchanged';

/**
 * Makes sure an approved, verified ADMIN account with this institutional e-mail exists (first deployment, tests).
 * An existing account is promoted/approved if needed but its password is left alone: the environment bootstraps
 * access once, it does not keep overwriting a password the administrator has since changed.
 */
export async function ensureAdmin(
  pool: pg.Pool,
  email: string,
  password: string,
): Promise<EnsureAdminResult> {
  const address = email.trim().toLowerCase();
  const passwordHash = await hashPassword(password);
  return inTransaction(pool, async (client) => {
    // Serialises concurrent starts (several PM2 workers) so only one of them creates the account.
    await client.query("SELECT pg_advisory_xact_lock(hashtext('sigma-pli:ensure-admin'))");
    const { rows } = await client.query<{
      id: string;
      tipo_usuario: string;
      status: string;
      email_verificado: boolean;
    }>(
      'SELECT id, tipo_usuario, status, email_verificado FROM usuarios.usuario_sistema WHERE email_institucional = $1',
      [address],
    );
    const existing = rows[0];
    const audit = { actorId: null, entity: 'usuario', ip: '127.0.0.1', requestId: 'ensure-admin' };
    if (existing) {
      if (existing.tipo_usuario === 'ADMIN' && existing.status === 'APROVADO' && existing.email_verificado) {
        return 'unchanged';
      }
      await client.query(
        `UPDATE usuarios.usuario_sistema
            SET tipo_usuario = 'ADMIN', status = 'APROVADO', email_verificado = true,
                email_verificado_em = coalesce(email_verificado_em, now())
          WHERE id = $1`,
        [existing.id],
      );
      await recordAudit(client, {
        ...audit,
        action: 'ENSURE_ADMIN',
        entityId: existing.id,
        before: existing,
        after: { tipo_usuario: 'ADMIN', status: 'APROVADO', email_verificado: true },
      });
      return 'promoted';
    }
    const local =
      address
        .split('@')[0]!
        .replace(/[^a-z0-9._-]/g, '')
        .slice(0, 40) || 'admin';
    const username = `${local.length >= 3 ? local : 'admin'}.${randomBytes(2).toString('hex')}`;
    const id = await insertUser(client, {
      username,
      email: address,
      email_institucional: address,
      senha_hash: passwordHash,
      pessoa_fisica_id: null,
      pessoa_juridica_id: null,
      conta_inicial: true,
      tipo_usuario: 'ADMIN',
      tipo_solicitado: 'ADMIN',
      status: 'APROVADO',
      email_verificado: true,
      protocolo: `PLI-ADMIN-${randomBytes(4).toString('hex').toUpperCase()}`,
    });
    await recordAudit(client, {
      ...audit,
      action: 'ENSURE_ADMIN',
      entityId: id,
      after: { username, tipo_usuario: 'ADMIN' },
    });
    return 'created';
  });
}
