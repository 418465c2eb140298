import { CloudwatchLogGroup } from '@cdktf/provider-aws/lib/cloudwatch-log-group';
import type { KmsKey } from '@cdktf/provider-aws/lib/kms-key';
import type { AccountSettings, StageDefinition } from '@sigma-pli/config';
import { Construct } from 'constructs';

/** The retention periods CloudWatch Logs accepts; anything else fails at apply time, so it fails at synth. */
const ALLOWED_RETENTION_DAYS = new Set([
  1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653,
]);

export interface LogGroupsProps {
  account: AccountSettings;
  stage: StageDefinition;
  /** Key the groups are encrypted with; its policy must admit the regional CloudWatch Logs principal. */
  key: KmsKey;
}

/**
 * The stage's CloudWatch log groups, all with the stage's retention and KMS encryption. The instances' CloudWatch
 * agent writes app, Nginx and system logs; the WAF group's name must start with `aws-waf-logs-` (a WAF rule).
 */
export class LogGroups extends Construct {
  readonly app: CloudwatchLogGroup;
  readonly nginxAccess: CloudwatchLogGroup;
  readonly nginxError: CloudwatchLogGroup;
  readonly system: CloudwatchLogGroup;
  readonly waf: CloudwatchLogGroup;
  readonly flowLogs: CloudwatchLogGroup;

  constructor(scope: Construct, id: string, props: LogGroupsProps) {
    super(scope, id);
    const { account, stage, key } = props;
    const retentionInDays = stage.observability.logRetentionDays;
    if (!ALLOWED_RETENTION_DAYS.has(retentionInDays)) {
      throw new Error(
        `observability.logRetentionDays of stage ${stage.name} is ${retentionInDays}; CloudWatch Logs accepts ${[...ALLOWED_RETENTION_DAYS].join(', ')}`,
      );
    }
    const prefix = `/${account.project}/${stage.name}`;
    const group = (id: string, name: string) =>
      new CloudwatchLogGroup(this, id, { name, retentionInDays, kmsKeyId: key.arn });

    this.app = group('app', `${prefix}/app`);
    this.nginxAccess = group('nginx-access', `${prefix}/nginx/access`);
    this.nginxError = group('nginx-error', `${prefix}/nginx/error`);
    this.system = group('system', `${prefix}/system`);
    this.waf = group('waf', `aws-waf-logs-${account.project}-${stage.name}`);
    this.flowLogs = group('flow-logs', `${prefix}/vpc-flow-logs`);
  }
}
