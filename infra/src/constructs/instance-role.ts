import { IamInstanceProfile } from '@cdktf/provider-aws/lib/iam-instance-profile';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { IamRolePolicy } from '@cdktf/provider-aws/lib/iam-role-policy';
import { IamRolePolicyAttachment } from '@cdktf/provider-aws/lib/iam-role-policy-attachment';
import { Construct } from 'constructs';
import { type PolicyStatement, policyDocument } from '../policy';
import { serviceTrustPolicy } from '../trust-policy';

/** Key prefix of the app release tarballs in the account's release bucket. */
export const RELEASE_KEY_PREFIX = 'releases/';
/** Namespace of the CloudWatch agent's metrics (memory, disk). */
const AGENT_NAMESPACE = 'CWAgent';

export interface InstanceRoleProps {
  /** Role and instance profile name. */
  name: string;
  /** Where the stage runs, for ARNs built from names. */
  context: { partition: string; region: string; accountId: string };
  releaseBucket: string;
  releaseParameterArn: string;
  /** This stage's secrets; the instances read these and no others. */
  secretArns: string[];
  /** The KMS key of those secrets, used only through Secrets Manager. */
  secretsKeyArn?: string;
  /** Names of the log groups the CloudWatch agent writes to. */
  logGroupNames: string[];
  /** Auto Scaling group whose launch lifecycle hook the boot script completes. */
  autoScalingGroupName: string;
}

/**
 * The instances' role, least privilege: SSM Session Manager (no SSH), the release parameter and tarballs, this
 * stage's secrets, its log groups and agent metrics, and completing its own launch lifecycle action.
 */
export class InstanceRole extends Construct {
  readonly role: IamRole;
  readonly instanceProfile: IamInstanceProfile;

  constructor(scope: Construct, id: string, props: InstanceRoleProps) {
    super(scope, id);
    const { partition, region, accountId } = props.context;

    this.role = new IamRole(this, 'role', {
      name: props.name,
      assumeRolePolicy: serviceTrustPolicy('ec2.amazonaws.com'),
    });
    new IamRolePolicyAttachment(this, 'session-manager', {
      role: this.role.name,
      policyArn: `arn:${partition}:iam::aws:policy/AmazonSSMManagedInstanceCore`,
    });

    const logGroupArns = props.logGroupNames.map(
      (name) => `arn:${partition}:logs:${region}:${accountId}:log-group:${name}:*`,
    );
    const statements: PolicyStatement[] = [
      {
        Sid: 'ReadReleasePointer',
        Effect: 'Allow',
        Action: 'ssm:GetParameter',
        Resource: props.releaseParameterArn,
      },
      {
        Sid: 'ReadReleases',
        Effect: 'Allow',
        Action: 's3:GetObject',
        Resource: `arn:${partition}:s3:::${props.releaseBucket}/${RELEASE_KEY_PREFIX}*`,
      },
      {
        Sid: 'ReadStageSecrets',
        Effect: 'Allow',
        Action: ['secretsmanager:GetSecretValue', 'secretsmanager:DescribeSecret'],
        Resource: props.secretArns,
      },
      {
        Sid: 'WriteStageLogs',
        Effect: 'Allow',
        Action: ['logs:CreateLogStream', 'logs:PutLogEvents', 'logs:DescribeLogStreams'],
        Resource: logGroupArns,
      },
      {
        Sid: 'PutAgentMetrics',
        Effect: 'Allow',
        Action: 'cloudwatch:PutMetricData',
        Resource: '*',
        Condition: { StringEquals: { 'cloudwatch:namespace': AGENT_NAMESPACE } },
      },
      {
        // The agent resolves the AutoScalingGroupName dimension from the instance's tags; the API has no resource scope.
        Sid: 'ReadOwnTags',
        Effect: 'Allow',
        Action: 'ec2:DescribeTags',
        Resource: '*',
      },
      {
        Sid: 'CompleteLaunch',
        Effect: 'Allow',
        Action: 'autoscaling:CompleteLifecycleAction',
        Resource: `arn:${partition}:autoscaling:${region}:${accountId}:autoScalingGroup:*:autoScalingGroupName/${props.autoScalingGroupName}`,
      },
    ];
    if (props.secretsKeyArn) {
      statements.push({
        Sid: 'DecryptSecretsThroughSecretsManager',
        Effect: 'Allow',
        Action: 'kms:Decrypt',
        Resource: props.secretsKeyArn,
        Condition: { StringEquals: { 'kms:ViaService': `secretsmanager.${region}.amazonaws.com` } },
      });
    }
    new IamRolePolicy(this, 'policy', {
      role: this.role.id,
      name: 'instance',
      policy: policyDocument(statements),
    });

    this.instanceProfile = new IamInstanceProfile(this, 'profile', {
      name: props.name,
      role: this.role.name,
    });
  }
}
