import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { CloudflareProvider } from '@cdktf/provider-cloudflare/lib/provider';
import { type AccountSettings, type StageDefinition, stackName, stateKey } from '@sigma-pli/config';
import { S3Backend, TerraformStack } from 'cdktf';
import type { Construct } from 'constructs';

export interface StageStackProps {
  account: AccountSettings;
  stage: StageDefinition;
}

/** Tags every AWS resource of a stage carries, through the provider's default tags. */
export function defaultTags(account: AccountSettings, stage: StageDefinition): Record<string, string> {
  return { project: account.project, stage: stage.name, phase: stage.phase, 'managed-by': 'cdktf' };
}

/**
 * One deployable stage (mvp, growth, production or an override of one): its providers, its own remote state,
 * and the constructs its definition asks for.
 */
export class StageStack extends TerraformStack {
  constructor(scope: Construct, props: StageStackProps) {
    const { account, stage } = props;
    super(scope, stackName(account, stage));

    new AwsProvider(this, 'aws', {
      region: stage.region,
      defaultTags: [{ tags: defaultTags(account, stage) }],
    });
    // The API token comes from CLOUDFLARE_API_TOKEN in the environment of plan/apply, never from code or state.
    new CloudflareProvider(this, 'cloudflare', {});

    const backend = new S3Backend(this, {
      bucket: account.state.bucket,
      key: stateKey(stage),
      region: account.state.region,
      encrypt: true,
    });
    // S3-native state locking (Terraform ≥ 1.10): no DynamoDB table to create, pay for or keep in sync.
    backend.addOverride('use_lockfile', true);
  }
}
