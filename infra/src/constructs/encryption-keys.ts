import { KmsAlias } from '@cdktf/provider-aws/lib/kms-alias';
import { KmsKey } from '@cdktf/provider-aws/lib/kms-key';
import type { AccountSettings, StageDefinition } from '@sigma-pli/config';
import { Construct } from 'constructs';
import { resourceName } from '../naming';
import { type PolicyStatement, policyDocument } from '../policy';
import type { AwsContext } from './aws-context';

/** The key-policy statement that lets the account's IAM policies grant use of a key. */
export function accountRootKeyStatement(context: AwsContext): PolicyStatement {
  return {
    Sid: 'AccountAdministersAndDelegatesThroughIam',
    Effect: 'Allow',
    Principal: { AWS: context.accountRootArn },
    Action: 'kms:*',
    Resource: '*',
  };
}

/** The key-policy statement that lets CloudWatch Logs of `region` encrypt this account's log groups. */
export function cloudWatchLogsKeyStatement(context: AwsContext, region: string): PolicyStatement {
  return {
    Sid: 'CloudWatchLogsEncryptsThisAccountsLogGroups',
    Effect: 'Allow',
    Principal: { Service: `logs.${region}.amazonaws.com` },
    Action: ['kms:Encrypt*', 'kms:Decrypt*', 'kms:ReEncrypt*', 'kms:GenerateDataKey*', 'kms:Describe*'],
    Resource: '*',
    Condition: {
      ArnLike: {
        'kms:EncryptionContext:aws:logs:arn': `arn:${context.partition}:logs:${region}:${context.accountId}:log-group:*`,
      },
    },
  };
}

export interface EncryptionKeysProps {
  account: AccountSettings;
  stage: StageDefinition;
  context: AwsContext;
}

/**
 * The stage's customer-managed KMS keys, one per kind of data, each rotated yearly by KMS:
 * - `database`: RDS storage, Performance Insights, ElastiCache at rest and the AWS Backup vault;
 * - `storage`: the main and backup buckets, CloudWatch log groups, CloudTrail, the alarm SNS topic;
 * - `secrets`: Secrets Manager (app secrets and the RDS-managed master password).
 * AWS services that call KMS through the caller's IAM role (RDS, S3, Secrets Manager, ElastiCache, Backup) need only
 * the account-root statement; services that encrypt or decrypt as themselves (Logs, CloudTrail, CloudWatch alarms
 * → SNS, CloudFront reading static assets) are named in the storage key's policy, each limited to this account.
 */
export class EncryptionKeys extends Construct {
  readonly database: KmsKey;
  readonly storage: KmsKey;
  readonly secrets: KmsKey;

  constructor(scope: Construct, id: string, props: EncryptionKeysProps) {
    super(scope, id);
    const { account, stage, context } = props;
    const accountRoot = accountRootKeyStatement(context);
    const customerKey = (purpose: string, description: string, serviceStatements: PolicyStatement[] = []) => {
      const key = new KmsKey(this, purpose, {
        description: `${resourceName(account, stage, purpose)}: ${description}`,
        enableKeyRotation: true,
        deletionWindowInDays: 30,
        policy: policyDocument([accountRoot, ...serviceStatements]),
      });
      new KmsAlias(this, `${purpose}-alias`, {
        name: `alias/${resourceName(account, stage, purpose)}`,
        targetKeyId: key.keyId,
      });
      return key;
    };

    this.database = customerKey('database', 'RDS, Performance Insights, ElastiCache and backups at rest');
    this.storage = customerKey('storage', 'S3 buckets, CloudWatch Logs, CloudTrail and the alarm topic', [
      cloudWatchLogsKeyStatement(context, context.region),
      {
        Sid: 'CloudTrailEncryptsThisAccountsTrails',
        Effect: 'Allow',
        Principal: { Service: 'cloudtrail.amazonaws.com' },
        Action: 'kms:GenerateDataKey*',
        Resource: '*',
        Condition: {
          StringLike: {
            'kms:EncryptionContext:aws:cloudtrail:arn': `arn:${context.partition}:cloudtrail:*:${context.accountId}:trail/*`,
          },
        },
      },
      {
        Sid: 'CloudTrailDescribesKey',
        Effect: 'Allow',
        Principal: { Service: 'cloudtrail.amazonaws.com' },
        Action: 'kms:DescribeKey',
        Resource: '*',
      },
      {
        Sid: 'AlarmsAndCanaryPublishToEncryptedTopic',
        Effect: 'Allow',
        Principal: { Service: ['cloudwatch.amazonaws.com', 'events.amazonaws.com'] },
        Action: ['kms:Decrypt', 'kms:GenerateDataKey*'],
        Resource: '*',
        Condition: { StringEquals: { 'aws:SourceAccount': context.accountId } },
      },
      ...(stage.storage.cloudfront
        ? [
            {
              Sid: 'CloudFrontDecryptsStaticAssetsOfThisAccount',
              Effect: 'Allow',
              Principal: { Service: 'cloudfront.amazonaws.com' },
              Action: 'kms:Decrypt',
              Resource: '*',
              Condition: {
                StringLike: {
                  'aws:SourceArn': `arn:${context.partition}:cloudfront::${context.accountId}:distribution/*`,
                },
              },
            } satisfies PolicyStatement,
          ]
        : []),
    ]);
    this.secrets = customerKey('secrets', 'Secrets Manager secrets of the stage');
  }
}
