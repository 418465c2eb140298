import { join } from 'node:path';
import { type AppConfig, loadEnv } from './config';
import { startEmbeddedPostgres } from './db/embedded';
import { exitOnConfigError, startServer } from './server';

/** `apps/api/.data/` (git-ignored): the development database survives restarts. */
const DATA_DIR = join(__dirname, '..', '.data');

/**
 * `pnpm dev`: with DATABASE_URL unset, starts an embedded PostgreSQL 15 on a fixed local port with its data under
 * `.data/pg`, then runs the server exactly as production does (migrations, bootstrap admin, outbox worker).
 */
async function main() {
  const env = loadEnv();
  let databaseUrl = env.DATABASE_URL;
  if (!databaseUrl) {
    const port = Number(process.env.DEV_PG_PORT ?? 54329);
    const pg = await startEmbeddedPostgres(join(DATA_DIR, 'pg'), port);
    databaseUrl = pg.url('postgres');
    process.stdout.write(`embedded PostgreSQL on 127.0.0.1:${port} (data in ${join(DATA_DIR, 'pg')})\n`);
    process.once('exit', () => void pg.stop());
  }
  const config: AppConfig = { ...env, DATABASE_URL: databaseUrl };
  await startServer(config);
}

main().catch(exitOnConfigError);
