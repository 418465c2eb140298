/**
 * Explicit exceptions to `pnpm policy` rules. Each names the rule, the resource (its address
 * `aws_lb.alb_1A2B` or, better because stable across refactors of the hash, its construct path inside the stack
 * `edge/alb/load-balancer`), the stages it applies to and why. The policy report prints every waiver it used;
 * a waiver whose rule id is not in the catalog is an error, and one that matches nothing is reported as unused.
 */
export interface PolicyWaiver {
  rule: string;
  resource: string;
  stages: readonly string[];
  reason: string;
}

export const POLICY_WAIVERS: readonly PolicyWaiver[] = [];
