import { loadPlatformConfig } from '@sigma-pli/config';
import { describe, expect, it } from 'vitest';
import { deploymentAlarmNames, findStage, formatEnvironment, stageEnvironment } from './stage-env';
import { fixture } from './test-support/fixtures';

const config = loadPlatformConfig({ env: {}, file: {} });
const stack = fixture('stack-production-alarms.json');

describe('deploymentAlarmNames', () => {
  it('picks the 5xx-rate (metric math) and p95 alarms, not capacity or health alarms', () => {
    expect(deploymentAlarmNames(stack)).toEqual([
      'sigma-pli-production-alb-5xx-rate',
      'sigma-pli-production-alb-p95-latency',
    ]);
  });

  it('finds none in a stack without alarms', () => {
    expect(deploymentAlarmNames({ resource: {} })).toEqual([]);
    expect(deploymentAlarmNames(null)).toEqual([]);
  });

  it('skips an alarm whose name Terraform only knows at apply time', () => {
    const computed = {
      resource: {
        aws_cloudwatch_metric_alarm: {
          // biome-ignore lint/suspicious/noTemplateCurlyInString: a Terraform interpolation, as synthesized
          a: { alarm_name: '${var.prefix}-5xx', metric_name: 'HTTPCode_Target_5XX_Count' },
        },
      },
    };
    expect(deploymentAlarmNames(computed)).toEqual([]);
  });
});

describe('stageEnvironment', () => {
  it("gives the deploy workflow the stage's shared names and its alarms", () => {
    expect(stageEnvironment(config, findStage(config, 'production'), stack)).toEqual({
      STAGE: 'production',
      STACK_NAME: 'sigma-pli-production',
      STACK_DIR: 'infra/cdktf.out/stacks/sigma-pli-production',
      AWS_REGION: 'us-east-1',
      ASG_NAME: 'sigma-pli-production-app',
      RELEASE_PARAMETER: '/sigma-pli/production/release',
      RELEASE_BUCKET: 'sigma-pli-releases',
      RELEASE_BUCKET_REGION: 'us-east-1',
      DEPLOY_ALARMS: 'sigma-pli-production-alb-5xx-rate,sigma-pli-production-alb-p95-latency',
    });
  });

  it('follows account settings from the environment', () => {
    const custom = loadPlatformConfig({
      env: {
        SIGMA_PROJECT: 'pli-test',
        SIGMA_RELEASE_BUCKET: 'pli-test-releases',
        SIGMA_REGION: 'sa-east-1',
      },
      file: {},
    });
    expect(stageEnvironment(custom, findStage(custom, 'mvp'), {})).toMatchObject({
      ASG_NAME: 'pli-test-mvp-app',
      RELEASE_PARAMETER: '/pli-test/mvp/release',
      RELEASE_BUCKET: 'pli-test-releases',
      AWS_REGION: 'sa-east-1',
      DEPLOY_ALARMS: '',
    });
  });

  it('names the configured stages when asked for an unknown one', () => {
    expect(() => findStage(config, 'staging')).toThrow(
      'unknown stage "staging" (configured: mvp, growth, production)',
    );
  });

  it('formats KEY=value lines for $GITHUB_OUTPUT', () => {
    expect(formatEnvironment({ A: '1', B: 'x,y' })).toBe('A=1\nB=x,y');
  });
});
