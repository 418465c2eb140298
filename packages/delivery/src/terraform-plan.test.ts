import { describe, expect, it } from 'vitest';
import { changeKind, effectiveChanges, parsePlan } from './terraform-plan';
import { planFixture } from './test-support/fixtures';

describe('parsePlan', () => {
  it('reads `terraform show -json` output', () => {
    const plan = planFixture('plan-mvp-first-apply.json');
    expect(plan.terraform_version).toBe('1.12.2');
    expect(plan.resource_changes).toHaveLength(5);
  });

  it('rejects text that is not JSON, naming the source', () => {
    expect(() => parsePlan('Plan: 1 to add', 'mvp.json')).toThrow(/^mvp\.json: not JSON/);
  });

  it('rejects JSON that is not a plan, and plan formats it does not know', () => {
    expect(() => parsePlan('{"resources": []}', 'x.json')).toThrow(/no format_version/);
    expect(() => parsePlan('{"format_version": "2.0"}', 'x.json')).toThrow(
      /unsupported plan format_version 2\.0/,
    );
    expect(() => parsePlan('{"format_version": "1.2", "resource_changes": {}}', 'x.json')).toThrow(
      /resource_changes must be an array/,
    );
  });
});

describe('changeKind', () => {
  it("names Terraform's action lists", () => {
    expect(changeKind(['create'])).toBe('create');
    expect(changeKind(['update'])).toBe('update');
    expect(changeKind(['delete'])).toBe('delete');
    expect(changeKind(['delete', 'create'])).toBe('replace');
    expect(changeKind(['create', 'delete'])).toBe('replace');
    expect(changeKind(['no-op'])).toBeUndefined();
    expect(changeKind(['read'])).toBeUndefined();
  });
});

describe('effectiveChanges', () => {
  it('keeps managed resources that change, dropping no-ops and data source reads', () => {
    const addresses = effectiveChanges(planFixture('plan-mvp-first-apply.json')).map(
      (change) => change.address,
    );
    expect(addresses).not.toContain('data.aws_caller_identity.context_caller_6A3F2B1C');
    expect(addresses).toHaveLength(4);
    expect(effectiveChanges(planFixture('plan-production-no-changes.json'))).toEqual([]);
  });
});
