import { mkdirSync, mkdtempSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataAwsSyntheticsRuntimeVersion } from '@cdktf/provider-aws/lib/data-aws-synthetics-runtime-version';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { IamRolePolicy } from '@cdktf/provider-aws/lib/iam-role-policy';
import { SyntheticsCanary } from '@cdktf/provider-aws/lib/synthetics-canary';
import type { AccountSettings, StageDefinition } from '@sigma-pli/config';
import { AssetType, TerraformAsset } from 'cdktf';
import { Construct } from 'constructs';
import { resourceName } from '../naming';
import { policyDocument } from '../policy';
import { serviceTrustPolicy } from '../trust-policy';
import type { AwsContext } from './aws-context';

/** Canary names are limited to 21 characters by older Synthetics APIs; the stage name keeps them unique. */
const CANARY_NAME_LENGTH = 21;
const SCRIPT_FILE = 'health-canary';
const RETENTION_DAYS = 14;

/**
 * The canary's script: one HTTPS GET of the readiness URL that must answer 200. Node.js Synthetics runtimes load
 * the handler from `nodejs/node_modules/<file>.js` inside the zip.
 */
export const HEALTH_CANARY_SCRIPT = `const synthetics = require('Synthetics');

exports.handler = async () => {
  const url = new URL(process.env.HEALTH_URL);
  await synthetics.executeHttpStep(
    'GET ' + url.pathname,
    {
      hostname: url.hostname,
      method: 'GET',
      path: url.pathname,
      port: Number(url.port) || 443,
      protocol: url.protocol,
    },
    (response) =>
      new Promise((resolve, reject) => {
        response.resume();
        if (response.statusCode !== 200) reject(new Error('status ' + response.statusCode));
        else response.on('end', resolve);
      }),
  );
};
`;

export interface HealthCanaryProps {
  account: AccountSettings;
  stage: StageDefinition;
  context: AwsContext;
  /** Public URL checked on the stage's schedule, e.g. `https://www.example.com/health/ready`. */
  url: string;
  /** Where run artifacts (HAR, logs) go: the logs bucket, under `prefix`. */
  artifacts: { bucketName: string; bucketArn: string; prefix: string };
}

/**
 * CloudWatch Synthetics canary calling the readiness endpoint through the public hostname every
 * `observability.canaryIntervalMinutes` (every minute in production) — the outside
 * view that measures the uptime target (its SuccessPercent metric feeds an alarm and the dashboard).
 */
export class HealthCanary extends Construct {
  readonly canary: SyntheticsCanary;

  constructor(scope: Construct, id: string, props: HealthCanaryProps) {
    super(scope, id);
    const { account, stage, context, artifacts } = props;
    const role = new IamRole(this, 'role', {
      name: resourceName(account, stage, 'health-canary'),
      assumeRolePolicy: serviceTrustPolicy('lambda.amazonaws.com'),
    });
    new IamRolePolicy(this, 'permissions', {
      role: role.name,
      policy: policyDocument([
        {
          Sid: 'WriteArtifacts',
          Effect: 'Allow',
          Action: ['s3:PutObject'],
          Resource: `${artifacts.bucketArn}/${artifacts.prefix}/*`,
        },
        {
          Sid: 'LocateBucket',
          Effect: 'Allow',
          Action: ['s3:GetBucketLocation'],
          Resource: artifacts.bucketArn,
        },
        { Sid: 'ListBuckets', Effect: 'Allow', Action: ['s3:ListAllMyBuckets'], Resource: '*' },
        {
          Sid: 'WriteOwnLogs',
          Effect: 'Allow',
          Action: ['logs:CreateLogGroup', 'logs:CreateLogStream', 'logs:PutLogEvents'],
          Resource: `arn:${context.partition}:logs:${context.region}:${context.accountId}:log-group:/aws/lambda/cwsyn-*`,
        },
        {
          Sid: 'PublishCanaryMetrics',
          Effect: 'Allow',
          Action: ['cloudwatch:PutMetricData'],
          Resource: '*',
          Condition: { StringEquals: { 'cloudwatch:namespace': 'CloudWatchSynthetics' } },
        },
      ]),
    });
    const runtime = new DataAwsSyntheticsRuntimeVersion(this, 'runtime', {
      prefix: 'syn-nodejs-puppeteer',
      latest: true,
    });
    const code = new TerraformAsset(this, 'code', { path: scriptDirectory(), type: AssetType.ARCHIVE });
    this.canary = new SyntheticsCanary(this, 'canary', {
      name: `${stage.name}-health`.slice(0, CANARY_NAME_LENGTH),
      executionRoleArn: role.arn,
      runtimeVersion: runtime.versionName,
      handler: `${SCRIPT_FILE}.handler`,
      zipFile: code.path,
      artifactS3Location: `s3://${artifacts.bucketName}/${artifacts.prefix}/`,
      schedule: { expression: canarySchedule(stage.observability.canaryIntervalMinutes) },
      runConfig: { timeoutInSeconds: 30, environmentVariables: { HEALTH_URL: props.url } },
      startCanary: true,
      successRetentionPeriod: RETENTION_DAYS,
      failureRetentionPeriod: RETENTION_DAYS,
      deleteLambda: true,
    });
  }

  get name(): string {
    return this.canary.name;
  }
}

/** `rate(1 minute)` or `rate(<n> minutes)`: the schedule expression's unit must agree with the number. */
export function canarySchedule(intervalMinutes: number): string {
  return `rate(${intervalMinutes} ${intervalMinutes === 1 ? 'minute' : 'minutes'})`;
}

/** Fixed timestamp of the zipped entries, so that every synth produces the same archive bytes. */
const ARCHIVE_MTIME = new Date('2020-01-01T00:00:00Z');

/** Writes the script into the folder layout the runtime expects, for TerraformAsset to zip at synth. */
function scriptDirectory(): string {
  const root = mkdtempSync(join(tmpdir(), 'sigma-health-canary-'));
  const nodejs = join(root, 'nodejs');
  const modules = join(nodejs, 'node_modules');
  const script = join(modules, `${SCRIPT_FILE}.js`);
  mkdirSync(modules, { recursive: true });
  writeFileSync(script, HEALTH_CANARY_SCRIPT);
  for (const path of [script, modules, nodejs, root]) utimesSync(path, ARCHIVE_MTIME, ARCHIVE_MTIME);
  return root;
}
