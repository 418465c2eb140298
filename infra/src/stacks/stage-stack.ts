import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { CloudflareProvider } from '@cdktf/provider-cloudflare/lib/provider';
import { type AccountSettings, type StageDefinition, stackName, stateKey } from '@sigma-pli/config';
import { NGINX_PORT } from '@sigma-pli/instance';
import { S3Backend, TerraformStack } from 'cdktf';
import type { Construct } from 'constructs';
import { AlertTopic } from '../constructs/alert-topic';
import { AppSecrets } from '../constructs/app-secrets';
import { ApplicationInsights } from '../constructs/application-insights';
import { Audit } from '../constructs/audit';
import { AwsContext } from '../constructs/aws-context';
import { Buckets, LOG_PREFIXES } from '../constructs/buckets';
import { Cache } from '../constructs/cache';
import { Cdn } from '../constructs/cdn';
import { Certificate } from '../constructs/certificate';
import { CloudflareDns } from '../constructs/cloudflare-dns';
import { CloudflareRulesets } from '../constructs/cloudflare-rulesets';
import { CloudflareZoneSettings } from '../constructs/cloudflare-zone-settings';
import { Compute } from '../constructs/compute';
import { Database } from '../constructs/database';
import { EncryptionKeys } from '../constructs/encryption-keys';
import { HealthCanary } from '../constructs/health-canary';
import { LoadBalancer, READINESS_PATH } from '../constructs/load-balancer';
import { LogGroups } from '../constructs/log-groups';
import { Monitoring } from '../constructs/monitoring';
import { Network } from '../constructs/network';
import { RealUserMonitoring } from '../constructs/real-user-monitoring';
import { SecurityGroups } from '../constructs/security-groups';
import { Waf } from '../constructs/waf';
import { stageHostname } from '../hostnames';
import { autoScalingGroupName } from '../naming';

export interface StageStackProps {
  account: AccountSettings;
  stage: StageDefinition;
}

/** Tags every AWS resource of a stage carries, through the provider's default tags. */
export function defaultTags(account: AccountSettings, stage: StageDefinition): Record<string, string> {
  return { project: account.project, stage: stage.name, phase: stage.phase, 'managed-by': 'cdktf' };
}

/**
 * One deployable stage (mvp, growth, production or an override of one): its providers, its own remote state,
 * and the constructs its definition asks for.
 */
export class StageStack extends TerraformStack {
  constructor(scope: Construct, props: StageStackProps) {
    const { account, stage } = props;
    super(scope, stackName(account, stage));

    new AwsProvider(this, 'aws', {
      region: stage.region,
      defaultTags: [{ tags: defaultTags(account, stage) }],
    });
    // The API token comes from CLOUDFLARE_API_TOKEN in the environment of plan/apply, never from code or state.
    new CloudflareProvider(this, 'cloudflare', {});

    const backend = new S3Backend(this, {
      bucket: account.state.bucket,
      key: stateKey(stage),
      region: account.state.region,
      encrypt: true,
    });
    // S3-native state locking (Terraform ≥ 1.10): no DynamoDB table to create, pay for or keep in sync.
    backend.addOverride('use_lockfile', true);
    // Ephemeral resources and write-only arguments (generated secrets kept out of state) need Terraform ≥ 1.11.
    this.addOverride('terraform.required_version', '>= 1.11');

    const context = new AwsContext(this, 'context', { region: stage.region });
    const keys = new EncryptionKeys(this, 'keys', { account, stage, context });
    const logGroups = new LogGroups(this, 'log-groups', { account, stage, key: keys.storage });

    const network = new Network(this, 'network', {
      account,
      stage,
      flowLogs: stage.network.flowLogs ? { logGroupArn: logGroups.flowLogs.arn } : undefined,
    });
    const securityGroups = new SecurityGroups(this, 'security-groups', {
      account,
      stage,
      vpcId: network.vpc.id,
      instancePort: NGINX_PORT,
    });
    const privateSubnetIds = network.privateSubnets.map((subnet) => subnet.id);

    const buckets = new Buckets(this, 'buckets', { account, stage, context, key: keys.storage });
    const secrets = new AppSecrets(this, 'secrets', { account, stage, key: keys.secrets });
    const alertTopic = new AlertTopic(this, 'alerts', { account, stage, key: keys.storage });
    const database = new Database(this, 'database', {
      account,
      stage,
      context,
      subnetIds: privateSubnetIds,
      securityGroupIds: securityGroups.database ? [securityGroups.database.id] : [],
      storageKey: keys.database,
      secretsKey: keys.secrets,
      logsKey: keys.storage,
    });
    const cache =
      stage.cache.enabled && secrets.redisAuth && securityGroups.cache
        ? new Cache(this, 'cache', {
            account,
            stage,
            subnetIds: privateSubnetIds,
            securityGroupIds: [securityGroups.cache.id],
            key: keys.database,
            authToken: secrets.redisAuth,
          })
        : undefined;

    // Edge: certificate, ALB, AWS WAF, Cloudflare.
    const hostname = stageHostname(account, stage);
    const zoneId = account.cloudflare.zoneId;
    const certificate = new Certificate(this, 'certificate', { hostname, zoneId });
    const edge = new LoadBalancer(this, 'load-balancer', {
      account,
      stage,
      vpcId: network.vpc.id,
      publicSubnetIds: network.publicSubnets.map((subnet) => subnet.id),
      securityGroupId: securityGroups.loadBalancer.id,
      certificateArn: certificate.certificateArn,
      targetPort: NGINX_PORT,
      accessLogs: { bucket: buckets.logs.bucket, prefix: LOG_PREFIXES.alb, dependsOn: [buckets.logsPolicy] },
    });
    if (stage.edge.awsWaf) {
      new Waf(this, 'waf', {
        account,
        stage,
        loadBalancerArn: edge.loadBalancer.arn,
        logGroupArn: logGroups.waf.arn,
      });
    }
    new CloudflareDns(this, 'dns', {
      zoneId,
      hostname,
      target: edge.loadBalancer.dnsName,
      proxied: stage.edge.cloudflareProxy,
      redirectApex: stage.edge.hostLabel === null && account.apexRedirect ? account.domain : undefined,
    });
    if (stage.edge.cloudflareZoneOwner) {
      new CloudflareZoneSettings(this, 'zone-settings', { zoneId });
      new CloudflareRulesets(this, 'zone-rulesets', { zoneId, stage });
    }

    const canary = stage.observability.syntheticsCanary
      ? new HealthCanary(this, 'health-canary', {
          account,
          stage,
          context,
          url: `https://${hostname}${READINESS_PATH}`,
          artifacts: {
            bucketName: buckets.logs.bucket,
            bucketArn: buckets.logs.arn,
            prefix: LOG_PREFIXES.canary,
          },
        })
      : undefined;
    const monitoring = new Monitoring(this, 'monitoring', {
      account,
      stage,
      alertTopicArn: alertTopic.topic.arn,
      loadBalancer: {
        arnSuffix: edge.loadBalancer.arnSuffix,
        targetGroupArnSuffix: edge.targetGroup.arnSuffix,
      },
      autoScalingGroupName: autoScalingGroupName(account, stage),
      database: database.primary
        ? { instanceIdentifier: database.primary.identifier, replicaIdentifier: database.replica?.identifier }
        : undefined,
      cacheClusterIds: cache?.memberClusterIds,
      canaryName: canary?.name,
    });
    const realUserMonitoring = stage.observability.realUserMonitoring
      ? new RealUserMonitoring(this, 'real-user-monitoring', { account, stage, context })
      : undefined;
    if (stage.observability.applicationInsights) {
      new ApplicationInsights(this, 'application-insights', { account, stage });
    }

    const { connection } = database;
    new Compute(this, 'compute', {
      account,
      stage,
      context,
      privateSubnetIds,
      securityGroupId: securityGroups.instances.id,
      targetGroup: { arn: edge.targetGroup.arn, arnSuffix: edge.targetGroup.arnSuffix },
      loadBalancerArnSuffix: edge.loadBalancer.arnSuffix,
      deploymentAlarmNames: monitoring.deploymentAlarmNames,
      secretsKeyArn: keys.secrets.arn,
      boot: {
        environment: {
          PUBLIC_URL: `https://${hostname}`,
          ...(realUserMonitoring
            ? {
                RUM_APP_MONITOR_ID: realUserMonitoring.appMonitor.appMonitorId,
                RUM_IDENTITY_POOL_ID: realUserMonitoring.identityPoolId,
              }
            : {}),
        },
        secretReferences: {
          DATABASE_SECRET_ARN: connection.secretArn,
          REDIS_AUTH_SECRET_ARN: cache?.connection.authSecretArn,
          ADMIN_BOOTSTRAP_SECRET_ARN: secrets.adminBootstrap.arn,
          SESSION_SECRET_ARN: secrets.sessionSigning.secret.arn,
          INTEGRATIONS_SECRET_ARN: secrets.integrations.arn,
        },
        database: {
          host: connection.host,
          port: connection.port,
          name: connection.databaseName,
          readHost: connection.readHost,
        },
        redis: cache ? { host: cache.connection.host, port: cache.connection.port } : undefined,
        logGroups: {
          app: logGroups.app.name,
          nginxAccess: logGroups.nginxAccess.name,
          nginxError: logGroups.nginxError.name,
          system: logGroups.system.name,
        },
        vpcCidr: stage.network.cidr,
      },
    });

    if (stage.storage.cloudfront) {
      // CloudFront's certificate and CLOUDFRONT-scope WAF ACL exist only in us-east-1.
      const usEast1 = new AwsProvider(this, 'aws-us-east-1', {
        alias: 'us_east_1',
        region: 'us-east-1',
        defaultTags: [{ tags: defaultTags(account, stage) }],
      });
      new Cdn(this, 'cdn', { account, stage, context, logsKey: keys.storage, buckets, usEast1 });
    }
    new Audit(this, 'audit', {
      account,
      stage,
      context,
      buckets,
      storageKey: keys.storage,
      databaseKey: keys.database,
      databaseArn: database.primary?.arn,
    });
  }
}
