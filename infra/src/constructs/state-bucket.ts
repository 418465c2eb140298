import type { AccountSettings } from '@sigma-pli/config';
import { Construct } from 'constructs';
import type { AwsContext } from './aws-context';
import { BucketKey } from './bucket-key';
import { PrivateBucket } from './private-bucket';

export interface StateBucketProps {
  account: AccountSettings;
  context: AwsContext;
  /** Bucket receiving this bucket's S3 server access logs (who read or wrote which state, and when). */
  accessLogBucket: string;
}

/**
 * The remote Terraform state of every stage (`stages/<stage>/terraform.tfstate`), with its lock files: the S3
 * backend's `use_lockfile` writes `<key>.tflock` next to the state with a conditional PUT, so locking needs no
 * other resource. Versioned so a bad apply can be undone by restoring the previous state version; the newest 20
 * versions are always kept.
 */
export class StateBucket extends Construct {
  readonly bucketName: string;
  readonly bucketArn: string;
  readonly keyArn: string;

  constructor(scope: Construct, id: string, props: StateBucketProps) {
    super(scope, id);
    const { account, context } = props;
    const key = new BucketKey(this, 'key', {
      context,
      alias: `${account.project}-terraform-state`,
      description: `${account.project}: Terraform state of every stage`,
    });
    const { bucket } = new PrivateBucket(this, 'bucket', {
      bucketName: account.state.bucket,
      kmsKeyArn: key.arn,
      noncurrentVersionExpireAfterDays: 90,
      keepNewestNoncurrentVersions: 20,
      accessLogs: { bucket: props.accessLogBucket, prefix: `${account.state.bucket}/` },
      preventDestroy: true,
    });
    this.bucketName = bucket.bucket;
    this.bucketArn = bucket.arn;
    this.keyArn = key.arn;
  }
}
