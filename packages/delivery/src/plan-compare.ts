import { effectiveChanges, type TerraformPlan } from './terraform-plan';

export interface PlanComparison {
  same: boolean;
  /** One line per resource whose planned change differs, e.g. `aws_db_instance.db: update in reviewed, replace now`. */
  differences: string[];
}

/** Deterministic JSON: object keys sorted, so the same values always print the same way. */
function canonical(value: unknown): string {
  return JSON.stringify(value, (_key, inner: unknown) =>
    inner && typeof inner === 'object' && !Array.isArray(inner)
      ? Object.fromEntries(
          Object.entries(inner as Record<string, unknown>).sort(([a], [b]) => a.localeCompare(b)),
        )
      : inner,
  );
}

function changesByAddress(plan: TerraformPlan) {
  return new Map(
    effectiveChanges(plan).map((change) => [
      change.address,
      {
        kind: change.kind,
        values: canonical({
          before: change.change.before,
          after: change.change.after,
          after_unknown: change.change.after_unknown,
        }),
      },
    ]),
  );
}

/**
 * Whether a plan made now would do what the reviewed plan showed: the same resources, the same actions, the same
 * before/after values. Anything else — new drift, a changed state, another commit merged in between — needs a new
 * review, so apply stops and says which resources differ.
 */
export function comparePlans(reviewed: TerraformPlan, current: TerraformPlan): PlanComparison {
  const before = changesByAddress(reviewed);
  const now = changesByAddress(current);
  const differences: string[] = [];
  for (const address of [...new Set([...before.keys(), ...now.keys()])].sort()) {
    const a = before.get(address);
    const b = now.get(address);
    if (!a) differences.push(`${address}: not in the reviewed plan, ${b?.kind} now`);
    else if (!b) differences.push(`${address}: ${a.kind} in the reviewed plan, no change now`);
    else if (a.kind !== b.kind) differences.push(`${address}: ${a.kind} in the reviewed plan, ${b.kind} now`);
    else if (a.values !== b.values) differences.push(`${address}: ${a.kind} with different values`);
  }
  return { same: differences.length === 0, differences };
}
