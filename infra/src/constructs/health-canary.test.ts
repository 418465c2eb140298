import { mkdtempSync, readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type RequestOptions, request } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { App, TerraformStack } from 'cdktf';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  onlyResource,
  parsePolicy,
  type SynthJson,
  stageNamed,
  synthConstruct,
  testAccount,
} from '../test-support/synth-json';
import { AwsContext } from './aws-context';
import { canarySchedule, HEALTH_CANARY_SCRIPT, HealthCanary } from './health-canary';

describe('HealthCanary', () => {
  let json: SynthJson;
  beforeAll(() => {
    json = synthConstruct((stack) => {
      new HealthCanary(stack, 'canary', {
        account: testAccount(),
        stage: stageNamed('production'),
        context: new AwsContext(stack, 'context', { region: 'us-east-1' }),
        url: 'https://www.sigma-pli.example.com/health/ready',
        artifacts: { bucketName: 'logs-bucket', bucketArn: 'arn:aws:s3:::logs-bucket', prefix: 'synthetics' },
      });
    });
  });

  it('checks the public readiness URL on the stage schedule with the latest Node.js runtime', () => {
    const canary = onlyResource(json, 'aws_synthetics_canary');
    expect(canary).toMatchObject({
      name: 'production-health',
      handler: 'health-canary.handler',
      schedule: { expression: 'rate(1 minute)' },
      start_canary: true,
      artifact_s3_location: 's3://logs-bucket/synthetics/',
      run_config: { environment_variables: { HEALTH_URL: 'https://www.sigma-pli.example.com/health/ready' } },
    });
    expect(canary.runtime_version).toMatch(
      /^\$\{data\.aws_synthetics_runtime_version\.[\w-]+\.version_name\}$/,
    );
    expect(canary.zip_file).toMatch(/^assets\/.*\.zip$/);
  });

  it('lets the canary write only its artifacts, its own logs and Synthetics metrics', () => {
    const statements = parsePolicy(onlyResource(json, 'aws_iam_role_policy').policy).Statement;
    expect(statements.find((statement) => statement.Sid === 'WriteArtifacts')?.Resource).toBe(
      'arn:aws:s3:::logs-bucket/synthetics/*',
    );
    expect(statements.find((statement) => statement.Sid === 'PublishCanaryMetrics')?.Condition).toEqual({
      StringEquals: { 'cloudwatch:namespace': 'CloudWatchSynthetics' },
    });
    expect(onlyResource(json, 'aws_iam_role').assume_role_policy).toContain('lambda.amazonaws.com');
  });
});

describe('canarySchedule', () => {
  it('writes the unit the rate expression requires', () => {
    expect(canarySchedule(1)).toBe('rate(1 minute)');
    expect(canarySchedule(5)).toBe('rate(5 minutes)');
  });
});

describe('HealthCanary code archive', () => {
  /** Synthesizes a stack with the canary into a fresh directory and returns the bytes of its code archive. */
  function archiveBytes(): Buffer {
    const outdir = mkdtempSync(join(tmpdir(), 'sigma-canary-archive-'));
    const app = new App({ outdir });
    const stack = new TerraformStack(app, 'canary');
    new AwsProvider(stack, 'aws', { region: 'us-east-1' });
    new HealthCanary(stack, 'canary', {
      account: testAccount(),
      stage: stageNamed('growth'),
      context: new AwsContext(stack, 'context', { region: 'us-east-1' }),
      url: 'https://www.sigma-pli.example.com/health/ready',
      artifacts: { bucketName: 'logs-bucket', bucketArn: 'arn:aws:s3:::logs-bucket', prefix: 'synthetics' },
    });
    app.synth();
    const canary = onlyResource(
      JSON.parse(readFileSync(join(outdir, 'stacks', 'canary', 'cdk.tf.json'), 'utf8')),
      'aws_synthetics_canary',
    );
    return readFileSync(join(outdir, 'stacks', 'canary', String(canary.zip_file)));
  }

  it('is byte-identical across synths, even seconds apart (zip entries keep a fixed time)', async () => {
    const first = archiveBytes();
    // Zip timestamps have a two-second resolution: wait past it so that file times would differ.
    await new Promise((resolve) => setTimeout(resolve, 2100));
    expect(archiveBytes().equals(first)).toBe(true);
  });
});

describe('HEALTH_CANARY_SCRIPT', () => {
  let status = 200;
  const server = createServer((_request, response) => {
    response.statusCode = status;
    response.end('{}');
  });
  beforeAll(() => new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve)));
  afterAll(() => {
    delete process.env.HEALTH_URL;
    return new Promise<void>((resolve) => server.close(() => resolve()));
  });

  /**
   * Runs the script's handler with the one Synthetics call it uses implemented over node:http: the request goes to
   * a real server and the script's own callback decides success.
   */
  async function runCanary(): Promise<void> {
    const { port } = server.address() as AddressInfo;
    const synthetics = {
      executeHttpStep: (
        _name: string,
        options: RequestOptions,
        validate: (response: IncomingMessage) => Promise<void>,
      ) =>
        new Promise<void>((resolve, reject) => {
          request(options, (response) => validate(response).then(resolve, reject))
            .on('error', reject)
            .end();
        }),
    };
    const module = { exports: {} as { handler?: () => Promise<void> } };
    process.env.HEALTH_URL = `http://127.0.0.1:${port}/health/ready`;
    new Function('require', 'exports', HEALTH_CANARY_SCRIPT)(() => synthetics, module.exports);
    await module.exports.handler?.();
  }

  it('passes when the readiness endpoint answers 200', async () => {
    status = 200;
    await expect(runCanary()).resolves.toBeUndefined();
  });

  it('fails when it answers anything else', async () => {
    status = 503;
    await expect(runCanary()).rejects.toThrow('status 503');
  });
});
