import { TerraformElement } from 'cdktf';
import type { Construct } from 'constructs';

export interface EphemeralRandomPasswordProps {
  length: number;
  /** Leave out punctuation where the consumer rejects some (ElastiCache auth tokens reject `@`, `"` and `/`). */
  excludePunctuation: boolean;
}

const TYPE = 'aws_secretsmanager_random_password';

/**
 * An `ephemeral "aws_secretsmanager_random_password"` block (Terraform ≥ 1.10, AWS provider ≥ 5.83): a random value
 * that exists only during plan/apply and is never written to state or plan files. It may only feed write-only
 * arguments such as `secret_string_wo`. The CDKTF 0.21 bindings have no ephemeral resources, hence this element.
 */
export class EphemeralRandomPassword extends TerraformElement {
  private readonly props: EphemeralRandomPasswordProps;

  constructor(scope: Construct, id: string, props: EphemeralRandomPasswordProps) {
    super(scope, id, TYPE);
    this.props = props;
  }

  /** The generated value, as a reference for a write-only argument. */
  get value(): string {
    return `\${ephemeral.${TYPE}.${this.friendlyUniqueId}.random_password}`;
  }

  override toTerraform(): Record<string, unknown> {
    return {
      ephemeral: {
        [TYPE]: {
          [this.friendlyUniqueId]: {
            password_length: this.props.length,
            exclude_punctuation: this.props.excludePunctuation,
          },
        },
      },
    };
  }
}
