import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { type AccountSettings, type StageDefinition, stackName } from '@sigma-pli/config';
import { LocalBackend, TerraformOutput, TerraformStack } from 'cdktf';
import type { Construct } from 'constructs';
import { AwsContext } from '../constructs/aws-context';
import { GithubOidc } from '../constructs/github-oidc';
import { PrivateBucket } from '../constructs/private-bucket';
import { ReleaseBucket } from '../constructs/release-bucket';
import { StateBucket } from '../constructs/state-bucket';

export interface BootstrapStackProps {
  account: AccountSettings;
  /** The stages whose GitHub environments may apply and deploy. */
  stages: Pick<StageDefinition, 'name'>[];
}

/** Name of the one-time stack: it cannot keep its state in the bucket it creates. */
export const BOOTSTRAP_STAGE = { name: 'bootstrap' } as const;

/** S3 bucket names are at most 63 characters; the access-log bucket's name is derived from the state bucket's. */
export function accessLogBucketName(account: Pick<AccountSettings, 'state'>): string {
  const name = `${account.state.bucket}-access-logs`;
  if (name.length > 63) {
    throw new Error(
      `account.state.bucket: "${account.state.bucket}" is too long to derive its access-log bucket "${name}" (max 63 characters)`,
    );
  }
  return name;
}

/**
 * What must exist before any stage can plan: the remote state bucket, the release bucket, and GitHub's OIDC roles.
 * An administrator applies it once with their own credentials; its state stays local (in `infra/`, git-ignored;
 * keep a copy, e.g. in the state bucket itself), since it creates the backend the other stacks use.
 */
export class BootstrapStack extends TerraformStack {
  constructor(scope: Construct, props: BootstrapStackProps) {
    const { account, stages } = props;
    const name = stackName(account, BOOTSTRAP_STAGE);
    super(scope, name);

    new AwsProvider(this, 'aws', {
      region: account.state.region,
      defaultTags: [
        { tags: { project: account.project, stage: BOOTSTRAP_STAGE.name, 'managed-by': 'cdktf' } },
      ],
    });
    // Relative to the stack's working directory (infra/cdktf.out/stacks/<name>): outside cdktf.out, which synth rewrites.
    new LocalBackend(this, { path: `../../../${name}.tfstate` });

    const context = new AwsContext(this, 'context', { region: account.state.region });
    const accessLogs = new PrivateBucket(this, 'access-logs', {
      bucketName: accessLogBucketName(account),
      // S3 server access logging delivers only to SSE-S3 buckets.
      noncurrentVersionExpireAfterDays: 30,
      preventDestroy: true,
      extraPolicyStatements: (bucketArn) => [
        {
          Sid: 'S3ServerAccessLogDelivery',
          Effect: 'Allow',
          Principal: { Service: 'logging.s3.amazonaws.com' },
          Action: 's3:PutObject',
          Resource: `${bucketArn}/*`,
          Condition: { StringEquals: { 'aws:SourceAccount': context.accountId } },
        },
      ],
    });
    const state = new StateBucket(this, 'state', {
      account,
      context,
      accessLogBucket: accessLogs.bucket.bucket,
    });
    const release = new ReleaseBucket(this, 'release', {
      account,
      context,
      accessLogBucket: accessLogs.bucket.bucket,
    });
    const github = new GithubOidc(this, 'github', {
      account,
      stages,
      context,
      state: { bucketArn: state.bucketArn, keyArn: state.keyArn },
      release: { bucketArn: release.bucketArn, keyArn: release.keyArn },
    });

    const outputs: Record<string, string> = {
      state_bucket: state.bucketName,
      release_bucket: release.bucketName,
      AWS_PLAN_ROLE_ARN: github.planRole.arn,
      AWS_APPLY_ROLE_ARN: github.applyRole.arn,
      AWS_DEPLOY_ROLE_ARN: github.deployRole.arn,
    };
    for (const [output, value] of Object.entries(outputs)) new TerraformOutput(this, output, { value });
  }
}
