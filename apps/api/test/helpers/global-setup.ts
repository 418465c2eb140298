import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import type { TestProject } from 'vitest/node';
import { type EmbeddedPostgres, startEmbeddedPostgres } from '../../src/db/embedded';
import { migrate } from '../../src/db/migrate';

declare module 'vitest' {
  export interface ProvidedContext {
    /** Connection string of the test server's maintenance database (used to create per-file databases). */
    pgAdminUrl: string;
    /** Name of the migrated database every test database is cloned from. */
    pgTemplate: string;
  }
}

/** `postgres://…/db` → the same server, another database. */
export function databaseUrl(baseUrl: string, database: string): string {
  const url = new URL(baseUrl);
  url.pathname = `/${database}`;
  return url.toString();
}

/**
 * Starts ONE PostgreSQL for the whole run (embedded, or the server in DATABASE_URL) and migrates a template
 * database once; each test file then clones it (CREATE DATABASE … TEMPLATE), which takes milliseconds and lets
 * files run in parallel without seeing each other's rows.
 */
export default async function setup(project: TestProject) {
  let server: EmbeddedPostgres | undefined;
  let dataRoot: string | undefined;
  let adminUrl = process.env.DATABASE_URL;
  if (!adminUrl) {
    dataRoot = mkdtempSync(join(tmpdir(), 'sigma-api-test-'));
    // The server runs as the unprivileged `postgres` user, which must be able to traverse to its data directory.
    chmodSync(dataRoot, 0o755);
    server = await startEmbeddedPostgres(join(dataRoot, 'pg'));
    adminUrl = server.url('postgres');
  }
  const template = `sigma_test_template_${process.pid}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS ${template}`);
  await admin.query(`CREATE DATABASE ${template}`);
  await admin.end();
  await migrate(databaseUrl(adminUrl, template));

  project.provide('pgAdminUrl', adminUrl);
  project.provide('pgTemplate', template);

  return async () => {
    if (server) {
      await server.stop();
      rmSync(dataRoot!, { recursive: true, force: true });
      return;
    }
    const cleanup = new pg.Client({ connectionString: adminUrl });
    await cleanup.connect();
    const { rows } = await cleanup.query<{ datname: string }>(
      `SELECT datname FROM pg_database WHERE datname LIKE 'sigma\\_test\\_%'`,
    );
    for (const { datname } of rows) await cleanup.query(`DROP DATABASE IF EXISTS ${datname} WITH (FORCE)`);
    await cleanup.end();
  };
}
