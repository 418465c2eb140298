import { loadPlatformConfig, type StageDefinition } from '@sigma-pli/config';
import { TerraformDocument } from '@sigma-pli/terraform-json';
import { describe, expect, it } from 'vitest';
import { CATALOG } from './catalog';
import { evaluateStage } from './engine';
import { BREAKS, compliantStack, minimalStack } from './fixtures.test-support';
import { userDataText } from './rules/compute';

const production = loadPlatformConfig({ env: {} }).stages.find(
  (stage) => stage.name === 'production',
) as StageDefinition;

/** What each stack rule looks for, to cut its minimal fixture. */
const STACK_RULE_EVIDENCE: Record<string, readonly string[]> = {
  'cloudtrail-present': ['aws_cloudtrail'],
  'ebs-encryption-by-default': ['aws_ebs_encryption_by_default'],
};

const evaluate = (json: unknown, ruleId: string, stage: StageDefinition = production) =>
  evaluateStage(
    new TerraformDocument(json),
    stage,
    [],
    CATALOG.filter((rule) => rule.id === ruleId),
  ).results;

describe('rule catalog', () => {
  it('has unique ids, a fix hint and at least one fixture per rule', () => {
    const ids = CATALOG.map((rule) => rule.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const rule of CATALOG) {
      expect(rule.fix.length, rule.id).toBeGreaterThan(10);
      expect(BREAKS[rule.id], `no failing fixture for ${rule.id}`).toBeTypeOf('function');
    }
    expect(Object.keys(BREAKS).sort()).toEqual([...ids].sort());
  });

  it('the compliant fixture passes the whole catalog', () => {
    const report = evaluateStage(new TerraformDocument(compliantStack()), production);
    expect(report.results.filter((result) => result.status !== 'pass')).toEqual([]);
    expect(report.summary.rulesNotApplicable).toBe(0);
  });

  describe.each(CATALOG.map((rule) => [rule.id, rule] as const))('%s', (id, rule) => {
    const types = rule.kind === 'resource' ? rule.resourceTypes : (STACK_RULE_EVIDENCE[id] ?? []);

    it('passes on the minimal compliant fixture', () => {
      const stack = minimalStack(types);
      expect(Object.keys(stack.resource).length).toBeLessThan(Object.keys(compliantStack().resource).length);
      const results = evaluate(stack, id);
      expect(results.length).toBeGreaterThan(0);
      expect(results.every((result) => result.status === 'pass')).toBe(true);
    });

    it('fails on the minimal fixture with the one offending change', () => {
      const stack = minimalStack(types);
      BREAKS[id]?.(stack);
      const failures = evaluate(stack, id).filter((result) => result.status === 'fail');
      expect(failures.length).toBeGreaterThan(0);
      expect(failures[0]?.message).toBeTruthy();
    });
  });
});

describe('stage-dependent rules', () => {
  const mvp = loadPlatformConfig({ env: {} }).stages.find((stage) => stage.name === 'mvp') as StageDefinition;

  it('do not apply where the stage does not ask for the feature', () => {
    const relaxed: StageDefinition = {
      ...mvp,
      edge: { ...mvp.edge, awsWaf: false, loadBalancerDeletionProtection: false },
      database: { ...mvp.database, multiAz: false },
      audit: { ...mvp.audit, cloudTrail: false, ebsEncryptionByDefault: false },
    };
    for (const id of [
      'alb-waf',
      'cloudfront-waf',
      'rds-multi-az',
      'cloudtrail-present',
      'ebs-encryption-by-default',
    ]) {
      const stack = compliantStack();
      BREAKS[id]?.(stack);
      expect(evaluate(stack, id, relaxed), id).toEqual([]);
    }
  });
});

describe('user data decoding', () => {
  it('reads base64 and plain interpolated user data', () => {
    expect(userDataText(Buffer.from('#!/bin/sh\necho hi\n').toString('base64'))).toBe('#!/bin/sh\necho hi\n');
    expect(userDataText('${base64encode("#!/bin/sh")}')).toBe('${base64encode("#!/bin/sh")}');
  });

  it('scans user data kept in a local (`${base64gzip(local.…)}`)', () => {
    const stack = {
      ...compliantStack(),
      locals: { user_data: '#!/bin/sh\nexport API_TOKEN=abcdef123456789\n' },
    };
    stack.resource.aws_launch_template!.app!.user_data = '${base64gzip(local.user_data)}';
    expect(evaluate(stack, 'lt-no-secrets-in-user-data')[0]).toMatchObject({
      status: 'fail',
      message: 'user data contains: inline password or token',
    });
  });

  it('accepts secrets read at runtime and rejects inline ones', () => {
    const check = (script: string) => {
      const stack = compliantStack();
      stack.resource.aws_launch_template!.app!.user_data = Buffer.from(script).toString('base64');
      return evaluate(stack, 'lt-no-secrets-in-user-data')[0]?.status;
    };
    expect(check('DB_PASSWORD=$(aws secretsmanager get-secret-value --secret-id x)')).toBe('pass');
    expect(check('DB_PASSWORD="${DB_PASSWORD_FROM_ENV}"')).toBe('pass');
    expect(check('env.REDIS_URL = url({ password: readSecret(boot.REDIS_AUTH_SECRET_ARN).trim() })')).toBe(
      'pass',
    );
    expect(check('redis:\n  password: "not-a-real-value-1"\n')).toBe('fail');
    expect(check('key: AKIAABCDEFGHIJKLMNOP')).toBe('fail');
    expect(check('DATABASE_URL=postgres://app:fake-pass@db:5432/app')).toBe('fail');
    expect(check('-----BEGIN RSA PRIVATE KEY-----')).toBe('fail');
  });
});
