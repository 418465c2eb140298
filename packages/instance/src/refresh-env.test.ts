import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { parseEnv } from 'node:util';
import { APP_ENV_NAMES } from '@sigma-pli/config';
import { afterAll, describe, expect, it } from 'vitest';

/** The boot helper the user data installs on the instance (plain CommonJS, shipped in `boot/`). */
const refreshEnv = createRequire(__filename)('../boot/refresh-env.js') as {
  parseKeyValueLines(text: string): Record<string, string>;
  buildAppEnv(
    boot: Record<string, string>,
    publicEnv: Record<string, string>,
    readSecret: (arn: string) => string,
  ): Record<string, string>;
  formatEnvFile(env: Record<string, string>): string;
  writeIfChanged(file: string, content: string, owner?: string): boolean;
};

// Obviously fake credentials with every character that needs URL-encoding.
const FAKE_PASSWORD = 'fake:p@ss/w?rd#%&+ "quoted"';
const secrets: Record<string, string> = {
  'arn:fake:database': JSON.stringify({ username: 'sigma admin', password: FAKE_PASSWORD }),
  'arn:fake:redis': 'fake-redis-token/+=\n',
  'arn:fake:admin': JSON.stringify({
    SIGMA_ADMIN_EMAIL: 'admin@example.com',
    SIGMA_ADMIN_PASSWORD: 'fake password 123',
  }),
};
const readSecret = (arn: string) => {
  const value = secrets[arn];
  if (value === undefined) throw new Error(`unknown secret ${arn}`);
  return value;
};

const boot = refreshEnv.parseKeyValueLines(
  [
    '# boot config',
    'REGION=us-east-1',
    'DATABASE_HOST=db.example.internal',
    'DATABASE_PORT=5432',
    'DATABASE_NAME=sigma_pli',
    'DATABASE_READ_HOST=replica.example.internal',
    'DATABASE_CA_FILE=/nonexistent/ca.pem',
    'REDIS_HOST=cache.example.internal',
    'REDIS_PORT=6379',
    'REDIS_TLS=true',
    'DATABASE_SECRET_ARN=arn:fake:database',
    'REDIS_AUTH_SECRET_ARN=arn:fake:redis',
    'ADMIN_BOOTSTRAP_SECRET_ARN=arn:fake:admin',
    `APP_ENV_NAMES=${APP_ENV_NAMES.join(',')}`,
  ].join('\n'),
);
const publicEnv = { NODE_ENV: 'production', PORT: '3000', MAIL_FROM: 'SIGMA-PLI <no@example.com>' };

describe('refresh-env (instance boot helper)', () => {
  const env = refreshEnv.buildAppEnv(boot, publicEnv, readSecret);

  it('builds DATABASE_URL and DATABASE_READ_URL with URL-encoded credentials', () => {
    const url = new URL(env.DATABASE_URL!);
    expect(url.protocol).toBe('postgresql:');
    expect(decodeURIComponent(url.username)).toBe('sigma admin');
    expect(decodeURIComponent(url.password)).toBe(FAKE_PASSWORD);
    expect(url.host).toBe('db.example.internal:5432');
    expect(url.pathname).toBe('/sigma_pli');
    expect(new URL(env.DATABASE_READ_URL!).hostname).toBe('replica.example.internal');
    expect(env.DATABASE_CA_FILE).toBeUndefined();
  });

  it('builds a TLS REDIS_URL from the bare auth token, and admin variables from their JSON secret', () => {
    const url = new URL(env.REDIS_URL!);
    expect(url.protocol).toBe('rediss:');
    expect(decodeURIComponent(url.password)).toBe('fake-redis-token/+=');
    expect(env.SIGMA_ADMIN_EMAIL).toBe('admin@example.com');
    expect(env.MAIL_FROM).toBe(publicEnv.MAIL_FROM);
  });

  it('skips an admin secret still empty, and refuses secrets or variables the app does not know', () => {
    const empty = refreshEnv.buildAppEnv(boot, publicEnv, (arn) =>
      arn === 'arn:fake:admin' ? '{}' : readSecret(arn),
    );
    expect(empty.SIGMA_ADMIN_EMAIL).toBeUndefined();
    expect(() => refreshEnv.buildAppEnv(boot, { SURPRISE: '1' }, readSecret)).toThrow(/SURPRISE/);
    expect(() =>
      refreshEnv.buildAppEnv(boot, publicEnv, (arn) =>
        arn === 'arn:fake:database' ? 'not json' : readSecret(arn),
      ),
    ).toThrow(/DATABASE_SECRET_ARN is not a JSON object/);
    expect(() => refreshEnv.buildAppEnv({ ...boot, DATABASE_SECRET_ARN: '' }, publicEnv, readSecret)).toThrow(
      /DATABASE_SECRET_ARN is missing/,
    );
  });

  it('writes an env file that Node reads back exactly', () => {
    expect(parseEnv(refreshEnv.formatEnvFile(env))).toEqual(env);
    expect(() => refreshEnv.formatEnvFile({ BAD: "it's" })).toThrow(/BAD/);
  });

  describe('writeIfChanged', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'sigma-refresh-env-'));
    afterAll(() => rmSync(dir, { recursive: true, force: true }));

    it('writes mode 0600 and reports whether the content changed', () => {
      const file = path.join(dir, 'app.env');
      expect(refreshEnv.writeIfChanged(file, 'A=1\n')).toBe(true);
      expect(statSync(file).mode & 0o777).toBe(0o600);
      expect(refreshEnv.writeIfChanged(file, 'A=1\n')).toBe(false);
      expect(refreshEnv.writeIfChanged(file, 'A=2\n')).toBe(true);
      expect(readFileSync(file, 'utf8')).toBe('A=2\n');
    });
  });
});
