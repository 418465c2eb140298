import { KmsAlias } from '@cdktf/provider-aws/lib/kms-alias';
import { KmsKey } from '@cdktf/provider-aws/lib/kms-key';
import { Construct } from 'constructs';
import { type PolicyStatement, policyDocument } from '../policy';
import type { AwsContext } from './aws-context';

export interface BucketKeyProps {
  context: AwsContext;
  /** `alias/<alias>` names the key for people and for IAM policies written before the key exists. */
  alias: string;
  description: string;
  /** Statements beyond the account-root one (which lets IAM policies grant use of the key). */
  statements?: PolicyStatement[];
}

/** A customer-managed KMS key for one bucket, rotated yearly, protected from `terraform destroy`. */
export class BucketKey extends Construct {
  readonly key: KmsKey;

  constructor(scope: Construct, id: string, props: BucketKeyProps) {
    super(scope, id);
    this.key = new KmsKey(this, 'key', {
      description: props.description,
      enableKeyRotation: true,
      deletionWindowInDays: 30,
      policy: policyDocument([
        {
          Sid: 'AccountAdministersAndDelegatesThroughIam',
          Effect: 'Allow',
          Principal: { AWS: props.context.accountRootArn },
          Action: 'kms:*',
          Resource: '*',
        },
        ...(props.statements ?? []),
      ]),
      lifecycle: { preventDestroy: true },
    });
    new KmsAlias(this, 'alias', { name: `alias/${props.alias}`, targetKeyId: this.key.keyId });
  }

  get arn(): string {
    return this.key.arn;
  }
}
