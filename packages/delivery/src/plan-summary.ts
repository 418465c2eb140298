import { type ChangeKind, effectiveChanges, type TerraformPlan } from './terraform-plan';

/**
 * Resource types whose destruction loses data or the ability to recover it: databases, caches with snapshots,
 * buckets (including the state and release buckets), keys (data encrypted under them becomes unreadable),
 * secrets, log groups, volumes and backup vaults.
 */
export const STATEFUL_TYPES: ReadonlySet<string> = new Set([
  'aws_db_instance',
  'aws_rds_cluster',
  'aws_rds_cluster_instance',
  'aws_elasticache_replication_group',
  'aws_elasticache_cluster',
  'aws_s3_bucket',
  'aws_dynamodb_table',
  'aws_kms_key',
  'aws_secretsmanager_secret',
  'aws_cloudwatch_log_group',
  'aws_ebs_volume',
  'aws_efs_file_system',
  'aws_backup_vault',
]);

export interface PlanChangeLine {
  address: string;
  type: string;
  kind: ChangeKind;
  /** A destroy (delete or replace) of a resource that holds data. */
  statefulDestroy: boolean;
}

export interface PlanSummary {
  stage: string;
  terraformVersion?: string;
  /** Counted like `terraform plan`'s last line: a replacement is one add and one destroy. */
  add: number;
  change: number;
  destroy: number;
  changes: PlanChangeLine[];
  statefulDestroys: string[];
}

export function summarizePlan(stage: string, plan: TerraformPlan): PlanSummary {
  const changes = effectiveChanges(plan).map(
    (change): PlanChangeLine => ({
      address: change.address,
      type: change.type,
      kind: change.kind,
      statefulDestroy:
        (change.kind === 'delete' || change.kind === 'replace') && STATEFUL_TYPES.has(change.type),
    }),
  );
  const count = (...kinds: ChangeKind[]) => changes.filter((change) => kinds.includes(change.kind)).length;
  return {
    stage,
    terraformVersion: plan.terraform_version,
    add: count('create', 'replace'),
    change: count('update'),
    destroy: count('delete', 'replace'),
    changes,
    statefulDestroys: changes.filter((change) => change.statefulDestroy).map((change) => change.address),
  };
}

const SYMBOL: Record<ChangeKind, string> = { create: '+', update: '~', delete: '-', replace: '-/+' };

/** `Plan: 1 to add, 2 to change, 0 to destroy.`, or Terraform's words for an empty plan. */
export function planHeadline(summary: Pick<PlanSummary, 'add' | 'change' | 'destroy'>): string {
  if (summary.add + summary.change + summary.destroy === 0) return 'No changes.';
  return `Plan: ${summary.add} to add, ${summary.change} to change, ${summary.destroy} to destroy.`;
}

/** Markdown of one stage's plan: the headline, stateful destroys in bold, then every change. */
export function renderPlanSummary(summary: PlanSummary): string {
  const lines = [`**${planHeadline(summary)}**`];
  if (summary.statefulDestroys.length > 0) {
    lines.push(
      '',
      `**⚠️ Destroys ${summary.statefulDestroys.length} stateful resource(s) — data will be lost unless it is backed up:**`,
      ...summary.statefulDestroys.map((address) => `- **\`${address}\`**`),
    );
  }
  if (summary.changes.length > 0) {
    lines.push(
      '',
      '<details><summary>Changes</summary>',
      '',
      '```diff',
      ...summary.changes.map((change) => `${SYMBOL[change.kind].padEnd(3)} ${change.address}`),
      '```',
      '',
      '</details>',
    );
  }
  return lines.join('\n');
}
