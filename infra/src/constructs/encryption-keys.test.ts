import { beforeAll, describe, expect, it } from 'vitest';
import {
  parsePolicy,
  resourcesOf,
  type SynthJson,
  stageNamed,
  synthConstruct,
  testAccount,
} from '../test-support/synth-json';
import { AwsContext } from './aws-context';
import { EncryptionKeys } from './encryption-keys';

describe('EncryptionKeys', () => {
  let json: SynthJson;
  beforeAll(() => {
    json = synthConstruct((stack) => {
      const context = new AwsContext(stack, 'context', { region: 'us-east-1' });
      new EncryptionKeys(stack, 'keys', { account: testAccount(), stage: stageNamed('production'), context });
    });
  });

  it('creates three customer-managed keys with yearly rotation and a 30-day deletion window', () => {
    const keys = Object.values(resourcesOf(json, 'aws_kms_key'));
    expect(keys).toHaveLength(3);
    for (const key of keys) {
      expect(key.enable_key_rotation).toBe(true);
      expect(key.deletion_window_in_days).toBe(30);
    }
  });

  it('names each key by an alias of the stage', () => {
    const aliases = Object.values(resourcesOf(json, 'aws_kms_alias')).map((alias) => alias.name);
    expect(aliases.sort()).toEqual([
      'alias/sigma-pli-production-database',
      'alias/sigma-pli-production-secrets',
      'alias/sigma-pli-production-storage',
    ]);
  });

  it('lets the account administer every key through IAM', () => {
    for (const key of Object.values(resourcesOf(json, 'aws_kms_key'))) {
      const [root] = parsePolicy(key.policy).Statement;
      expect(JSON.stringify(root?.Principal)).toMatch(
        /^\{"AWS":"arn:\$\{data\.aws_partition\.[\w]+\.partition\}:iam::\$\{data\.aws_caller_identity\.[\w]+\.account_id\}:root"\}$/,
      );
      expect(root?.Action).toBe('kms:*');
    }
  });

  it('admits CloudWatch Logs, CloudTrail and alarm publishing on the storage key, scoped to the account', () => {
    const storage = Object.values(resourcesOf(json, 'aws_kms_key')).find((key) =>
      String(key.description).includes('storage'),
    );
    const statements = parsePolicy(storage?.policy).Statement;
    const byPrincipal = (service: string) =>
      statements.filter((statement) => JSON.stringify(statement.Principal).includes(service));
    expect(byPrincipal('logs.us-east-1.amazonaws.com')[0]?.Condition).toHaveProperty('ArnLike');
    expect(JSON.stringify(byPrincipal('cloudtrail.amazonaws.com'))).toContain(
      'kms:EncryptionContext:aws:cloudtrail:arn',
    );
    expect(byPrincipal('cloudwatch.amazonaws.com')[0]?.Condition).toHaveProperty([
      'StringEquals',
      'aws:SourceAccount',
    ]);
  });

  it('names no AWS service on the database and secrets keys (they are used through IAM roles only)', () => {
    const others = Object.values(resourcesOf(json, 'aws_kms_key')).filter(
      (key) => !String(key.description).includes('storage'),
    );
    for (const key of others) {
      expect(JSON.stringify(parsePolicy(key.policy).Statement)).not.toContain('Service');
    }
  });

  it('lets CloudFront decrypt static assets only where the stage serves them through CloudFront', () => {
    const storagePolicy = (json: SynthJson) =>
      Object.values(resourcesOf(json, 'aws_kms_key'))
        .filter((key) => String(key.description).includes('storage'))
        .map((key) => parsePolicy(key.policy).Statement.map((statement) => statement.Sid))[0];
    expect(storagePolicy(json)).toContain('CloudFrontDecryptsStaticAssetsOfThisAccount');
    const mvp = synthConstruct((stack) => {
      const context = new AwsContext(stack, 'context', { region: 'us-east-1' });
      new EncryptionKeys(stack, 'keys', { account: testAccount(), stage: stageNamed('mvp'), context });
    });
    expect(storagePolicy(mvp)).not.toContain('CloudFrontDecryptsStaticAssetsOfThisAccount');
  });
});
