import { describe, expect, it } from 'vitest';
import { comparePlans } from './plan-compare';
import type { TerraformPlan } from './terraform-plan';
import { planFixture } from './test-support/fixtures';

const clone = (plan: TerraformPlan): TerraformPlan => JSON.parse(JSON.stringify(plan));

describe('comparePlans', () => {
  const reviewed = planFixture('plan-growth-destroys-database.json');

  it('accepts a plan that makes the same changes, whatever its key order, timestamps or no-ops', () => {
    const current = clone(reviewed);
    current.resource_changes = [...(current.resource_changes ?? [])].reverse().map((change) => ({
      ...change,
      change: {
        after_unknown: change.change.after_unknown,
        after: change.change.after,
        actions: change.change.actions,
        before: change.change.before,
      },
    }));
    (current as TerraformPlan & { timestamp: string }).timestamp = '2026-11-22T00:00:00Z';
    expect(comparePlans(reviewed, current)).toEqual({ same: true, differences: [] });
  });

  it('refuses a plan with a resource the reviewers never saw', () => {
    const current = clone(reviewed);
    current.resource_changes?.push({
      address: 'aws_instance.unexpected',
      mode: 'managed',
      type: 'aws_instance',
      name: 'unexpected',
      change: { actions: ['create'], before: null, after: { instance_type: 't3.large' } },
    });
    expect(comparePlans(reviewed, current).differences).toEqual([
      'aws_instance.unexpected: not in the reviewed plan, create now',
    ]);
  });

  it('refuses a plan whose action or values changed since review', () => {
    const current = clone(reviewed);
    const [database, , bucket] = current.resource_changes ?? [];
    if (database) database.change.actions = ['delete', 'create'];
    if (bucket) bucket.change.after = { bucket: 'sigma-pli-growth-backups-v2', force_destroy: false };
    expect(comparePlans(reviewed, current)).toEqual({
      same: false,
      differences: [
        'aws_db_instance.database_instance_4C7B9E21: delete in the reviewed plan, replace now',
        'aws_s3_bucket.storage_backup_bucket_5F6A7B8C: replace with different values',
      ],
    });
  });

  it('refuses a plan that no longer makes a reviewed change', () => {
    const current = clone(reviewed);
    current.resource_changes = current.resource_changes?.filter(
      (change) => change.type !== 'aws_security_group',
    );
    expect(comparePlans(reviewed, current).differences).toEqual([
      'aws_security_group.network_instances_sg_9D0E1F2A: update in the reviewed plan, no change now',
    ]);
  });
});
