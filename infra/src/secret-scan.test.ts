import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadPlatformConfig } from '@sigma-pli/config';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from './app';

/** A string value of the synthesized JSON and where it sits (`resource.aws_db_instance.x.password`). */
interface Leaf {
  path: string;
  key: string;
  value: unknown;
}

/** Attribute names that would hold a credential if they held a literal value. */
const SECRET_KEY = /(password|passwd|secret|token|private_key|api_key|access_key|credential)/i;
/** Attributes named like secrets that carry settings, not secret values. */
const SETTING_KEYS = new Set([
  'manage_master_user_password',
  'auth_token_update_strategy',
  'secret_string_wo_version',
  'exclude_punctuation',
  'password_length',
  // IMDSv2 session tokens: `required`.
  'http_tokens',
  'description',
  'name',
  'comment',
]);
/** Credential formats no synthesized value may contain (AWS keys, private keys, tokens, URLs with credentials). */
const SECRET_PATTERNS: Record<string, RegExp> = {
  'AWS access key id': /\b(AKIA|ASIA)[0-9A-Z]{16}\b/,
  'private key': /-----BEGIN [A-Z ]*PRIVATE KEY-----/,
  'GitHub token': /\bgh[pousr]_[A-Za-z0-9]{36}\b/,
  'Slack token': /\bxox[abprs]-[A-Za-z0-9-]{10,}/,
  'URL with credentials': /\b[a-z][a-z0-9+.-]*:\/\/[^/\s:@${}]+:[^/\s@${}]+@/i,
  'quoted secret literal': /\b(password|passwd|secret|token)["']?\s*[=:]\s*["'][^"'\s${}]{8,}["']/i,
  'environment secret assignment':
    /^\s*(export\s+)?[A-Z0-9_]*(PASSWORD|SECRET|TOKEN)[A-Z0-9_]*=(?!arn:)[^\s$"'`{}]{8,}/m,
};
/** A value that is one Terraform reference, e.g. `${aws_db_instance.x.master_user_secret[0].secret_arn}`. */
const PURE_REFERENCE = /^\$\{[^}]+\}$/;

function leaves(value: unknown, path: string, key = ''): Leaf[] {
  if (Array.isArray(value)) return value.flatMap((item, index) => leaves(item, `${path}[${index}]`, key));
  if (value !== null && typeof value === 'object') {
    return Object.entries(value).flatMap(([child, item]) => leaves(item, `${path}.${child}`, child));
  }
  return [{ path, key, value }];
}

/** The texts a value carries: itself and, for base64 (user data), its decoded form. */
function texts(value: string): string[] {
  const decoded = /^[A-Za-z0-9+/]{40,}={0,2}$/.test(value)
    ? Buffer.from(value, 'base64').toString('utf8')
    : '';
  return decoded ? [value, decoded] : [value];
}

describe('synthesized stacks carry no secret', () => {
  const stacks = new Map<string, unknown>();
  beforeAll(() => {
    const outdir = mkdtempSync(join(tmpdir(), 'sigma-secret-scan-'));
    buildApp(loadPlatformConfig({ env: {}, file: {} }), outdir).synth();
    for (const stack of readdirSync(join(outdir, 'stacks'))) {
      stacks.set(stack, JSON.parse(readFileSync(join(outdir, 'stacks', stack, 'cdk.tf.json'), 'utf8')));
    }
  });

  it('synthesizes every stage', () => {
    expect([...stacks.keys()].sort()).toEqual(
      expect.arrayContaining(['sigma-pli-growth', 'sigma-pli-mvp', 'sigma-pli-production']),
    );
  });

  it('gives every secret-named attribute a reference or a setting, never a literal value', () => {
    const literals = [...stacks].flatMap(([stack, json]) =>
      leaves(json, stack).filter(
        ({ key, value }) =>
          SECRET_KEY.test(key) &&
          !SETTING_KEYS.has(key) &&
          typeof value === 'string' &&
          !PURE_REFERENCE.test(value),
      ),
    );
    expect(literals).toEqual([]);
  });

  it('contains no value that looks like a credential, in plain text or in base64 user data', () => {
    const findings = [...stacks].flatMap(([stack, json]) =>
      leaves(json, stack).flatMap(({ path, value }) =>
        typeof value === 'string'
          ? texts(value).flatMap((text) =>
              Object.entries(SECRET_PATTERNS)
                .filter(([, pattern]) => pattern.test(text))
                .map(([kind]) => `${kind} at ${path}`),
            )
          : [],
      ),
    );
    expect(findings).toEqual([]);
  });

  it('declares no Terraform output that exposes a secret attribute', () => {
    for (const [stack, json] of stacks) {
      const outputs = JSON.stringify((json as { output?: unknown }).output ?? {});
      expect(outputs, stack).not.toMatch(
        /secret_string|password|auth_token|random_password|master_user_secret/,
      );
    }
  });

  it('sends generated values only into write-only arguments, and the database password nowhere', () => {
    for (const [stack, json] of stacks) {
      const uses = leaves(json, stack).filter(
        ({ value }) =>
          typeof value === 'string' && value.includes('ephemeral.aws_secretsmanager_random_password'),
      );
      for (const use of uses) expect(use.key, use.path).toMatch(/_wo$/);
      const databases = Object.values(
        (json as { resource?: Record<string, Record<string, Record<string, unknown>>> }).resource
          ?.aws_db_instance ?? {},
      );
      for (const database of databases) {
        expect(database).not.toHaveProperty('password');
        expect(database.publicly_accessible).toBe(false);
      }
    }
  });

  it('catches a literal password if one were synthesized (the scan itself works)', () => {
    const planted = { resource: { aws_db_instance: { db: { password: 'not-a-real-password-1' } } } };
    const literal = leaves(planted, 'planted').filter(
      ({ key, value }) => SECRET_KEY.test(key) && typeof value === 'string' && !PURE_REFERENCE.test(value),
    );
    expect(literal.map((leaf) => leaf.path)).toEqual(['planted.resource.aws_db_instance.db.password']);
    const url = 'postgres://sigma:hunter2hunter2@db.example.internal:5432/sigma';
    expect(SECRET_PATTERNS['URL with credentials']?.test(url)).toBe(true);
    const environment = SECRET_PATTERNS['environment secret assignment'];
    expect(environment?.test('SIGMA_ADMIN_PASSWORD=example-only-value\n')).toBe(true);
    expect(environment?.test('REDIS_AUTH_SECRET_ARN=arn:aws:secretsmanager:us-east-1:1:secret:x\n')).toBe(
      false,
    );
    const quoted = SECRET_PATTERNS['quoted secret literal'];
    expect(quoted?.test('{"password": "example-only-value"}')).toBe(true);
    expect(quoted?.test('{ password: readSecret(boot.REDIS_AUTH_SECRET_ARN) }')).toBe(false);
    expect(texts(Buffer.from(`DATABASE_URL=${url}\n`.repeat(2)).toString('base64')).join('\n')).toContain(
      url,
    );
  });
});
