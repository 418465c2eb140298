import { describe, expect, it } from 'vitest';
import { planHeadline, renderPlanSummary, summarizePlan } from './plan-summary';
import { planFixture } from './test-support/fixtures';

describe('summarizePlan', () => {
  it('counts a first apply as adds only', () => {
    const summary = summarizePlan('mvp', planFixture('plan-mvp-first-apply.json'));
    expect(summary).toMatchObject({
      stage: 'mvp',
      terraformVersion: '1.12.2',
      add: 4,
      change: 0,
      destroy: 0,
    });
    expect(summary.statefulDestroys).toEqual([]);
  });

  it('counts replacements as one add and one destroy, like terraform plan', () => {
    const summary = summarizePlan('growth', planFixture('plan-growth-destroys-database.json'));
    // delete db + delete parameter group + replace bucket + replace launch template; update SG; ASG no-op
    expect(summary).toMatchObject({ add: 2, change: 1, destroy: 4 });
  });

  it('flags the destroyed database and the replaced bucket as stateful destroys, not the parameter group', () => {
    const summary = summarizePlan('growth', planFixture('plan-growth-destroys-database.json'));
    expect(summary.statefulDestroys).toEqual([
      'aws_db_instance.database_instance_4C7B9E21',
      'aws_s3_bucket.storage_backup_bucket_5F6A7B8C',
    ]);
    const launchTemplate = summary.changes.find((change) => change.type === 'aws_launch_template');
    expect(launchTemplate).toMatchObject({ kind: 'replace', statefulDestroy: false });
  });

  it('finds nothing to do in a plan of no-ops and reads', () => {
    const summary = summarizePlan('production', planFixture('plan-production-no-changes.json'));
    expect(summary).toMatchObject({ add: 0, change: 0, destroy: 0, changes: [] });
    expect(planHeadline(summary)).toBe('No changes.');
  });
});

describe('renderPlanSummary', () => {
  it('puts the headline first and every stateful destroy in bold', () => {
    const markdown = renderPlanSummary(
      summarizePlan('growth', planFixture('plan-growth-destroys-database.json')),
    );
    expect(markdown.split('\n')[0]).toBe('**Plan: 2 to add, 1 to change, 4 to destroy.**');
    expect(markdown).toContain('**⚠️ Destroys 2 stateful resource(s)');
    expect(markdown).toContain('- **`aws_db_instance.database_instance_4C7B9E21`**');
    expect(markdown).toContain('- **`aws_s3_bucket.storage_backup_bucket_5F6A7B8C`**');
    expect(markdown).not.toContain('**`aws_db_parameter_group');
  });

  it('lists every change with its diff symbol', () => {
    const markdown = renderPlanSummary(
      summarizePlan('growth', planFixture('plan-growth-destroys-database.json')),
    );
    expect(markdown).toContain('-   aws_db_instance.database_instance_4C7B9E21');
    expect(markdown).toContain('-/+ aws_s3_bucket.storage_backup_bucket_5F6A7B8C');
    expect(markdown).toContain('~   aws_security_group.network_instances_sg_9D0E1F2A');
    expect(markdown).not.toContain('aws_autoscaling_group');
  });

  it('has no warning and no change list when nothing changes', () => {
    const markdown = renderPlanSummary(
      summarizePlan('production', planFixture('plan-production-no-changes.json')),
    );
    expect(markdown).toBe('**No changes.**');
  });
});
