import { AutoscalingGroup } from '@cdktf/provider-aws/lib/autoscaling-group';
import { AutoscalingPolicy } from '@cdktf/provider-aws/lib/autoscaling-policy';
import { DataAwsSsmParameter } from '@cdktf/provider-aws/lib/data-aws-ssm-parameter';
import { LaunchTemplate } from '@cdktf/provider-aws/lib/launch-template';
import { SsmParameter } from '@cdktf/provider-aws/lib/ssm-parameter';
import { type AccountSettings, instanceArchitecture, type StageDefinition } from '@sigma-pli/config';
import { renderUserData, type UserDataOptions } from '@sigma-pli/instance';
import { Fn, TerraformLocal, Token } from 'cdktf';
import { Construct } from 'constructs';
import { autoScalingGroupName, releaseParameterName, resourceName } from '../naming';
import { InstanceRole, RELEASE_KEY_PREFIX } from './instance-role';

/** Value of the release parameter until the first deploy moves it; instances cannot boot an app before that. */
export const UNSET_RELEASE = `${RELEASE_KEY_PREFIX}unset.tar.gz`;
/** How long a launching instance may take to report ready (install, release, migrations) before it is abandoned. */
const LAUNCH_TIMEOUT_SECONDS = 900;
const LAUNCH_HOOK_NAME = 'app-ready';
/** Group metrics published every minute, for the dashboard and capacity alarms. */
const GROUP_METRICS = [
  'GroupMinSize',
  'GroupMaxSize',
  'GroupDesiredCapacity',
  'GroupInServiceInstances',
  'GroupPendingInstances',
  'GroupTerminatingInstances',
  'GroupTotalInstances',
];

/** Public SSM parameters AWS keeps pointed at the latest Amazon Linux 2023 AMI, per architecture. */
export function amiParameterName(instanceType: string): string {
  return `/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-${instanceArchitecture(instanceType)}`;
}

/** What the instances need at boot from the rest of the stage (secrets, data stores, log groups). */
export type BootInputs = Pick<
  UserDataOptions,
  'environment' | 'secretReferences' | 'database' | 'redis' | 'logGroups' | 'vpcCidr'
>;

export interface ComputeProps {
  account: Pick<AccountSettings, 'project' | 'releaseBucket'>;
  stage: Pick<StageDefinition, 'name' | 'region' | 'compute'>;
  context: { partition: string; region: string; accountId: string };
  privateSubnetIds: string[];
  securityGroupId: string;
  targetGroup: { arn: string; arnSuffix: string };
  loadBalancerArnSuffix: string;
  /** Alarms (5xx rate, p95 latency) that roll an instance refresh back. */
  deploymentAlarmNames: string[];
  boot: BootInputs;
  /** KMS key of the stage's secrets (decrypted through Secrets Manager only). */
  secretsKeyArn?: string;
}

/**
 * The app fleet: the release pointer, the instance role, a launch template (AL2023, IMDSv2 only, encrypted gp3,
 * no public IP, generated user data) and an Auto Scaling group behind the ALB that scales on CPU and requests per
 * target and rolls out through canary instance refreshes that roll back on failed health checks or alarms.
 */
export class Compute extends Construct {
  readonly autoScalingGroup: AutoscalingGroup;
  readonly launchTemplate: LaunchTemplate;
  readonly instanceRole: InstanceRole;
  readonly releaseParameter: SsmParameter;

  constructor(scope: Construct, id: string, props: ComputeProps) {
    super(scope, id);
    const { account, stage, boot } = props;
    const { compute } = stage;
    const groupName = autoScalingGroupName(account, stage);

    this.releaseParameter = new SsmParameter(this, 'release', {
      name: releaseParameterName(account, stage),
      description:
        'S3 key (in the release bucket) of the app release this stage runs; moved by the deploy workflow',
      type: 'String',
      insecureValue: UNSET_RELEASE,
      lifecycle: { ignoreChanges: ['insecure_value'] },
    });

    this.instanceRole = new InstanceRole(this, 'instance-role', {
      name: resourceName(account, stage, 'instance'),
      context: props.context,
      releaseBucket: account.releaseBucket,
      releaseParameterArn: this.releaseParameter.arn,
      secretArns: Object.values(boot.secretReferences).filter((arn): arn is string => arn !== undefined),
      secretsKeyArn: props.secretsKeyArn,
      logGroupNames: Object.values(boot.logGroups),
      autoScalingGroupName: groupName,
    });

    const userData = new TerraformLocal(
      this,
      'user-data',
      renderUserData({
        ...boot,
        project: account.project,
        stageName: stage.name,
        region: stage.region,
        nodeMajor: compute.nodeMajor,
        architecture: instanceArchitecture(compute.instanceType),
        releaseBucket: account.releaseBucket,
        releaseParameterName: this.releaseParameter.name,
        launchLifecycleHook: { name: LAUNCH_HOOK_NAME, autoScalingGroupName: groupName },
      }),
    );
    const ami = new DataAwsSsmParameter(this, 'ami', { name: amiParameterName(compute.instanceType) });

    this.launchTemplate = new LaunchTemplate(this, 'launch-template', {
      name: resourceName(account, stage, 'app'),
      description: `SIGMA-PLI app instances, Node.js ${compute.nodeMajor}`,
      imageId: ami.insecureValue,
      instanceType: compute.instanceType,
      iamInstanceProfile: { arn: this.instanceRole.instanceProfile.arn },
      updateDefaultVersion: true,
      // About 27 KB of script, over EC2's 16 KB user-data limit; gzipped it is about 8 KB, and cloud-init inflates it.
      userData: Fn.base64gzip(userData.asString),
      // IMDSv2 only, and one hop: containers or proxies on the instance cannot reach the role's credentials.
      metadataOptions: {
        httpEndpoint: 'enabled',
        httpTokens: 'required',
        httpPutResponseHopLimit: 1,
        instanceMetadataTags: 'enabled',
      },
      monitoring: { enabled: true },
      blockDeviceMappings: [
        {
          deviceName: '/dev/xvda',
          ebs: {
            volumeType: 'gp3',
            volumeSize: compute.rootVolumeGb,
            encrypted: 'true',
            deleteOnTermination: 'true',
          },
        },
      ],
      networkInterfaces: [
        {
          deviceIndex: 0,
          associatePublicIpAddress: 'false',
          securityGroups: [props.securityGroupId],
          deleteOnTermination: 'true',
        },
      ],
      tagSpecifications: ['instance', 'volume'].map((resourceType) => ({
        resourceType,
        tags: { Name: groupName },
      })),
    });

    const refresh = compute.instanceRefresh;
    this.autoScalingGroup = new AutoscalingGroup(this, 'group', {
      name: groupName,
      minSize: compute.minSize,
      maxSize: compute.maxSize,
      desiredCapacity: compute.desiredCapacity,
      vpcZoneIdentifier: props.privateSubnetIds,
      targetGroupArns: [props.targetGroup.arn],
      healthCheckType: 'ELB',
      healthCheckGracePeriod: compute.healthCheckGraceSeconds,
      defaultInstanceWarmup: refresh.instanceWarmupSeconds,
      // Instances become healthy only once a release exists, which the deploy workflow provides after the first
      // apply; the deploy's instance refresh is what waits for healthy capacity, not Terraform.
      waitForCapacityTimeout: '0',
      // A numbered version (not $Latest): instance refresh can roll back only to a numbered version.
      launchTemplate: {
        id: this.launchTemplate.id,
        version: Token.asString(this.launchTemplate.latestVersion),
      },
      // Instances join the target group only once the boot script says the app answers /health/ready.
      initialLifecycleHook: [
        {
          name: LAUNCH_HOOK_NAME,
          lifecycleTransition: 'autoscaling:EC2_INSTANCE_LAUNCHING',
          heartbeatTimeout: LAUNCH_TIMEOUT_SECONDS,
          defaultResult: 'ABANDON',
        },
      ],
      enabledMetrics: GROUP_METRICS,
      metricsGranularity: '1Minute',
      instanceRefresh: {
        strategy: 'Rolling',
        preferences: {
          autoRollback: true,
          skipMatching: false,
          minHealthyPercentage: refresh.minHealthyPercentage,
          // Above 100 %: replacements are launched and healthy before old instances go (the API allows +100, ≤ 200).
          maxHealthyPercentage: Math.min(200, refresh.minHealthyPercentage + 100),
          instanceWarmup: String(refresh.instanceWarmupSeconds),
          checkpointPercentages: refresh.checkpointPercentages,
          checkpointDelay: String(refresh.checkpointDelaySeconds),
          scaleInProtectedInstances: 'Wait',
          standbyInstances: 'Wait',
          alarmSpecification:
            props.deploymentAlarmNames.length > 0 ? { alarms: props.deploymentAlarmNames } : undefined,
        },
      },
      tag: [{ key: 'Name', value: groupName, propagateAtLaunch: true }],
      // The scaling policies own the desired capacity once the group exists; an apply must not reset it.
      lifecycle: { ignoreChanges: ['desired_capacity'] },
    });

    // A group whose size cannot change has nothing to scale.
    if (compute.maxSize > compute.minSize) {
      this.targetTracking('cpu', 'ASGAverageCPUUtilization', compute.cpuTargetPercent);
      this.targetTracking(
        'requests',
        'ALBRequestCountPerTarget',
        compute.requestsPerTargetPerMinute,
        `${props.loadBalancerArnSuffix}/${props.targetGroup.arnSuffix}`,
      );
    }
  }

  private targetTracking(id: string, metric: string, targetValue: number, resourceLabel?: string): void {
    new AutoscalingPolicy(this, `scale-on-${id}`, {
      name: `${this.autoScalingGroup.name}-${id}`,
      autoscalingGroupName: this.autoScalingGroup.name,
      policyType: 'TargetTrackingScaling',
      targetTrackingConfiguration: {
        targetValue,
        predefinedMetricSpecification: { predefinedMetricType: metric, resourceLabel },
      },
    });
  }
}
