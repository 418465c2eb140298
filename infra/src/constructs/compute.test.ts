import { gzipSync } from 'node:zlib';
import { SecretsmanagerSecret } from '@cdktf/provider-aws/lib/secretsmanager-secret';
import { SecretsmanagerSecretVersion } from '@cdktf/provider-aws/lib/secretsmanager-secret-version';
import { terraformTemplateToText } from '@sigma-pli/instance';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  onlyResource,
  parsePolicy,
  resourcesOf,
  type SynthJson,
  stageNamed,
  synthConstruct,
  testAccount,
  tfRef,
} from '../test-support/synth-json';
import { amiParameterName, Compute } from './compute';

const FAKE_SECRET_VALUE = 'obviously-fake-password-for-tests';
const LOG_GROUPS = {
  app: '/sigma-pli/test/app',
  nginxAccess: '/sigma-pli/test/nginx/access',
  nginxError: '/sigma-pli/test/nginx/error',
  system: '/sigma-pli/test/system',
};
const DEPLOYMENT_ALARMS = ['sigma-pli-test-5xx-rate', 'sigma-pli-test-p95-latency'];

function synthCompute(stageName: string): SynthJson {
  return synthConstruct((stack) => {
    const secret = new SecretsmanagerSecret(stack, 'database-secret', { name: 'test/database' });
    // A secret value in the same stack: the user data must reference the secret's ARN, never its value.
    new SecretsmanagerSecretVersion(stack, 'database-secret-value', {
      secretId: secret.id,
      secretString: FAKE_SECRET_VALUE,
    });
    new Compute(stack, 'compute', {
      account: testAccount(),
      stage: stageNamed(stageName),
      context: { partition: 'aws', region: 'us-east-1', accountId: '111122223333' },
      privateSubnetIds: ['subnet-0private0', 'subnet-0private1'],
      securityGroupId: 'sg-0instances',
      targetGroup: { arn: 'arn:aws:elasticloadbalancing:tg', arnSuffix: 'targetgroup/app/0123' },
      loadBalancerArnSuffix: 'app/alb/4567',
      deploymentAlarmNames: DEPLOYMENT_ALARMS,
      secretsKeyArn: 'arn:aws:kms:us-east-1:111122223333:key/secrets',
      boot: {
        environment: {},
        secretReferences: { DATABASE_SECRET_ARN: secret.arn },
        database: { host: 'db.internal.example', port: 5432, name: 'sigma_pli' },
        logGroups: LOG_GROUPS,
        vpcCidr: '10.10.0.0/16',
      },
    });
  });
}

/** The boot script as the instance receives it: the launch template gzips and base64-encodes the local holding it. */
function userDataText(json: SynthJson): string {
  const template = onlyResource(json, 'aws_launch_template');
  const match = /^\$\{base64gzip\(local\.([\w-]+)\)\}$/.exec(String(template.user_data));
  if (!match?.[1]) throw new Error(`user_data is not base64gzip(local.*): ${template.user_data}`);
  const locals = (json as { locals?: Record<string, unknown> }).locals ?? {};
  const text = locals[match[1]];
  if (typeof text !== 'string') throw new Error(`local ${match[1]} is not a string`);
  return terraformTemplateToText(text);
}

describe('amiParameterName', () => {
  it('picks the AL2023 AMI of the instance architecture', () => {
    expect(amiParameterName('t3.small')).toBe(
      '/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-x86_64',
    );
    expect(amiParameterName('t4g.small')).toBe(
      '/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-arm64',
    );
  });
});

describe('Compute', () => {
  let mvp: SynthJson;
  let production: SynthJson;
  beforeAll(() => {
    mvp = synthCompute('mvp');
    production = synthCompute('production');
  });

  describe('launch template', () => {
    it('uses the AL2023 AMI from SSM and the stage instance type', () => {
      const template = onlyResource(production, 'aws_launch_template');
      const { instanceType } = stageNamed('production').compute;
      expect(template.instance_type).toBe(instanceType);
      const [amiId, ami] = Object.entries(production.data?.aws_ssm_parameter ?? {})[0] ?? [];
      expect(ami?.name).toBe(amiParameterName(instanceType));
      expect(template.image_id).toBe(tfRef(`data.aws_ssm_parameter.${amiId}.insecure_value`));
    });

    it('requires IMDSv2 with a hop limit of 1', () => {
      expect(onlyResource(mvp, 'aws_launch_template').metadata_options).toMatchObject({
        http_tokens: 'required',
        http_put_response_hop_limit: 1,
        http_endpoint: 'enabled',
      });
    });

    it('has an encrypted gp3 root volume of the stage size', () => {
      expect(onlyResource(mvp, 'aws_launch_template').block_device_mappings).toEqual([
        {
          device_name: '/dev/xvda',
          ebs: { volume_type: 'gp3', volume_size: 20, encrypted: 'true', delete_on_termination: 'true' },
        },
      ]);
    });

    it('never gives an instance a public IP, and attaches only the instances security group', () => {
      const template = onlyResource(mvp, 'aws_launch_template');
      expect(template.network_interfaces).toEqual([
        expect.objectContaining({ associate_public_ip_address: 'false', security_groups: ['sg-0instances'] }),
      ]);
      expect(template.vpc_security_group_ids).toBeUndefined();
    });

    it('turns detailed monitoring on and runs with the instance profile', () => {
      const template = onlyResource(mvp, 'aws_launch_template');
      expect(template.monitoring).toEqual({ enabled: true });
      expect(template.iam_instance_profile).toEqual({
        arn: expect.stringMatching(/^\$\{aws_iam_instance_profile\./),
      });
    });
  });

  describe('user data', () => {
    it('installs the configured Node.js LTS, PM2, Nginx and the CloudWatch agent', () => {
      const script = userDataText(production);
      expect(script.startsWith('#!/bin/bash')).toBe(true);
      expect(script).toMatch(/dnf install .*nginx amazon-cloudwatch-agent nodejs24 nodejs24-npm/);
      expect(script).toContain('pm2@');
      expect(script).toContain('nginx -t');
      expect(script).toContain('amazon-cloudwatch-agent-ctl');
      expect(script).not.toMatch(/nodejs20/);
    });

    it('fetches the release named by the release parameter and reports readiness to the lifecycle hook', () => {
      const script = userDataText(production);
      expect(script).toContain('aws ssm get-parameter');
      expect(script).toMatch(/RELEASE_PARAMETER=\$\{aws_ssm_parameter\.compute_release_[0-9A-F]+\.name\}/);
      expect(script).toContain('RELEASE_BUCKET=sigma-pli-releases');
      expect(script).toContain('LIFECYCLE_HOOK=app-ready');
      expect(script).toContain('AUTO_SCALING_GROUP=sigma-pli-production-app');
    });

    it('fits the 16 KB EC2 user-data limit once gzipped, with room for the resolved ARNs and endpoints', () => {
      expect(gzipSync(userDataText(production)).length).toBeLessThan(12 * 1024);
    });

    it('passes secrets by ARN only: no secret value anywhere in the user data or the launch template', () => {
      const script = userDataText(production);
      expect(script).toMatch(/DATABASE_SECRET_ARN=\$\{aws_secretsmanager_secret\.database-secret\.arn\}/);
      expect(script).not.toContain(FAKE_SECRET_VALUE);
      expect(script).not.toContain('aws_secretsmanager_secret_version');
      expect(JSON.stringify(onlyResource(production, 'aws_launch_template'))).not.toContain(
        FAKE_SECRET_VALUE,
      );
      expect(JSON.stringify(production.locals ?? {})).not.toContain(FAKE_SECRET_VALUE);
    });
  });

  describe('Auto Scaling group', () => {
    it('sizes the group from the stage over the private subnets, behind the target group, with ELB health checks', () => {
      expect(onlyResource(mvp, 'aws_autoscaling_group')).toMatchObject({
        name: 'sigma-pli-mvp-app',
        min_size: 1,
        max_size: 1,
        desired_capacity: 1,
        vpc_zone_identifier: ['subnet-0private0', 'subnet-0private1'],
        target_group_arns: ['arn:aws:elasticloadbalancing:tg'],
        health_check_type: 'ELB',
        health_check_grace_period: 300,
        // The first apply precedes the first release: Terraform must not wait for healthy instances.
        wait_for_capacity_timeout: '0',
      });
      expect(onlyResource(production, 'aws_autoscaling_group')).toMatchObject({
        min_size: 2,
        max_size: 5,
        desired_capacity: 2,
      });
    });

    it('runs a numbered launch template version, so that refreshes can roll back', () => {
      expect(onlyResource(mvp, 'aws_autoscaling_group').launch_template).toEqual({
        id: expect.stringMatching(/^\$\{aws_launch_template\..*\.id\}$/),
        version: expect.stringMatching(/^\$\{aws_launch_template\..*\.latest_version\}$/),
      });
    });

    it('rolls out with canary checkpoints, auto rollback and the deployment alarms', () => {
      const refresh = onlyResource(production, 'aws_autoscaling_group').instance_refresh as Record<
        string,
        unknown
      >;
      expect(refresh.strategy).toBe('Rolling');
      expect(refresh.preferences).toEqual({
        auto_rollback: true,
        skip_matching: false,
        checkpoint_percentages: [20, 100],
        checkpoint_delay: '300',
        min_healthy_percentage: 90,
        max_healthy_percentage: 190,
        instance_warmup: '120',
        scale_in_protected_instances: 'Wait',
        standby_instances: 'Wait',
        alarm_specification: { alarms: DEPLOYMENT_ALARMS },
      });
      const single = onlyResource(mvp, 'aws_autoscaling_group').instance_refresh as {
        preferences: Record<string, unknown>;
      };
      expect(single.preferences).toMatchObject({ min_healthy_percentage: 100, max_healthy_percentage: 200 });
    });

    it('keeps new instances out of service until the boot script reports ready', () => {
      expect(onlyResource(mvp, 'aws_autoscaling_group').initial_lifecycle_hook).toEqual([
        expect.objectContaining({
          name: 'app-ready',
          lifecycle_transition: 'autoscaling:EC2_INSTANCE_LAUNCHING',
          default_result: 'ABANDON',
        }),
      ]);
    });

    it('scales on CPU and on requests per target where the group can change size, and not otherwise', () => {
      const policies = Object.values(resourcesOf(production, 'aws_autoscaling_policy'));
      expect(policies.map((policy) => policy.target_tracking_configuration)).toEqual([
        {
          target_value: 60,
          predefined_metric_specification: { predefined_metric_type: 'ASGAverageCPUUtilization' },
        },
        {
          target_value: 3000,
          predefined_metric_specification: {
            predefined_metric_type: 'ALBRequestCountPerTarget',
            resource_label: 'app/alb/4567/targetgroup/app/0123',
          },
        },
      ]);
      expect(resourcesOf(mvp, 'aws_autoscaling_policy')).toEqual({});
    });
  });

  describe('release parameter', () => {
    it('is created once and then left to the deploy workflow', () => {
      expect(onlyResource(mvp, 'aws_ssm_parameter')).toMatchObject({
        name: '/sigma-pli/mvp/release',
        type: 'String',
        lifecycle: { ignore_changes: ['insecure_value'] },
      });
    });
  });

  describe('instance role', () => {
    it('reads the secrets the boot script is given, the release parameter, and writes to the boot log groups', () => {
      const statements = parsePolicy(onlyResource(mvp, 'aws_iam_role_policy').policy).Statement;
      const resourceOf = (sid: string) => statements.find((candidate) => candidate.Sid === sid)?.Resource;
      expect(resourceOf('ReadStageSecrets')).toEqual([
        tfRef('aws_secretsmanager_secret.database-secret.arn'),
      ]);
      expect(resourceOf('ReadReleasePointer')).toMatch(/^\$\{aws_ssm_parameter\..*\.arn\}$/);
      expect(resourceOf('WriteStageLogs')).toHaveLength(Object.keys(LOG_GROUPS).length);
      expect(resourceOf('CompleteLaunch')).toMatch(/autoScalingGroupName\/sigma-pli-mvp-app$/);
    });
  });
});
