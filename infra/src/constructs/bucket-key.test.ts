import { describe, expect, it } from 'vitest';
import { onlyResource, parsePolicy, synthConstruct } from '../test-support/synth-json';
import { AwsContext } from './aws-context';
import { BucketKey } from './bucket-key';

describe('BucketKey', () => {
  const json = synthConstruct((stack) => {
    const context = new AwsContext(stack, 'context', { region: 'us-east-1' });
    new BucketKey(stack, 'key', {
      context,
      alias: 'example-bucket',
      description: 'example',
      statements: [
        {
          Sid: 'Extra',
          Effect: 'Allow',
          Principal: { Service: 's3.amazonaws.com' },
          Action: 'kms:Decrypt',
          Resource: '*',
        },
      ],
    });
  });
  const key = onlyResource(json, 'aws_kms_key');

  it('rotates yearly, waits 30 days before deletion, and cannot be destroyed by Terraform', () => {
    expect(key).toMatchObject({
      enable_key_rotation: true,
      deletion_window_in_days: 30,
      lifecycle: { prevent_destroy: true },
    });
  });

  it('delegates to IAM through the account root first, then adds the given statements', () => {
    const statements = parsePolicy(key.policy).Statement;
    expect(statements.map((statement) => statement.Sid)).toEqual([
      'AccountAdministersAndDelegatesThroughIam',
      'Extra',
    ]);
    expect(statements[0]?.Action).toBe('kms:*');
  });

  it('is named by its alias', () => {
    const alias = onlyResource(json, 'aws_kms_alias');
    expect(alias.name).toBe('alias/example-bucket');
    expect(String(alias.target_key_id)).toMatch(/^\$\{aws_kms_key\.\w+\.key_id\}$/);
  });
});
