import { IamOpenidConnectProvider } from '@cdktf/provider-aws/lib/iam-openid-connect-provider';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { IamRolePolicy } from '@cdktf/provider-aws/lib/iam-role-policy';
import { IamRolePolicyAttachment } from '@cdktf/provider-aws/lib/iam-role-policy-attachment';
import type { AccountSettings, StageDefinition } from '@sigma-pli/config';
import { Construct } from 'constructs';
import { type PolicyStatement, policyDocument } from '../policy';
import type { AwsContext } from './aws-context';

const GITHUB_ISSUER = 'token.actions.githubusercontent.com';

export interface GithubOidcProps {
  account: AccountSettings;
  /** Stages whose GitHub environments may apply and deploy (one environment per stage, same name). */
  stages: Pick<StageDefinition, 'name'>[];
  context: AwsContext;
  state: { bucketArn: string; keyArn: string };
  release: { bucketArn: string; keyArn: string };
}

/**
 * Subjects GitHub puts in the `sub` claim of a workflow's OIDC token: a job in a pull request, a job on a branch,
 * a job bound to a deployment environment. Trusting exact subjects (never `repo:*`) limits each role to this
 * repository and to the events it is meant for.
 */
export const githubSubject = {
  pullRequest: (repository: string) => `repo:${repository}:pull_request`,
  branch: (repository: string, branch: string) => `repo:${repository}:ref:refs/heads/${branch}`,
  environment: (repository: string, environment: string) => `repo:${repository}:environment:${environment}`,
};

/**
 * GitHub Actions' identity provider and the three roles the workflows assume with it — no long-lived AWS keys:
 * - `plan` (pull requests and main): read-only, reads the state without taking the lock (`plan -lock=false`);
 * - `apply` (only jobs bound to a stage's GitHub environment, which only main may deploy to): administers the
 *   stages, but may not touch the state and release buckets' protection, their keys, or these roles;
 * - `deploy` (same environments): uploads releases, moves a stage's release parameter, drives instance refresh.
 */
export class GithubOidc extends Construct {
  readonly provider: IamOpenidConnectProvider;
  readonly planRole: IamRole;
  readonly applyRole: IamRole;
  readonly deployRole: IamRole;

  constructor(scope: Construct, id: string, props: GithubOidcProps) {
    super(scope, id);
    const { account, stages, context, state, release } = props;
    const repository = account.githubRepository;
    const arn = (service: string, resource: string, region = '') =>
      `arn:${context.partition}:${service}:${region}:${context.accountId}:${resource}`;
    const roleName = (purpose: string) => `${account.project}-github-${purpose}`;

    this.provider = new IamOpenidConnectProvider(this, 'provider', {
      url: `https://${GITHUB_ISSUER}`,
      clientIdList: ['sts.amazonaws.com'],
    });
    const environments = stages.map((stage) => githubSubject.environment(repository, stage.name));

    const role = (purpose: string, description: string, subjects: string[]) =>
      new IamRole(this, `${purpose}-role`, {
        name: roleName(purpose),
        description,
        maxSessionDuration: 3600,
        // A trust policy names no Resource, so it is written here rather than with policyDocument().
        assumeRolePolicy: JSON.stringify({
          Version: '2012-10-17',
          Statement: [
            {
              Sid: 'GithubActionsOfThisRepository',
              Effect: 'Allow',
              Principal: { Federated: this.provider.arn },
              Action: 'sts:AssumeRoleWithWebIdentity',
              Condition: {
                StringEquals: {
                  [`${GITHUB_ISSUER}:aud`]: 'sts.amazonaws.com',
                  [`${GITHUB_ISSUER}:sub`]: subjects,
                },
              },
            },
          ],
        }),
      });
    const attach = (target: IamRole, purpose: string, managedPolicy: string) =>
      new IamRolePolicyAttachment(this, `${purpose}-${managedPolicy}`, {
        role: target.name,
        policyArn: `arn:${context.partition}:iam::aws:policy/${managedPolicy}`,
      });
    const inline = (target: IamRole, purpose: string, statements: PolicyStatement[]) =>
      new IamRolePolicy(this, `${purpose}-policy`, {
        name: `${roleName(purpose)}-inline`,
        role: target.id,
        policy: policyDocument(statements),
      });

    this.planRole = role('plan', 'terraform plan from pull requests and main (read-only)', [
      githubSubject.pullRequest(repository),
      githubSubject.branch(repository, 'main'),
    ]);
    attach(this.planRole, 'plan', 'ReadOnlyAccess');
    inline(this.planRole, 'plan', [
      { Sid: 'ListState', Effect: 'Allow', Action: 's3:ListBucket', Resource: state.bucketArn },
      { Sid: 'ReadState', Effect: 'Allow', Action: 's3:GetObject', Resource: `${state.bucketArn}/*` },
      { Sid: 'DecryptState', Effect: 'Allow', Action: 'kms:Decrypt', Resource: state.keyArn },
      {
        // Pull requests run their own code with this role: ReadOnlyAccess must not become a way to read the
        // platform's data (uploads, backups, logs, releases). Terraform reads no object but the state.
        Sid: 'NoDataObjectsButState',
        Effect: 'Deny',
        Action: ['s3:GetObject', 's3:GetObjectVersion'],
        NotResource: `${state.bucketArn}/*`,
      },
      {
        // Ephemeral `aws_secretsmanager_random_password` is opened at plan time too; it returns fresh random bytes.
        Sid: 'GenerateEphemeralPasswords',
        Effect: 'Allow',
        Action: 'secretsmanager:GetRandomPassword',
        Resource: '*',
      },
      {
        // The cache reads its auth token back (ElastiCache's auth_token is not write-only), so that value is in
        // the state this role already reads; no other secret value is readable.
        Sid: 'ReadSecretsKeptInState',
        Effect: 'Allow',
        Action: 'secretsmanager:GetSecretValue',
        Resource: arn('secretsmanager', `secret:${account.project}/*/redis-auth-??????`, '*'),
      },
      {
        Sid: 'DecryptThoseSecrets',
        Effect: 'Allow',
        Action: 'kms:Decrypt',
        Resource: '*',
        Condition: { StringLike: { 'kms:ViaService': 'secretsmanager.*.amazonaws.com' } },
      },
    ]);

    this.applyRole = role(
      'apply',
      'terraform apply of reviewed plans, from the stage environments',
      environments,
    );
    attach(this.applyRole, 'apply', 'AdministratorAccess');
    const protectedBuckets = [state.bucketArn, release.bucketArn];
    inline(this.applyRole, 'apply', [
      {
        Sid: 'KeepBootstrapBucketsProtected',
        Effect: 'Deny',
        Action: [
          's3:DeleteBucket',
          's3:DeleteBucketPolicy',
          's3:PutBucketPolicy',
          's3:PutBucketVersioning',
          's3:PutEncryptionConfiguration',
          's3:PutLifecycleConfiguration',
          's3:PutBucketPublicAccessBlock',
          's3:PutBucketOwnershipControls',
        ],
        Resource: protectedBuckets,
      },
      {
        Sid: 'KeepBootstrapKeys',
        Effect: 'Deny',
        Action: ['kms:ScheduleKeyDeletion', 'kms:DisableKey', 'kms:PutKeyPolicy'],
        Resource: [state.keyArn, release.keyArn],
      },
      {
        Sid: 'NoSelfEscalation',
        Effect: 'Deny',
        Action: 'iam:*',
        Resource: [arn('iam', `role/${account.project}-github-*`), this.provider.arn],
      },
    ]);

    this.deployRole = role('deploy', 'app releases: upload, point a stage at one, roll it out', environments);
    inline(this.deployRole, 'deploy', [
      { Sid: 'ListReleases', Effect: 'Allow', Action: 's3:ListBucket', Resource: release.bucketArn },
      {
        Sid: 'ReadAndWriteReleases',
        Effect: 'Allow',
        Action: ['s3:GetObject', 's3:PutObject'],
        Resource: `${release.bucketArn}/releases/*`,
      },
      {
        Sid: 'EncryptReleases',
        Effect: 'Allow',
        Action: ['kms:GenerateDataKey', 'kms:Decrypt'],
        Resource: release.keyArn,
      },
      {
        Sid: 'MoveReleaseParameters',
        Effect: 'Allow',
        Action: ['ssm:GetParameter', 'ssm:GetParameterHistory', 'ssm:PutParameter'],
        Resource: arn('ssm', `parameter/${account.project}/*/release`, '*'),
      },
      {
        Sid: 'DriveInstanceRefresh',
        Effect: 'Allow',
        Action: [
          'autoscaling:StartInstanceRefresh',
          'autoscaling:CancelInstanceRefresh',
          'autoscaling:RollbackInstanceRefresh',
        ],
        Resource: arn('autoscaling', `autoScalingGroup:*:autoScalingGroupName/${account.project}-*`, '*'),
      },
      {
        Sid: 'ReadRolloutState',
        Effect: 'Allow',
        Action: [
          'autoscaling:DescribeAutoScalingGroups',
          'autoscaling:DescribeInstanceRefreshes',
          'cloudwatch:DescribeAlarms',
          'ec2:DescribeLaunchTemplates',
          'ec2:DescribeLaunchTemplateVersions',
        ],
        Resource: '*',
      },
      {
        // An instance refresh with a desired configuration launches instances from the launch template as the
        // caller: RunInstances and passing the instance role are checked against this role.
        Sid: 'LaunchFromStageTemplates',
        Effect: 'Allow',
        Action: ['ec2:RunInstances', 'ec2:CreateTags'],
        Resource: '*',
      },
      {
        // Only a role whose trust policy admits EC2 can serve an instance, so this cannot hand out the roles above.
        Sid: 'PassStageInstanceRoles',
        Effect: 'Allow',
        Action: 'iam:PassRole',
        Resource: arn('iam', `role/${account.project}-*`),
        Condition: { StringEquals: { 'iam:PassedToService': 'ec2.amazonaws.com' } },
      },
    ]);
  }
}
