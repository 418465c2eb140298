import { ensureAdmin } from './admin';
import { loadEnv } from './config';
import { migrate } from './db/migrate';
import { createPool } from './db/pools';
import { exitOnConfigError } from './server';

const USAGE = `usage: node dist/cli.js <command>

  migrate        apply pending SQL migrations (DATABASE_URL)
  ensure-admin   make sure an approved ADMIN account exists (SIGMA_ADMIN_EMAIL, SIGMA_ADMIN_PASSWORD)
`;

async function main(command: string | undefined) {
  const env = loadEnv();
  if (!env.DATABASE_URL) throw new Error('DATABASE_URL is required');
  if (command === 'migrate') {
    const result = await migrate(env.DATABASE_URL, { caFile: env.DATABASE_CA_FILE });
    process.stdout.write(
      `${result.applied.length} migration(s) applied${result.applied.length ? `: ${result.applied.join(', ')}` : ''}; ${result.alreadyApplied} already applied\n`,
    );
    return;
  }
  if (command === 'ensure-admin') {
    if (!env.SIGMA_ADMIN_EMAIL || !env.SIGMA_ADMIN_PASSWORD) {
      throw new Error('SIGMA_ADMIN_EMAIL and SIGMA_ADMIN_PASSWORD are required');
    }
    const pool = createPool({
      connectionString: env.DATABASE_URL,
      max: 1,
      statementTimeoutMs: 30_000,
      caFile: env.DATABASE_CA_FILE,
      applicationName: 'sigma-pli-cli',
    });
    try {
      const result = await ensureAdmin(pool, env.SIGMA_ADMIN_EMAIL, env.SIGMA_ADMIN_PASSWORD);
      process.stdout.write(`admin account ${result}\n`);
    } finally {
      await pool.end();
    }
    return;
  }
  process.stderr.write(USAGE);
  process.exit(2);
}

main(process.argv[2]).catch(exitOnConfigError);
