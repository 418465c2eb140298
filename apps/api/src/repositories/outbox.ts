import type { Queryable } from '../db/pools';

export interface OutgoingEmail {
  to: string;
  subject: string;
  text: string;
}

/** Queues an e-mail in the caller's transaction: it is sent only if the change that caused it commits. */
export async function enqueueEmail(db: Queryable, email: OutgoingEmail) {
  await db.query('INSERT INTO usuarios.outbox_email (destinatario, assunto, corpo) VALUES ($1, $2, $3)', [
    email.to,
    email.subject,
    email.text,
  ]);
}

export interface PendingEmail extends OutgoingEmail {
  id: number;
  attempts: number;
}

/**
 * Claims up to `limit` due messages for this worker. Must run inside a transaction: the row locks (SKIP LOCKED)
 * keep other workers off these rows until the caller marks them sent or failed and commits.
 */
export async function claimDueEmails(db: Queryable, limit: number): Promise<PendingEmail[]> {
  const { rows } = await db.query<PendingEmail>(
    `SELECT id, destinatario AS "to", assunto AS subject, corpo AS text, tentativas AS attempts
       FROM usuarios.outbox_email
      WHERE enviado_em IS NULL AND enviar_apos <= now() AND tentativas < 10
      ORDER BY enviar_apos
      LIMIT $1
      FOR UPDATE SKIP LOCKED`,
    [limit],
  );
  return rows;
}

/** Sent: the body (which may hold a one-time link) is erased. */
export async function markEmailSent(db: Queryable, id: number) {
  await db.query(
    'UPDATE usuarios.outbox_email SET enviado_em = now(), corpo = NULL, tentativas = tentativas + 1 WHERE id = $1',
    [id],
  );
}

/** Failed: retried later with exponential backoff (1, 2, 4 … minutes), given up after 10 attempts. */
export async function markEmailFailed(db: Queryable, id: number, error: string) {
  await db.query(
    `UPDATE usuarios.outbox_email
        SET tentativas = tentativas + 1, ultimo_erro = left($2, 1000),
            enviar_apos = now() + make_interval(mins => power(2, least(tentativas, 10))::int)
      WHERE id = $1`,
    [id, error],
  );
}
