import { isTrue, requireSet, resourceRule, stackRule } from './helpers';

export const SECRETS_RULES = [
  resourceRule({
    id: 'secret-kms',
    title: 'Secrets Manager secret is encrypted with a customer managed key',
    severity: 'medium',
    checkov: ['CKV_AWS_149'],
    trivy: ['AVD-AWS-0098'],
    fsbp: [],
    fix: 'Set kms_key_id to the secrets key.',
    resourceTypes: ['aws_secretsmanager_secret'],
    check: requireSet('kms_key_id'),
  }),
  resourceRule({
    id: 'secret-rotation',
    title: 'Secrets Manager secret rotates',
    severity: 'medium',
    checkov: ['CKV2_AWS_57'],
    trivy: [],
    fsbp: ['SecretsManager.1'],
    fix: 'Add aws_secretsmanager_secret_rotation { secret_id = secret.id } or waive with the manual rotation procedure.',
    resourceTypes: ['aws_secretsmanager_secret'],
    check: (secret, context) =>
      context.document.referencing(secret, 'aws_secretsmanager_secret_rotation', 'secret_id').length > 0
        ? undefined
        : 'no aws_secretsmanager_secret_rotation for this secret',
  }),
  resourceRule({
    id: 'kms-rotation',
    title: 'KMS key rotates automatically',
    severity: 'medium',
    checkov: ['CKV_AWS_7'],
    trivy: ['AVD-AWS-0065'],
    fsbp: ['KMS.4'],
    fix: 'Set enable_key_rotation = true.',
    resourceTypes: ['aws_kms_key'],
    // Only symmetric encryption keys can rotate automatically.
    applies: (key) =>
      (key.config.customer_master_key_spec ?? 'SYMMETRIC_DEFAULT') === 'SYMMETRIC_DEFAULT' &&
      (key.config.key_usage ?? 'ENCRYPT_DECRYPT') === 'ENCRYPT_DECRYPT',
    check: (key) => (isTrue(key.config.enable_key_rotation) ? undefined : 'enable_key_rotation is not true'),
  }),
  stackRule({
    id: 'ebs-encryption-by-default',
    title: 'EBS encryption by default is on where the stage says so',
    severity: 'medium',
    checkov: [],
    trivy: [],
    fsbp: ['EC2.7'],
    fix: 'Add aws_ebs_encryption_by_default { enabled = true } (stage.audit.ebsEncryptionByDefault).',
    applies: (context) => context.stage?.audit.ebsEncryptionByDefault === true,
    check: (context) =>
      context.document
        .resources('aws_ebs_encryption_by_default')
        .some((setting) => isTrue(setting.config.enabled))
        ? undefined
        : 'no aws_ebs_encryption_by_default with enabled = true',
  }),
];
