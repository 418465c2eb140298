import { blocks, type TerraformDocument, type TfBlock } from './document';

/** An IAM policy statement, normalized from either a JSON policy string or an `aws_iam_policy_document`. */
export interface PolicyStatement {
  effect: 'Allow' | 'Deny';
  actions: string[];
  resources: string[];
  /** `{ type: 'Federated', identifiers: ['arn:aws:iam::…:oidc-provider/token.actions.githubusercontent.com'] }`; `*` is `{ type: '*' }`. */
  principals: { type: string; identifiers: string[] }[];
  /** `{ test: 'Bool', variable: 'aws:SecureTransport', values: ['false'] }` */
  conditions: { test: string; variable: string; values: string[] }[];
}

const list = (value: unknown): string[] =>
  value === undefined ? [] : (Array.isArray(value) ? value : [value]).map(String);

function jsonPrincipals(principal: unknown): PolicyStatement['principals'] {
  if (principal === undefined) return [];
  if (typeof principal === 'string')
    return [{ type: principal === '*' ? '*' : 'AWS', identifiers: [principal] }];
  return Object.entries(principal as Record<string, unknown>).map(([type, identifiers]) => ({
    type,
    identifiers: list(identifiers),
  }));
}

function fromJsonStatement(statement: Record<string, unknown>): PolicyStatement {
  const conditions: PolicyStatement['conditions'] = [];
  for (const [test, variables] of Object.entries((statement.Condition as Record<string, unknown>) ?? {})) {
    for (const [variable, values] of Object.entries((variables as Record<string, unknown>) ?? {})) {
      conditions.push({ test, variable, values: list(values) });
    }
  }
  return {
    effect: statement.Effect === 'Deny' ? 'Deny' : 'Allow',
    actions: list(statement.Action),
    resources: list(statement.Resource),
    principals: jsonPrincipals(statement.Principal),
    conditions,
  };
}

function fromDocumentBlock(statement: TfBlock): PolicyStatement {
  return {
    effect: statement.effect === 'Deny' ? 'Deny' : 'Allow',
    actions: list(statement.actions),
    resources: list(statement.resources),
    principals: blocks(statement.principals).map((principal) => ({
      type: String(principal.type),
      identifiers: list(principal.identifiers),
    })),
    conditions: blocks(statement.condition).map((condition) => ({
      test: String(condition.test),
      variable: String(condition.variable),
      values: list(condition.values),
    })),
  };
}

/**
 * The statements of a policy attribute: a literal JSON document (CDKTF writes `JSON.stringify` output as a
 * string with interpolations inside values), or a reference to an `aws_iam_policy_document` data source.
 * Returns an empty list when the policy is an expression this reader cannot evaluate.
 */
export function policyStatements(document: TerraformDocument, policy: unknown): PolicyStatement[] {
  if (typeof policy !== 'string') return [];
  const trimmed = policy.trim();
  if (trimmed.startsWith('{')) {
    try {
      const parsed = JSON.parse(trimmed) as { Statement?: unknown };
      const statements = Array.isArray(parsed.Statement) ? parsed.Statement : [parsed.Statement];
      return statements
        .filter(Boolean)
        .map((statement) => fromJsonStatement(statement as Record<string, unknown>));
    } catch {
      return [];
    }
  }
  const statements: PolicyStatement[] = [];
  for (const source of document.referencedIn(policy, 'aws_iam_policy_document')) {
    statements.push(...blocks(source.config.statement).map(fromDocumentBlock));
  }
  return statements;
}
