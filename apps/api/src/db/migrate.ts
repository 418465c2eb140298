import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';
import { connectionConfig } from './pools';

/** `apps/api/migrations`, the same relative location from `src/db` (tests, dev) and `dist/db` (release). */
export const MIGRATIONS_DIR = join(__dirname, '..', '..', 'migrations');

/** Arbitrary constant key for pg_advisory_lock: "one migration run at a time" across every process and host. */
const MIGRATION_LOCK_KEY = 0x5_1_6_3_a_0_0_1;

export interface Migration {
  version: number;
  name: string;
  sql: string;
  checksum: string;
}

/** `0002_usuarios`, as the file is named. */
const label = (migration: Migration) => `${String(migration.version).padStart(4, '0')}_${migration.name}`;

export function readMigrations(dir = MIGRATIONS_DIR): Migration[] {
  const migrations = readdirSync(dir)
    .filter((file) => file.endsWith('.sql'))
    .sort()
    .map((file) => {
      const match = /^(\d{4})_([a-z0-9_]+)\.sql$/.exec(file);
      if (!match) throw new Error(`Migration file name must look like 0001_name.sql: ${file}`);
      const sql = readFileSync(join(dir, file), 'utf8');
      return {
        version: Number(match[1]),
        name: match[2]!,
        sql,
        checksum: createHash('sha256').update(sql).digest('hex'),
      };
    });
  migrations.forEach((migration, index) => {
    if (migration.version !== index + 1) {
      throw new Error(
        `Migrations must be numbered 1..n without gaps; found ${migration.version} at ${index + 1}`,
      );
    }
  });
  return migrations;
}

export interface MigrationResult {
  applied: string[];
  alreadyApplied: number;
}

/**
 * Applies every pending migration, each in its own transaction, under a session-level advisory lock so that
 * instances starting together (Auto Scaling, PM2 cluster workers) never apply the same file twice: the second
 * runner waits, then finds nothing to do. An applied file whose content changed is an error, not a silent skip.
 */
export async function migrate(
  connectionString: string,
  options: { caFile?: string | undefined; dir?: string } = {},
): Promise<MigrationResult> {
  const migrations = readMigrations(options.dir);
  const client = new pg.Client({
    ...connectionConfig(connectionString, options.caFile),
    application_name: 'sigma-pli-migrate',
  });
  await client.connect();
  try {
    await client.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK_KEY]);
    await client.query(`CREATE TABLE IF NOT EXISTS public.schema_migrations (
      version integer PRIMARY KEY,
      name text NOT NULL,
      checksum char(64) NOT NULL,
      applied_at timestamptz NOT NULL DEFAULT now()
    )`);
    const { rows } = await client.query<{ version: number; checksum: string }>(
      'SELECT version, checksum FROM public.schema_migrations ORDER BY version',
    );
    const applied = new Map(rows.map((row) => [row.version, row.checksum]));
    const result: MigrationResult = { applied: [], alreadyApplied: 0 };
    for (const migration of migrations) {
      const checksum = applied.get(migration.version);
      if (checksum !== undefined) {
        if (checksum !== migration.checksum) {
          throw new Error(`Migration ${label(migration)} changed after it was applied`);
        }
        result.alreadyApplied += 1;
        continue;
      }
      await client.query('BEGIN');
      try {
        await client.query(migration.sql);
        await client.query(
          'INSERT INTO public.schema_migrations (version, name, checksum) VALUES ($1, $2, $3)',
          [migration.version, migration.name, migration.checksum],
        );
        await client.query('COMMIT');
      } catch (error) {
        await client.query('ROLLBACK');
        throw new Error(`Migration ${label(migration)} failed: ${(error as Error).message}`);
      }
      result.applied.push(label(migration));
    }
    return result;
  } finally {
    await client.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK_KEY]).catch(() => {});
    await client.end();
  }
}
