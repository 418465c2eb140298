import { ConfigError } from '@sigma-pli/config';
import { ensureAdmin } from './admin';
import { buildApp } from './app';
import { type AppConfig, loadEnv } from './config';
import { migrate } from './db/migrate';
import { createMailer, startOutboxWorker } from './mail/outbox-worker';

/** How long in-flight requests get to finish after SIGTERM/SIGINT before the process exits anyway. */
const SHUTDOWN_GRACE_MS = 10_000;

/**
 * Migrates (under the advisory lock, so every worker may try), ensures the bootstrap admin, listens, and starts
 * the outbox worker. On SIGTERM/SIGINT (PM2 reload, instance refresh): stop accepting, finish in-flight requests,
 * stop the worker, close the pools.
 */
export async function startServer(config: AppConfig) {
  await migrate(config.DATABASE_URL, { caFile: config.DATABASE_CA_FILE });
  const app = await buildApp(config);
  if (config.SIGMA_ADMIN_EMAIL && config.SIGMA_ADMIN_PASSWORD) {
    const result = await ensureAdmin(app.db.write, config.SIGMA_ADMIN_EMAIL, config.SIGMA_ADMIN_PASSWORD);
    app.log.info({ result }, 'bootstrap admin ensured');
  }
  const stopWorker = startOutboxWorker(app.db.write, createMailer(config, app.log), app.log);
  app.addHook('onClose', async () => stopWorker());

  let closing = false;
  const shutdown = (signal: string) => {
    if (closing) return;
    closing = true;
    app.log.info({ signal }, 'shutting down');
    setTimeout(() => {
      app.log.error('graceful shutdown timed out');
      process.exit(1);
    }, SHUTDOWN_GRACE_MS).unref();
    app.close().then(
      () => process.exit(0),
      (error) => {
        app.log.error({ err: error }, 'error during shutdown');
        process.exit(1);
      },
    );
  };
  process.once('SIGTERM', () => shutdown('SIGTERM'));
  process.once('SIGINT', () => shutdown('SIGINT'));

  await app.listen({ host: config.HOST, port: config.PORT });
  // PM2 `wait_ready`: the new worker takes traffic only once it listens, so a reload never drops requests. One
  // load-shedding sample interval first: the sample that includes startup (schema compilation) would shed requests.
  setTimeout(() => process.send?.('ready'), 1_100).unref();
  return app;
}

/** Exits non-zero with the offending variables named, for a bad environment. */
export function exitOnConfigError(error: unknown): never {
  if (error instanceof ConfigError) {
    process.stderr.write(`${error.message}\n`);
  } else {
    process.stderr.write(`startup failed: ${(error as Error).stack ?? String(error)}\n`);
  }
  process.exit(1);
}

if (require.main === module) {
  try {
    const env = loadEnv();
    if (!env.DATABASE_URL) {
      throw new ConfigError('Invalid application environment', [
        {
          field: 'DATABASE_URL',
          message: 'is required (use `pnpm dev` for an embedded development database)',
        },
      ]);
    }
    startServer({ ...env, DATABASE_URL: env.DATABASE_URL }).catch(exitOnConfigError);
  } catch (error) {
    exitOnConfigError(error);
  }
}
