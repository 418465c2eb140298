import { type AppEnv, parseAppEnv } from '@sigma-pli/config';
import { type App, type BuildOptions, buildApp } from '../../src/app';
import { createTestDatabase } from './database';

export interface TestAppOptions {
  /** Environment overrides (strings, as the process environment would hold them). */
  env?: Record<string, string>;
  /** Use this database instead of a fresh one (e.g. a second app on the same data). */
  databaseUrl?: string;
  onRoute?: BuildOptions['onRoute'];
  /** Logger options (default: no logging). */
  logger?: BuildOptions['logger'];
}

/**
 * A fully wired app (every plugin and route, real PostgreSQL) on a fresh database of its own, ready for
 * `app.inject`; its database is `app.config.DATABASE_URL`. Close it in `afterAll`. Rate limits are high by default so suites are not throttled; tests of the
 * limits set their own.
 */
export async function buildTestApp(options: TestAppOptions = {}): Promise<App> {
  const databaseUrl = options.databaseUrl ?? (await createTestDatabase());
  const env: AppEnv = parseAppEnv({
    NODE_ENV: 'test',
    LOG_LEVEL: 'silent',
    RATE_LIMIT_PER_MINUTE: '100000',
    SENSITIVE_RATE_LIMIT_PER_MINUTE: '100000',
    DATABASE_POOL_MAX: '4',
    TRUST_PROXY_HOPS: '1',
    // Test workers share two busy cores: event-loop delay there says nothing about the app (load-shedding.test.ts
    // turns it back on to test it).
    MAX_EVENT_LOOP_DELAY_MS: '0',
    ...options.env,
    DATABASE_URL: databaseUrl,
  });
  const app = await buildApp(
    { ...env, DATABASE_URL: databaseUrl },
    { logger: options.logger ?? false, onRoute: options.onRoute },
  );
  await app.ready();
  return app;
}
