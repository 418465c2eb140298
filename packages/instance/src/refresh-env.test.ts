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
    readSecret: (arn: string, versionStage?: string) => string | undefined,
    warn?: (message: string) => void,
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
  'arn:fake:session': 'fake-session-secret-current-0123456789',
  'arn:fake:integrations': JSON.stringify({
    SMTP_URL: 'smtps://fake-user:fake-pass@smtp.example.com:465',
    MAIL_FROM: 'someone-else@example.com',
    NOT_AN_APP_VARIABLE: 'fake-value-never-logged',
  }),
};
/** Versions before the last rotation (Secrets Manager's AWSPREVIOUS stage). */
const previousSecrets: Record<string, string> = {
  'arn:fake:session': 'fake-session-secret-previous-0123456789',
};
const readSecret = (arn: string, versionStage?: string) => {
  if (versionStage === 'AWSPREVIOUS') return previousSecrets[arn];
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
    'SESSION_SECRET_ARN=arn:fake:session',
    'INTEGRATIONS_SECRET_ARN=arn:fake:integrations',
    `APP_ENV_NAMES=${APP_ENV_NAMES.join(',')}`,
  ].join('\n'),
);
const publicEnv = { NODE_ENV: 'production', PORT: '3000', MAIL_FROM: 'SIGMA-PLI <no@example.com>' };

describe('refresh-env (instance boot helper)', () => {
  const warnings: string[] = [];
  const env = refreshEnv.buildAppEnv(boot, publicEnv, readSecret, (message) => warnings.push(message));

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

  it('sets SESSION_SECRET from the current version and SESSION_SECRET_PREVIOUS from the one before', () => {
    expect(env.SESSION_SECRET).toBe(secrets['arn:fake:session']);
    expect(env.SESSION_SECRET_PREVIOUS).toBe(previousSecrets['arn:fake:session']);
    const neverRotated = refreshEnv.buildAppEnv(boot, publicEnv, (arn, stage) =>
      stage === 'AWSPREVIOUS' ? undefined : readSecret(arn),
    );
    expect(neverRotated.SESSION_SECRET).toBe(secrets['arn:fake:session']);
    expect(neverRotated).not.toHaveProperty('SESSION_SECRET_PREVIOUS');
    expect(() =>
      refreshEnv.buildAppEnv(boot, publicEnv, (arn, stage) =>
        arn === 'arn:fake:session' ? undefined : readSecret(arn, stage),
      ),
    ).toThrow(/SESSION_SECRET_ARN has no value/);
  });

  it('adds app variables from the integrations secret; skips unknown or already-set names, logging names only', () => {
    expect(env.SMTP_URL).toBe('smtps://fake-user:fake-pass@smtp.example.com:465');
    expect(env.MAIL_FROM).toBe(publicEnv.MAIL_FROM);
    expect(env).not.toHaveProperty('NOT_AN_APP_VARIABLE');
    expect(warnings).toEqual([
      expect.stringMatching(/skipped MAIL_FROM \(set by the stage or the instance\)/),
      expect.stringMatching(/skipped NOT_AN_APP_VARIABLE \(not an app variable\)/),
    ]);
    expect(warnings.join('\n')).not.toContain('fake-value-never-logged');
    expect(warnings.join('\n')).not.toContain('someone-else@example.com');
    for (const unfilledValue of ['', '{}', undefined]) {
      const unfilled = refreshEnv.buildAppEnv(boot, publicEnv, (arn, stage) =>
        arn === 'arn:fake:integrations' && !stage ? unfilledValue : readSecret(arn, stage),
      );
      expect(unfilled).not.toHaveProperty('SMTP_URL');
    }
    expect(() =>
      refreshEnv.buildAppEnv(boot, publicEnv, (arn, stage) =>
        arn === 'arn:fake:integrations' && !stage ? '["SMTP_URL"]' : readSecret(arn, stage),
      ),
    ).toThrow(/INTEGRATIONS_SECRET_ARN is not a JSON object/);
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
