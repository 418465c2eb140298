import type { StageDefinition } from '@sigma-pli/config';
import type { TerraformDocument, TfResource } from '@sigma-pli/terraform-json';

export const SEVERITIES = ['critical', 'high', 'medium', 'low'] as const;
export type Severity = (typeof SEVERITIES)[number];

export interface RuleContext {
  document: TerraformDocument;
  /** Absent for stacks that are not a stage (the account's bootstrap stack): stage-dependent rules do not apply. */
  stage?: StageDefinition;
}

/** What a check returns: nothing when the resource passes, else why it fails. */
export type Finding = string | undefined;

interface RuleBase {
  /** Stable id used in reports and waivers, e.g. `rds-encrypted`. */
  id: string;
  title: string;
  severity: Severity;
  /** Equivalent Checkov, Trivy (AVD) and AWS Foundational Security Best Practices control ids, where one exists. */
  checkov: readonly string[];
  trivy: readonly string[];
  fsbp: readonly string[];
  /** How to fix a failure, in terms of this repository. */
  fix: string;
}

/** A rule evaluated once per resource of its types. */
export interface ResourceRule extends RuleBase {
  kind: 'resource';
  resourceTypes: readonly string[];
  /** Resources (or stages) the rule does not concern, e.g. read replicas for backup retention. */
  applies?: (resource: TfResource, context: RuleContext) => boolean;
  check: (resource: TfResource, context: RuleContext) => Finding;
}

/** A rule about the stack as a whole: something the stage definition promises must exist. */
export interface StackRule extends RuleBase {
  kind: 'stack';
  applies: (context: RuleContext) => boolean;
  check: (context: RuleContext) => Finding;
}

export type Rule = ResourceRule | StackRule;
