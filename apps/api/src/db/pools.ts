import { readFileSync } from 'node:fs';
import pg from 'pg';

// Dates (no time) stay 'YYYY-MM-DD' strings instead of becoming local-midnight Date objects.
pg.types.setTypeParser(pg.types.builtins.DATE, (value) => value);
// COUNT(*) and bigint ids fit comfortably in a JS number at this system's scale.
pg.types.setTypeParser(pg.types.builtins.INT8, (value) => Number.parseInt(value, 10));

export interface PoolSettings {
  connectionString: string;
  max: number;
  /** Upper bound for any single statement; a runaway query fails instead of holding a connection. */
  statementTimeoutMs: number;
  caFile?: string | undefined;
  applicationName: string;
}

/** Connection settings shared by pools and one-off clients: verified TLS when a CA bundle is configured. */
export function connectionConfig(connectionString: string, caFile?: string): pg.ClientConfig {
  return {
    connectionString,
    ...(caFile ? { ssl: { ca: readFileSync(caFile, 'utf8'), rejectUnauthorized: true } } : {}),
  };
}

export function createPool(settings: PoolSettings): pg.Pool {
  const pool = new pg.Pool({
    ...connectionConfig(settings.connectionString, settings.caFile),
    max: settings.max,
    idleTimeoutMillis: 30_000,
    connectionTimeoutMillis: 2_000,
    statement_timeout: settings.statementTimeoutMs,
    application_name: settings.applicationName,
  });
  // A client losing its connection (database restart, failover) must not crash the process. Idle clients report
  // through the pool; a checked-out client also emits 'error' on itself, before its pending query fails — that query's
  // rejection is what the request sees (503), and the pool discards the broken client on release.
  pool.on('error', () => {});
  pool.on('connect', (client) => client.on('error', () => {}));
  return pool;
}

/** Runs `fn` in a transaction on a client of `pool`; commits on success, rolls back on any error. */
export async function inTransaction<T>(pool: pg.Pool, fn: (client: pg.PoolClient) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    const result = await fn(client);
    await client.query('COMMIT');
    return result;
  } catch (error) {
    await client.query('ROLLBACK').catch(() => {});
    throw error;
  } finally {
    client.release();
  }
}

const CONNECTION_ERROR_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'ENOTFOUND',
  'EPIPE',
  'EHOSTUNREACH',
]);

/**
 * True for errors that mean "the database is not reachable right now" rather than "this query is wrong":
 * network failures, pool connect timeouts, and PostgreSQL's connection-exception / shutdown / overload classes.
 */
export function isDatabaseUnavailable(error: unknown): boolean {
  if (!error || typeof error !== 'object') return false;
  const { code, message } = error as { code?: unknown; message?: unknown };
  if (typeof code === 'string') {
    if (CONNECTION_ERROR_CODES.has(code)) return true;
    if (
      code.startsWith('08') ||
      code === '57P01' ||
      code === '57P02' ||
      code === '57P03' ||
      code === '53300'
    ) {
      return true;
    }
  }
  if (typeof message === 'string') {
    return /Connection terminated|timeout exceeded when trying to connect|connect ECONNREFUSED|Client has encountered a connection error/i.test(
      message,
    );
  }
  if (error instanceof AggregateError) return error.errors.some(isDatabaseUnavailable);
  return false;
}

/** Anything that runs a query: a pool, or a client inside a transaction. Repositories take this. */
export type Queryable = Pick<pg.ClientBase, 'query'>;
