import { policyStatements, type TfResource } from '@sigma-pli/terraform-json';
import type { RuleContext } from '../types';
import { resourceRule } from './helpers';

const GITHUB_OIDC = 'token.actions.githubusercontent.com';
const POLICY_TYPES = ['aws_iam_role_policy', 'aws_iam_policy', 'aws_iam_user_policy', 'aws_iam_group_policy'];

/** True when a principal identifier is, or references, GitHub's OIDC provider. */
function isGithubProvider(identifier: string, context: RuleContext): boolean {
  if (identifier.includes(GITHUB_OIDC)) return true;
  return context.document
    .referencedIn(identifier, 'aws_iam_openid_connect_provider')
    .some((provider) => String(provider.config.url).includes(GITHUB_OIDC));
}

/** `repo:owner/name:<ref, environment or pull_request>` with no wildcard in the repository part. */
const SCOPED_SUBJECT = /^repo:[^*:/]+\/[^*:/]+:[^*]/;

const isWildcard = (value: string): boolean => value === '*' || value === '*:*';

export const IAM_RULES = [
  resourceRule({
    id: 'iam-oidc-trust-scoped',
    title: 'Roles trusted by GitHub OIDC are limited to this repository (audience and subject)',
    severity: 'critical',
    checkov: ['CKV_AWS_358'],
    trivy: [],
    fsbp: [],
    fix: 'Add StringEquals conditions on token.actions.githubusercontent.com:aud = sts.amazonaws.com and :sub = repo:<owner>/<name>:<ref|environment>.',
    resourceTypes: ['aws_iam_role'],
    applies: (role, context) =>
      policyStatements(context.document, role.config.assume_role_policy).some((statement) =>
        statement.principals.some(
          (principal) =>
            principal.type === 'Federated' &&
            principal.identifiers.some((identifier) => isGithubProvider(identifier, context)),
        ),
      ),
    check: (role: TfResource, context) => {
      const problems: string[] = [];
      for (const statement of policyStatements(context.document, role.config.assume_role_policy)) {
        if (statement.effect !== 'Allow') continue;
        const conditions = (key: string) =>
          statement.conditions.filter((condition) => condition.variable === `${GITHUB_OIDC}:${key}`);
        if (!conditions('aud').some((condition) => condition.values.includes('sts.amazonaws.com'))) {
          problems.push('no aud = sts.amazonaws.com condition');
        }
        const subjects = conditions('sub').flatMap((condition) => condition.values);
        if (subjects.length === 0)
          problems.push('no sub condition: any repository on GitHub could assume it');
        const loose = subjects.filter((subject) => !SCOPED_SUBJECT.test(subject));
        if (loose.length > 0) problems.push(`sub not scoped to one repository: ${loose.join(', ')}`);
      }
      return problems.length === 0 ? undefined : problems.join('; ');
    },
  }),
  resourceRule({
    id: 'iam-no-admin',
    title: 'No IAM policy grants every action on every resource',
    severity: 'high',
    checkov: ['CKV_AWS_62', 'CKV_AWS_63', 'CKV_AWS_274'],
    trivy: ['AVD-AWS-0057'],
    fsbp: ['IAM.1'],
    fix: 'Grant the actions and resources the role needs (least privilege); never "*" on "*" nor AdministratorAccess.',
    resourceTypes: [...POLICY_TYPES, 'aws_iam_role_policy_attachment', 'aws_iam_policy_attachment'],
    check: (resource, context) => {
      if (resource.type.endsWith('_attachment')) {
        return String(resource.config.policy_arn).endsWith(':policy/AdministratorAccess')
          ? 'attaches AdministratorAccess'
          : undefined;
      }
      const admin = policyStatements(context.document, resource.config.policy).filter(
        (statement) =>
          statement.effect === 'Allow' &&
          statement.actions.some(isWildcard) &&
          statement.resources.some((resourceArn) => resourceArn === '*'),
      );
      return admin.length === 0 ? undefined : 'allows "*" on "*"';
    },
  }),
];
