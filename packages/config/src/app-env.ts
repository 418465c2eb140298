import { randomBytes } from 'node:crypto';
import { type Static, Type } from '@sinclair/typebox';
import { Value } from '@sinclair/typebox/value';
import { ConfigError, schemaIssues } from './errors';

const Url = (protocols: string) => Type.String({ pattern: `^(${protocols})://\\S+$` });

/**
 * The application's environment: one schema that the app validates at boot and the infrastructure writes on the
 * instances, so both agree on every variable name. Defaults are for development; production sets them explicitly.
 */
export const AppEnvSchema = Type.Object({
  NODE_ENV: Type.Union([Type.Literal('development'), Type.Literal('test'), Type.Literal('production')], {
    default: 'development',
  }),
  HOST: Type.String({ default: '127.0.0.1', minLength: 1 }),
  PORT: Type.Integer({ default: 3000, minimum: 1, maximum: 65535 }),
  LOG_LEVEL: Type.Union(
    ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'].map((level) => Type.Literal(level)),
    { default: 'info' },
  ),
  /** Primary (read-write) PostgreSQL; absent in development, where an embedded PostgreSQL is started. */
  DATABASE_URL: Type.Optional(Url('postgres|postgresql')),
  /** Read replica for reports and list queries; falls back to DATABASE_URL. */
  DATABASE_READ_URL: Type.Optional(Url('postgres|postgresql')),
  DATABASE_POOL_MAX: Type.Integer({ default: 10, minimum: 1, maximum: 200 }),
  /** PEM bundle that signs the database's certificate (the RDS CA); enables verified TLS to the database. */
  DATABASE_CA_FILE: Type.Optional(Type.String({ minLength: 1 })),
  /** Session cache and rate-limit store; sessions stay correct without it. */
  REDIS_URL: Type.Optional(Url('redis|rediss')),
  /** Public origin used in e-mailed links, e.g. https://www.sigma-pli.com.br. */
  /** The stage this instance belongs to (the Stage dimension of the business metrics); `local` off AWS. */
  STAGE: Type.String({ default: 'local', pattern: '^[a-z][a-z0-9-]{1,30}$' }),
  PUBLIC_URL: Type.String({ default: 'http://localhost:3000', pattern: '^https?://\\S+$' }),
  /** Comma-separated origins allowed by CORS; empty means same-origin only. */
  CORS_ORIGINS: Type.String({ default: '' }),
  /** Proxy hops to trust for the client IP: Nginx on the instance and the ALB in front of it. */
  TRUST_PROXY_HOPS: Type.Integer({ default: 1, minimum: 0, maximum: 5 }),
  REQUEST_TIMEOUT_MS: Type.Integer({ default: 10_000, minimum: 100 }),
  BODY_LIMIT_BYTES: Type.Integer({ default: 1_048_576, minimum: 1024 }),
  /** Requests per minute per client IP across the API (health checks excluded); shared via Redis when configured. */
  RATE_LIMIT_PER_MINUTE: Type.Integer({ default: 300, minimum: 1 }),
  /** Stricter per-IP limit for the account endpoints anyone can hit (registration, password reset, verification). */
  SENSITIVE_RATE_LIMIT_PER_MINUTE: Type.Integer({ default: 10, minimum: 1 }),
  /** Sliding session expiry: a session idle this long ends. */
  SESSION_IDLE_MINUTES: Type.Integer({ default: 30, minimum: 1 }),
  /** Absolute session lifetime, whatever the activity. */
  SESSION_MAX_HOURS: Type.Integer({ default: 12, minimum: 1 }),
  /**
   * Signs the session cookie (HMAC), so forged cookies are refused before any session lookup. Required in
   * production; in development and test a random value is generated once per process (sessions end on restart).
   */
  SESSION_SECRET: Type.Optional(Type.String({ minLength: 32 })),
  /** The secret before the last rotation: still accepted to verify cookies, never used to sign. */
  SESSION_SECRET_PREVIOUS: Type.Optional(Type.String({ minLength: 32 })),
  /** Load shedding: above this mean event-loop delay the API answers 503 instead of queueing more work; 0 disables. */
  MAX_EVENT_LOOP_DELAY_MS: Type.Integer({ default: 1_000, minimum: 0 }),
  SMTP_URL: Type.Optional(Url('smtp|smtps')),
  MAIL_FROM: Type.String({ default: 'SIGMA-PLI <nao-responda@sigma-pli.example.com>' }),
  SIGMA_ADMIN_EMAIL: Type.Optional(Type.String({ pattern: '^[^\\s@]+@[^\\s@]+\\.[^\\s@]+$' })),
  SIGMA_ADMIN_PASSWORD: Type.Optional(Type.String({ minLength: 10 })),
  /** The built web pages (`@sigma-pli/web`'s dist); defaults to apps/web/dist next to the app. */
  WEB_DIST_DIR: Type.Optional(Type.String({ minLength: 1 })),
  /** CloudWatch RUM web client settings (production); the pages load no monitor when absent. */
  RUM_APP_MONITOR_ID: Type.Optional(Type.String({ minLength: 1 })),
  RUM_IDENTITY_POOL_ID: Type.Optional(Type.String({ minLength: 1 })),
  AWS_REGION: Type.Optional(Type.String({ minLength: 1 })),
});
/** The validated environment: SESSION_SECRET is always set (generated outside production). */
export type AppEnv = Static<typeof AppEnvSchema> & { SESSION_SECRET: string };

/** Every variable the application reads; the instance's environment file may contain only these. */
export const APP_ENV_NAMES = Object.keys(AppEnvSchema.properties) as (keyof AppEnv)[];

/**
 * Variables the instance boot script resolves from AWS before starting the app (never written into user data):
 * each holds the ARN of a Secrets Manager secret whose value becomes part of the app's environment.
 */
export const INSTANCE_SECRET_REFERENCES = {
  DATABASE_SECRET_ARN: 'RDS-managed master credentials, combined with the endpoint into DATABASE_URL',
  REDIS_AUTH_SECRET_ARN: 'ElastiCache auth token, combined with the endpoint into REDIS_URL',
  ADMIN_BOOTSTRAP_SECRET_ARN: 'optional SIGMA_ADMIN_EMAIL / SIGMA_ADMIN_PASSWORD for the first deployment',
  SESSION_SECRET_ARN:
    'generated session-signing key: its current version becomes SESSION_SECRET, its previous one SESSION_SECRET_PREVIOUS',
  INTEGRATIONS_SECRET_ARN:
    'operator-filled JSON object of app variables (e.g. SMTP_URL); names outside APP_ENV_NAMES are refused',
} as const;

/** Outside production: one random session secret per process, so apps built in the same process share it. */
const PROCESS_SESSION_SECRET = randomBytes(32).toString('base64url');

/**
 * Validates the environment and applies defaults. Empty strings count as unset. Throws a ConfigError that names
 * every bad variable; nothing from `env` other than the schema's keys is returned.
 */
export function parseAppEnv(env: NodeJS.ProcessEnv = process.env): AppEnv {
  const present: Record<string, string> = {};
  for (const name of APP_ENV_NAMES) {
    const value = env[name];
    if (value !== undefined && value !== '') present[name] = value;
  }
  const candidate = Value.Default(AppEnvSchema, Value.Convert(AppEnvSchema, present));
  const issues = schemaIssues(AppEnvSchema, candidate);
  const parsed = candidate as Static<typeof AppEnvSchema>;
  if (parsed.NODE_ENV === 'production') {
    for (const name of ['DATABASE_URL', 'SESSION_SECRET'] as const) {
      if (!parsed[name]) issues.push({ field: name, message: 'is required in production' });
    }
  }
  if (issues.length > 0) throw new ConfigError('Invalid application environment', issues);
  return { ...parsed, SESSION_SECRET: parsed.SESSION_SECRET ?? PROCESS_SESSION_SECRET };
}
