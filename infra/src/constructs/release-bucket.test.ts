import { describe, expect, it } from 'vitest';
import { onlyResource, parsePolicy, synthConstruct, testAccount } from '../test-support/synth-json';
import { AwsContext } from './aws-context';
import { ReleaseBucket } from './release-bucket';

describe('ReleaseBucket', () => {
  const account = testAccount();
  const json = synthConstruct((stack) => {
    const context = new AwsContext(stack, 'context', { region: 'us-east-1' });
    new ReleaseBucket(stack, 'release', { account, context, accessLogBucket: 'release-access-logs' });
  });

  it('is the account release bucket, KMS-encrypted, protected from destroy', () => {
    expect(onlyResource(json, 'aws_s3_bucket')).toMatchObject({
      bucket: account.releaseBucket,
      lifecycle: { prevent_destroy: true },
    });
    expect(onlyResource(json, 'aws_kms_alias').name).toBe('alias/sigma-pli-releases');
  });

  it("lets only this account's principals decrypt, and only through S3 in the bucket's region", () => {
    const statements = parsePolicy(onlyResource(json, 'aws_kms_key').policy).Statement;
    const throughS3 = statements.find((statement) => statement.Sid === 'AccountPrincipalsDecryptThroughS3');
    expect(throughS3).toMatchObject({
      Effect: 'Allow',
      Action: ['kms:Decrypt', 'kms:DescribeKey'],
      Condition: {
        StringEquals: {
          'kms:CallerAccount': expect.stringMatching(/^\$\{data\.aws_caller_identity\.\w+\.account_id\}$/),
          'kms:ViaService': 's3.us-east-1.amazonaws.com',
        },
      },
    });
    expect(statements.map((statement) => statement.Sid)).toEqual([
      'AccountAdministersAndDelegatesThroughIam',
      'AccountPrincipalsDecryptThroughS3',
    ]);
  });
});
