import type { PolicyWaiver, StageDefinition } from '@sigma-pli/config';
import type { TerraformDocument } from '@sigma-pli/terraform-json';
import { CATALOG, ruleById } from './catalog';
import type { Rule, RuleContext, Severity } from './types';

export type Status = 'pass' | 'fail' | 'waived';

export interface RuleResult {
  rule: string;
  severity: Severity;
  title: string;
  status: Status;
  /** Resource address, or the stack name for stack rules. */
  resource: string;
  /** Construct path inside the stack (what waivers should name). */
  path: string;
  message?: string;
  fix?: string;
  waiver?: PolicyWaiver;
}

export interface StagePolicyReport {
  stack: string;
  stage: string;
  results: RuleResult[];
  summary: { pass: number; fail: number; waived: number; rulesEvaluated: number; rulesNotApplicable: number };
  /** Waivers for this stage that matched nothing: stale, or naming the wrong resource. */
  unusedWaivers: PolicyWaiver[];
}

/** Rejects waivers that name a rule the catalog does not have, or that lack a reason. */
export function validateWaivers(waivers: readonly PolicyWaiver[], rules: readonly Rule[] = CATALOG): void {
  const problems: string[] = [];
  waivers.forEach((waiver, index) => {
    const where = `waivers[${index}] (${waiver.rule} on ${waiver.resource})`;
    if (!rules.some((rule) => rule.id === waiver.rule))
      problems.push(`${where}: unknown rule id "${waiver.rule}"`);
    if (!waiver.reason.trim()) problems.push(`${where}: reason is empty`);
    if (waiver.stages.length === 0) problems.push(`${where}: stages is empty`);
  });
  if (problems.length > 0) throw new Error(`Invalid policy waivers:\n  - ${problems.join('\n  - ')}`);
}

const matches = (waiver: PolicyWaiver, rule: string, stage: string, address: string, path: string): boolean =>
  waiver.rule === rule &&
  waiver.stages.includes(stage) &&
  (waiver.resource === address || waiver.resource === path);

/**
 * Evaluates the catalog on one synthesized stack, applying the waivers of its stage. A stack that is not a stage
 * (`stage` undefined, e.g. the account's bootstrap stack) gets the stage-independent rules, and waivers name it
 * by its stack name in `stages`.
 */
export function evaluateStage(
  document: TerraformDocument,
  stage: StageDefinition | undefined,
  waivers: readonly PolicyWaiver[] = [],
  rules: readonly Rule[] = CATALOG,
): StagePolicyReport {
  validateWaivers(waivers, rules);
  const context: RuleContext = stage ? { document, stage } : { document };
  const stageName = stage?.name ?? document.stackName;
  const results: RuleResult[] = [];
  const used = new Set<PolicyWaiver>();
  let notApplicable = 0;

  const record = (rule: Rule, resource: string, path: string, message: string | undefined) => {
    const base = { rule: rule.id, severity: rule.severity, title: rule.title, resource, path };
    if (message === undefined) {
      results.push({ ...base, status: 'pass' });
      return;
    }
    const waiver = waivers.find((candidate) => matches(candidate, rule.id, stageName, resource, path));
    if (waiver) used.add(waiver);
    results.push({
      ...base,
      status: waiver ? 'waived' : 'fail',
      message,
      fix: rule.fix,
      ...(waiver ? { waiver } : {}),
    });
  };

  for (const rule of rules) {
    const before = results.length;
    if (rule.kind === 'stack') {
      if (rule.applies(context)) record(rule, document.stackName, document.stackName, rule.check(context));
    } else {
      for (const type of rule.resourceTypes) {
        for (const resource of document.resources(type)) {
          if (rule.applies && !rule.applies(resource, context)) continue;
          record(rule, resource.address, resource.path, rule.check(resource, context));
        }
      }
    }
    if (results.length === before) notApplicable += 1;
  }

  const count = (status: Status) => results.filter((result) => result.status === status).length;
  return {
    stack: document.stackName,
    stage: stageName,
    results,
    summary: {
      pass: count('pass'),
      fail: count('fail'),
      waived: count('waived'),
      rulesEvaluated: rules.length - notApplicable,
      rulesNotApplicable: notApplicable,
    },
    unusedWaivers: waivers.filter((waiver) => waiver.stages.includes(stageName) && !used.has(waiver)),
  };
}

export { ruleById };
