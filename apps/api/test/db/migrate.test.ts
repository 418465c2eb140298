import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { MIGRATIONS_DIR, migrate, readMigrations } from '../../src/db/migrate';
import { createTestDatabase } from '../helpers/database';

/** A fresh database with nothing in it (not even the migrations the template carries). */
async function emptyDatabase() {
  const url = await createTestDatabase();
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  await client.query(
    'DROP SCHEMA auditoria CASCADE; DROP SCHEMA usuarios CASCADE; DROP SCHEMA cadastro CASCADE',
  );
  await client.query('DROP TABLE public.schema_migrations');
  await client.end();
  return url;
}

describe('migration runner', () => {
  it('reads numbered files in order', () => {
    const migrations = readMigrations();
    expect(migrations.map((item) => item.version)).toEqual(migrations.map((_, index) => index + 1));
    expect(migrations.slice(0, 2).map((item) => item.name)).toEqual(['cadastro', 'usuarios']);
  });

  it('applies each migration exactly once when several processes start together', async () => {
    const url = await emptyDatabase();
    const results = await Promise.all([migrate(url), migrate(url), migrate(url)]);
    const total = readMigrations().length;
    expect(results.map((result) => result.applied.length).sort()).toEqual([0, 0, total]);
    expect(results.every((result) => result.applied.length + result.alreadyApplied === total)).toBe(true);
    expect(await migrate(url)).toEqual({ applied: [], alreadyApplied: total });
  });

  it('refuses an applied migration whose file changed, and rolls back a failing one', async () => {
    const url = await createTestDatabase();
    const dir = mkdtempSync(join(tmpdir(), 'sigma-migrations-'));
    for (const migration of readMigrations()) {
      writeFileSync(
        join(dir, `${String(migration.version).padStart(4, '0')}_${migration.name}.sql`),
        migration.sql,
      );
    }
    const first = join(dir, '0001_cadastro.sql');
    writeFileSync(first, `${readFileSync(join(MIGRATIONS_DIR, '0001_cadastro.sql'), 'utf8')}\n-- edited\n`);
    await expect(migrate(url, { dir })).rejects.toThrow(/0001_cadastro changed after it was applied/);

    writeFileSync(first, readFileSync(join(MIGRATIONS_DIR, '0001_cadastro.sql'), 'utf8'));
    const next = String(readMigrations().length + 1).padStart(4, '0');
    writeFileSync(
      join(dir, `${next}_broken.sql`),
      'CREATE TABLE public.half_done (id int); SELECT * FROM nowhere;',
    );
    await expect(migrate(url, { dir })).rejects.toThrow(/broken failed/);
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    const { rows } = await client.query("SELECT to_regclass('public.half_done') AS table");
    await client.end();
    expect(rows[0].table).toBeNull();
  });
});
