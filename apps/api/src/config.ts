import { type AppEnv, parseAppEnv } from '@sigma-pli/config';

/** The validated environment once the database is known (development resolves it by starting PostgreSQL). */
export type AppConfig = AppEnv & { DATABASE_URL: string };

/** Validates the environment; throws a ConfigError naming every bad variable. */
export function loadEnv(env: NodeJS.ProcessEnv = process.env): AppEnv {
  return parseAppEnv(env);
}

export function withDatabase(env: AppEnv, databaseUrl: string): AppConfig {
  return { ...env, DATABASE_URL: databaseUrl };
}
