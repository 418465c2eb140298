import type { KmsKey } from '@cdktf/provider-aws/lib/kms-key';
import { SecretsmanagerSecret } from '@cdktf/provider-aws/lib/secretsmanager-secret';
import { SecretsmanagerSecretVersion } from '@cdktf/provider-aws/lib/secretsmanager-secret-version';
import type { AccountSettings, StageDefinition } from '@sigma-pli/config';
import { Construct } from 'constructs';
import { EphemeralRandomPassword, type EphemeralRandomPasswordProps } from './ephemeral-random-password';

export interface AppSecretsProps {
  account: AccountSettings;
  stage: StageDefinition;
  /** Encrypts every secret of the stage. */
  key: KmsKey;
}

/** A secret whose value Terraform generates, and the version that holds it. */
export interface GeneratedSecret {
  secret: SecretsmanagerSecret;
  version: SecretsmanagerSecretVersion;
}

/**
 * The stage's Secrets Manager secrets, KMS-encrypted:
 * - `sessionSigning`: session/token signing key, generated;
 * - `redisAuth` (stages with a cache): the ElastiCache auth token, generated;
 * - `adminBootstrap`: first administrator's e-mail and password, put by an operator when needed;
 * - `integrations`: third-party API keys (SMTP and the like), put by an operator.
 * Generated values come from an ephemeral random password written through `secret_string_wo`, so they appear in
 * no code, plan, state or output; raising `secrets.generatedSecretsGeneration` writes fresh values (rotation).
 * Operator-filled secrets are created empty: Terraform never holds their values.
 */
export class AppSecrets extends Construct {
  readonly sessionSigning: GeneratedSecret;
  readonly redisAuth?: GeneratedSecret;
  readonly adminBootstrap: SecretsmanagerSecret;
  readonly integrations: SecretsmanagerSecret;

  private readonly props: AppSecretsProps;

  constructor(scope: Construct, id: string, props: AppSecretsProps) {
    super(scope, id);
    this.props = props;
    // Letters and digits only (about 380 bits): the instances carry it in an env file, which cannot hold a quote.
    this.sessionSigning = this.generated('session-signing', 'SESSION_SECRET: signs the session cookie', {
      length: 64,
      excludePunctuation: true,
    });
    if (props.stage.cache.enabled) {
      this.redisAuth = this.generated('redis-auth', 'ElastiCache Redis auth token', {
        length: 64,
        excludePunctuation: true,
      });
    }
    this.adminBootstrap = this.secret(
      'admin-bootstrap',
      'JSON {"SIGMA_ADMIN_EMAIL","SIGMA_ADMIN_PASSWORD"} for the first deployment; put by an operator',
    );
    this.integrations = this.secret(
      'integrations',
      'JSON of third-party API keys (SMTP_URL, …); put by an operator',
    );
  }

  /** Every secret of this stage: the only secrets the stage's instance role may read. */
  get arns(): string[] {
    return [this.sessionSigning.secret, this.redisAuth?.secret, this.adminBootstrap, this.integrations]
      .filter((secret): secret is SecretsmanagerSecret => secret !== undefined)
      .map((secret) => secret.arn);
  }

  private secret(name: string, description: string): SecretsmanagerSecret {
    const { account, stage, key } = this.props;
    return new SecretsmanagerSecret(this, name, {
      name: `${account.project}/${stage.name}/${name}`,
      description,
      kmsKeyId: key.arn,
      recoveryWindowInDays: 30,
    });
  }

  private generated(
    name: string,
    description: string,
    password: EphemeralRandomPasswordProps,
  ): GeneratedSecret {
    const secret = this.secret(name, description);
    const value = new EphemeralRandomPassword(this, `${name}-value`, password);
    const version = new SecretsmanagerSecretVersion(this, `${name}-version`, {
      secretId: secret.id,
      secretStringWo: value.value,
      secretStringWoVersion: this.props.stage.secrets.generatedSecretsGeneration,
    });
    return { secret, version };
  }
}
