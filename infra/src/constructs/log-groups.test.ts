import { KmsKey } from '@cdktf/provider-aws/lib/kms-key';
import { describe, expect, it } from 'vitest';
import { resourcesOf, stageNamed, synthConstruct, testAccount, tfRef } from '../test-support/synth-json';
import { LogGroups } from './log-groups';

function synthLogGroups(stageName: string, retention?: number) {
  const base = stageNamed(stageName);
  const stage = retention
    ? { ...base, observability: { ...base.observability, logRetentionDays: retention } }
    : base;
  return synthConstruct((stack) => {
    const key = new KmsKey(stack, 'key', {});
    new LogGroups(stack, 'logs', { account: testAccount(), stage, key });
  });
}

describe('LogGroups', () => {
  it('creates the six groups with the stage retention and KMS encryption', () => {
    for (const [stageName, retention] of [
      ['mvp', 14],
      ['production', 90],
    ] as const) {
      const groups = Object.values(resourcesOf(synthLogGroups(stageName), 'aws_cloudwatch_log_group'));
      expect(groups.map((group) => group.name).sort()).toEqual(
        [
          `/sigma-pli/${stageName}/app`,
          `/sigma-pli/${stageName}/nginx/access`,
          `/sigma-pli/${stageName}/nginx/error`,
          `/sigma-pli/${stageName}/system`,
          `/sigma-pli/${stageName}/vpc-flow-logs`,
          `aws-waf-logs-sigma-pli-${stageName}`,
        ].sort(),
      );
      for (const group of groups) {
        expect(group.retention_in_days).toBe(retention);
        expect(group.kms_key_id).toBe(tfRef('aws_kms_key.key.arn'));
      }
    }
  });

  it('rejects a retention CloudWatch Logs does not accept, naming the field', () => {
    expect(() => synthLogGroups('mvp', 10)).toThrow(/observability\.logRetentionDays of stage mvp is 10/);
  });
});
