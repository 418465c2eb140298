import { KmsKey } from '@cdktf/provider-aws/lib/kms-key';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  resourcesOf,
  type SynthJson,
  stageNamed,
  synthConstruct,
  testAccount,
  tfRef,
} from '../test-support/synth-json';
import { AppSecrets } from './app-secrets';

function synthSecrets(stageName: string, generation = 1): SynthJson {
  const base = stageNamed(stageName);
  const stage = { ...base, secrets: { ...base.secrets, generatedSecretsGeneration: generation } };
  return synthConstruct((stack) => {
    const key = new KmsKey(stack, 'key', {});
    new AppSecrets(stack, 'secrets', { account: testAccount(), stage, key });
  });
}

describe('AppSecrets', () => {
  let mvp: SynthJson;
  let production: SynthJson;
  beforeAll(() => {
    mvp = synthSecrets('mvp');
    production = synthSecrets('production', 3);
  });

  it('creates the stage secrets under the stage path, KMS-encrypted with a recovery window', () => {
    const secrets = Object.values(resourcesOf(production, 'aws_secretsmanager_secret'));
    expect(secrets.map((secret) => secret.name).sort()).toEqual([
      'sigma-pli/production/admin-bootstrap',
      'sigma-pli/production/integrations',
      'sigma-pli/production/redis-auth',
      'sigma-pli/production/session-signing',
    ]);
    for (const secret of secrets) {
      expect(secret.kms_key_id).toBe(tfRef('aws_kms_key.key.arn'));
      expect(secret.recovery_window_in_days).toBe(30);
    }
  });

  it('creates a Redis auth token only where the stage has a cache', () => {
    const names = Object.values(resourcesOf(mvp, 'aws_secretsmanager_secret')).map((secret) => secret.name);
    expect(names).not.toContain('sigma-pli/mvp/redis-auth');
    expect(names).toHaveLength(3);
  });

  it('writes generated values only through write-only arguments fed by ephemeral passwords', () => {
    const versions = Object.values(resourcesOf(production, 'aws_secretsmanager_secret_version'));
    expect(versions).toHaveLength(2);
    const ephemeral = production.ephemeral?.aws_secretsmanager_random_password ?? {};
    for (const version of versions) {
      expect(version).not.toHaveProperty('secret_string');
      expect(version).not.toHaveProperty('secret_binary');
      expect(version.secret_string_wo_version).toBe(3);
      const match = /^\$\{ephemeral\.aws_secretsmanager_random_password\.([\w-]+)\.random_password\}$/.exec(
        String(version.secret_string_wo),
      );
      expect(match?.[1] && ephemeral[match[1]]).toMatchObject({ password_length: 64 });
    }
    expect(
      Object.values(ephemeral)
        .map((password) => password.exclude_punctuation)
        .sort(),
    ).toEqual([true, true]);
  });

  it('declares no output and no data source that could carry a secret value', () => {
    expect(production.output).toBeUndefined();
    expect(production.data).toBeUndefined();
  });
});
