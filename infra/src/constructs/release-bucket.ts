import type { AccountSettings } from '@sigma-pli/config';
import { Construct } from 'constructs';
import type { AwsContext } from './aws-context';
import { BucketKey } from './bucket-key';
import { PrivateBucket } from './private-bucket';

export interface ReleaseBucketProps {
  account: AccountSettings;
  context: AwsContext;
  accessLogBucket: string;
}

/**
 * App release tarballs, built once per commit and promoted through the stages. Instances of every stage read
 * them at boot: the key lets any principal of this account decrypt through S3 (so a stage's instance role needs
 * only `s3:GetObject` on `releases/*`, and stage stacks need not know this key), and nothing else.
 */
export class ReleaseBucket extends Construct {
  readonly bucketName: string;
  readonly bucketArn: string;
  readonly keyArn: string;

  constructor(scope: Construct, id: string, props: ReleaseBucketProps) {
    super(scope, id);
    const { account, context } = props;
    const key = new BucketKey(this, 'key', {
      context,
      alias: `${account.project}-releases`,
      description: `${account.project}: app release artifacts`,
      statements: [
        {
          Sid: 'AccountPrincipalsDecryptThroughS3',
          Effect: 'Allow',
          Principal: { AWS: '*' },
          Action: ['kms:Decrypt', 'kms:DescribeKey'],
          Resource: '*',
          Condition: {
            StringEquals: {
              'kms:CallerAccount': context.accountId,
              'kms:ViaService': `s3.${context.region}.amazonaws.com`,
            },
          },
        },
      ],
    });
    const { bucket } = new PrivateBucket(this, 'bucket', {
      bucketName: account.releaseBucket,
      kmsKeyArn: key.arn,
      // Release objects are never overwritten (one key per commit); old versions exist only after a mistake.
      noncurrentVersionExpireAfterDays: 30,
      accessLogs: { bucket: props.accessLogBucket, prefix: `${account.releaseBucket}/` },
      preventDestroy: true,
    });
    this.bucketName = bucket.bucket;
    this.bucketArn = bucket.arn;
    this.keyArn = key.arn;
  }
}
