import type { FastifyInstance } from 'fastify';

/** The most recent queued e-mail to `address` (the outbox row, as the worker would send it). */
export async function lastEmailTo(app: FastifyInstance, address: string) {
  const { rows } = await app.db.write.query<{ assunto: string; corpo: string }>(
    'SELECT assunto, corpo FROM usuarios.outbox_email WHERE destinatario = $1 ORDER BY id DESC LIMIT 1',
    [address],
  );
  return rows[0];
}

/** The one-time token in the link of the latest e-mail to `address`. */
export async function tokenFromLastEmail(app: FastifyInstance, address: string): Promise<string> {
  const email = await lastEmailTo(app, address);
  const token = email?.corpo.match(/token=([A-Za-z0-9_-]+)/)?.[1];
  if (!token) throw new Error(`no e-mail with a token was queued for ${address}`);
  return token;
}
