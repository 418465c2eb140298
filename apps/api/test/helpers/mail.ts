import type { FastifyInstance } from 'fastify';

/** The most recent queued e-mail to `address` (the outbox row, as the worker would send it). */
export async function lastEmailTo(app: FastifyInstance, address: string) {
  const { rows } = await app.db.write.query<{ assunto: string; corpo: string }>(
    'SELECT assunto, corpo FROM usuarios.outbox_email WHERE destinatario = $1 ORDER BY id DESC LIMIT 1',
    [address],
  );
  return rows[0];
}

/**
 * The one-time token in the link of the latest e-mail to `address`. The link must open the web page `page`
 * (`/verificar-email`, `/redefinir-senha`) under PUBLIC_URL: a link to an API route would show the person raw JSON.
 */
export async function tokenFromLastEmail(
  app: FastifyInstance,
  address: string,
  page: `/${string}`,
): Promise<string> {
  const email = await lastEmailTo(app, address);
  const link = email?.corpo.match(/https?:\/\/\S+/)?.[0];
  if (!link) throw new Error(`no e-mail with a link was queued for ${address}`);
  const url = new URL(link);
  const token = url.searchParams.get('token');
  if (`${url.origin}${url.pathname}` !== `${app.config.PUBLIC_URL}${page}` || !token) {
    throw new Error(
      `the e-mail to ${address} links to ${link}, not to ${app.config.PUBLIC_URL}${page}?token=…`,
    );
  }
  return token;
}
