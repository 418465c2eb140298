import fp from 'fastify-plugin';
import type pg from 'pg';
import { createPool, inTransaction } from '../db/pools';

export interface Database {
  /** Primary: every write and anything that must read its own writes. */
  write: pg.Pool;
  /** Replica for reports and list queries; the primary itself when DATABASE_READ_URL is unset. */
  read: pg.Pool;
  /** Runs `fn` in a transaction on the primary. */
  transaction<T>(fn: (client: pg.PoolClient) => Promise<T>): Promise<T>;
}

declare module 'fastify' {
  interface FastifyInstance {
    db: Database;
  }
}

export default fp(
  async (app) => {
    const { config } = app;
    const common = {
      max: config.DATABASE_POOL_MAX,
      statementTimeoutMs: config.REQUEST_TIMEOUT_MS,
      caFile: config.DATABASE_CA_FILE,
    };
    const write = createPool({
      ...common,
      connectionString: config.DATABASE_URL,
      applicationName: 'sigma-pli-api',
    });
    const read = config.DATABASE_READ_URL
      ? createPool({
          ...common,
          connectionString: config.DATABASE_READ_URL,
          applicationName: 'sigma-pli-api-read',
        })
      : write;
    app.decorate('db', { write, read, transaction: (fn) => inTransaction(write, fn) } satisfies Database);
    app.addHook('onClose', async () => {
      await write.end();
      if (read !== write) await read.end();
    });
  },
  { name: 'db', dependencies: ['config'] },
);
