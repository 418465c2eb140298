/**
 * The part of `terraform show -json <planfile>` (format 1.x) the workflows read. Terraform documents this format as
 * stable within a major format version; unknown fields are ignored.
 */
export type PlanAction = 'no-op' | 'create' | 'read' | 'update' | 'delete';

export interface ResourceChange {
  address: string;
  mode: 'managed' | 'data';
  type: string;
  name: string;
  change: {
    actions: PlanAction[];
    before: unknown;
    after: unknown;
    after_unknown?: unknown;
  };
  action_reason?: string;
}

export interface TerraformPlan {
  format_version: string;
  terraform_version?: string;
  resource_changes?: ResourceChange[];
  output_changes?: Record<string, { actions: PlanAction[] }>;
  errored?: boolean;
}

/** Parses plan JSON, rejecting anything that is not a Terraform plan with a clear message. */
export function parsePlan(text: string, source: string): TerraformPlan {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new Error(`${source}: not JSON (${(error as Error).message})`);
  }
  const plan = value as Partial<TerraformPlan> | null;
  if (!plan || typeof plan !== 'object' || typeof plan.format_version !== 'string') {
    throw new Error(`${source}: not a \`terraform show -json\` plan (no format_version)`);
  }
  if (!plan.format_version.startsWith('1.')) {
    throw new Error(`${source}: unsupported plan format_version ${plan.format_version} (expected 1.x)`);
  }
  if (plan.resource_changes !== undefined && !Array.isArray(plan.resource_changes)) {
    throw new Error(`${source}: resource_changes must be an array`);
  }
  return plan as TerraformPlan;
}

/** What a change does to a managed resource, in the words of `terraform plan`. */
export type ChangeKind = 'create' | 'update' | 'delete' | 'replace';

export function changeKind(actions: PlanAction[]): ChangeKind | undefined {
  const key = actions.join(',');
  switch (key) {
    case 'create':
      return 'create';
    case 'update':
      return 'update';
    case 'delete':
      return 'delete';
    case 'delete,create':
    case 'create,delete':
      return 'replace';
    default:
      return undefined; // no-op and read change nothing
  }
}

/** Managed-resource changes that do something (no no-ops, no data source reads). */
export function effectiveChanges(plan: TerraformPlan): Array<ResourceChange & { kind: ChangeKind }> {
  return (plan.resource_changes ?? []).flatMap((change) => {
    const kind = change.mode === 'managed' ? changeKind(change.change.actions) : undefined;
    return kind ? [{ ...change, kind }] : [];
  });
}
