import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadPlatformConfig, type PolicyWaiver, type StageDefinition } from '@sigma-pli/config';
import { TerraformDocument } from '@sigma-pli/terraform-json';
import { afterAll, describe, expect, it } from 'vitest';
import { run } from './cli';
import { evaluateStage, validateWaivers } from './engine';
import { at, compliantStack } from './fixtures.test-support';
import { formatReport } from './report';

const production = loadPlatformConfig({ env: {} }).stages.find(
  (stage) => stage.name === 'production',
) as StageDefinition;

function brokenStack() {
  const stack = compliantStack();
  at(stack, 'aws_lb.alb').enable_deletion_protection = false;
  at(stack, 'aws_kms_key.data').enable_key_rotation = false;
  return new TerraformDocument(stack);
}

const deletionWaiver: PolicyWaiver = {
  rule: 'alb-deletion-protection',
  resource: 'alb',
  stages: ['production'],
  reason: 'fixture: replaced freely',
};

describe('waivers', () => {
  it('turn a matching failure into "waived", by construct path or address, only for their stages', () => {
    const report = evaluateStage(brokenStack(), production, [deletionWaiver]);
    const albResult = report.results.find((result) => result.rule === 'alb-deletion-protection');
    expect(albResult).toMatchObject({ status: 'waived', resource: 'aws_lb.alb', waiver: deletionWaiver });
    expect(report.summary).toMatchObject({ fail: 1, waived: 1 });
    expect(report.results.find((result) => result.status === 'fail')?.rule).toBe('kms-rotation');

    const byAddress = evaluateStage(brokenStack(), production, [
      { ...deletionWaiver, resource: 'aws_lb.alb' },
    ]);
    expect(byAddress.summary.waived).toBe(1);
    const otherStage = evaluateStage(brokenStack(), production, [{ ...deletionWaiver, stages: ['mvp'] }]);
    expect(otherStage.summary).toMatchObject({ fail: 2, waived: 0 });
  });

  it('reject an unknown rule id and an empty reason, and report unused waivers', () => {
    expect(() => validateWaivers([{ ...deletionWaiver, rule: 'alb-deletion-protektion' }])).toThrow(
      /unknown rule id "alb-deletion-protektion"/,
    );
    expect(() => validateWaivers([{ ...deletionWaiver, reason: ' ' }])).toThrow(/reason is empty/);
    const stale = { ...deletionWaiver, resource: 'gone/alb' };
    expect(evaluateStage(brokenStack(), production, [stale]).unusedWaivers).toEqual([stale]);
  });
});

describe('report formats', () => {
  const report = evaluateStage(brokenStack(), production, [deletionWaiver]);

  it('table and markdown show failures with their fix and ids, waivers with their reason', () => {
    const table = formatReport([report], 'table');
    expect(table).toContain('FAIL   medium   kms-rotation  data');
    expect(table).toContain('CKV_AWS_7, AVD-AWS-0065, FSBP KMS.4');
    expect(table).toContain('waiver: fixture: replaced freely');
    expect(table).toMatch(/Policy FAILED in 1 stage\(s\): production \d+ pass \/ 1 fail \/ 1 waived/);
    const markdown = formatReport([report], 'markdown');
    expect(markdown).toContain('| production |');
    expect(markdown).toContain('| ❌ fail | medium | `kms-rotation` | `data` |');
    expect(JSON.parse(formatReport([report], 'json')).stages[0].summary.fail).toBe(1);
  });
});

describe('cli', () => {
  const outdir = mkdtempSync(join(tmpdir(), 'policy-cli-'));
  afterAll(() => rmSync(outdir, { recursive: true, force: true }));
  const config = loadPlatformConfig({ env: {} });
  const writeStack = (stage: string, json: unknown) => {
    mkdirSync(join(outdir, 'stacks', `sigma-pli-${stage}`), { recursive: true });
    writeFileSync(join(outdir, 'stacks', `sigma-pli-${stage}`, 'cdk.tf.json'), JSON.stringify(json));
  };

  it('exits 0 when a stage passes and 1 on an unwaived failure', () => {
    for (const stage of config.stages) writeStack(stage.name, compliantStack());
    let output = '';
    expect(run(['--synth-dir', outdir, '--stage', 'production'], (text) => (output += text))).toBe(0);
    expect(output).toContain('Policy passed: production');

    const broken = compliantStack();
    at(broken, 'aws_db_instance.primary').publicly_accessible = true;
    writeStack('production', broken);
    output = '';
    expect(
      run(
        ['--synth-dir', outdir, '--stage', 'production', '--format', 'markdown'],
        (text) => (output += text),
      ),
    ).toBe(1);
    expect(output).toContain('`rds-not-public`');
  });

  it('names a missing synth output and an unknown stage', () => {
    expect(() => run(['--synth-dir', join(outdir, 'nothing')], () => {})).toThrow(/pnpm synth/);
    expect(() => run(['--synth-dir', outdir, '--stage', 'staging'], () => {})).toThrow(
      /unknown stage "staging"/,
    );
  });
});

describe('stacks that are not a stage', () => {
  it('get the stage-independent rules, and waivers naming the stack', () => {
    const stack = compliantStack();
    at(stack, 'aws_lb.alb').enable_deletion_protection = false;
    at(stack, 'aws_kms_key.data').enable_key_rotation = false;
    const document = new TerraformDocument(stack);
    const waiver: PolicyWaiver = {
      rule: 'kms-rotation',
      resource: 'data',
      stages: ['fixture'],
      reason: 'fixture',
    };
    const report = evaluateStage(document, undefined, [waiver]);
    expect(report.stage).toBe('fixture');
    // Deletion protection, WAF, Multi-AZ, CloudTrail and EBS defaults follow a stage definition: not applicable.
    expect(report.results.some((result) => result.rule === 'alb-deletion-protection')).toBe(false);
    expect(report.results.some((result) => result.rule === 'cloudtrail-present')).toBe(false);
    expect(report.results.find((result) => result.rule === 'kms-rotation')?.status).toBe('waived');
    expect(report.summary.fail).toBe(0);
  });
});
