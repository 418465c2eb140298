/** One IAM or resource policy statement, in the JSON shape AWS reads. */
export interface PolicyStatement {
  Sid?: string;
  Effect: 'Allow' | 'Deny';
  Principal?: '*' | Record<string, string | string[]>;
  Action: string | string[];
  /** Absent in trust policies, which name no resource. */
  Resource?: string | string[];
  /** Everything but these (a Deny that spares the listed resources). */
  NotResource?: string | string[];
  Condition?: Record<string, Record<string, string | string[] | boolean>>;
}

/**
 * A policy document as a JSON string. Terraform references inside (ARNs, account ids) stay interpolations, so the
 * synthesized JSON keeps the relation between the policy and the resources it names.
 */
export function policyDocument(statements: PolicyStatement[]): string {
  return JSON.stringify({ Version: '2012-10-17', Statement: statements });
}
