import { CognitoIdentityPool } from '@cdktf/provider-aws/lib/cognito-identity-pool';
import { CognitoIdentityPoolRolesAttachment } from '@cdktf/provider-aws/lib/cognito-identity-pool-roles-attachment';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { IamRolePolicy } from '@cdktf/provider-aws/lib/iam-role-policy';
import { RumAppMonitor } from '@cdktf/provider-aws/lib/rum-app-monitor';
import type { AccountSettings, StageDefinition } from '@sigma-pli/config';
import { Construct } from 'constructs';
import { stageHostname } from '../hostnames';
import { resourceName } from '../naming';
import { policyDocument } from '../policy';
import type { AwsContext } from './aws-context';

/** Share of browser sessions recorded: enough for page-load percentiles, a fifth of the per-event price. */
const SESSION_SAMPLE_RATE = 0.2;

export interface RealUserMonitoringProps {
  account: AccountSettings;
  stage: StageDefinition;
  context: AwsContext;
}

/**
 * CloudWatch RUM app monitor for the web pages, with the Cognito identity pool whose unauthenticated guest role
 * lets browsers send events (and nothing else). The app renders the RUM snippet from RUM_APP_MONITOR_ID and
 * RUM_IDENTITY_POOL_ID, which the instances get from `appMonitor.appMonitorId` and `identityPoolId`.
 */
export class RealUserMonitoring extends Construct {
  readonly appMonitor: RumAppMonitor;
  readonly identityPoolId: string;

  constructor(scope: Construct, id: string, props: RealUserMonitoringProps) {
    super(scope, id);
    const { account, stage, context } = props;
    const name = resourceName(account, stage, 'web');
    const pool = new CognitoIdentityPool(this, 'identity-pool', {
      identityPoolName: name.replace(/-/g, '_'),
      allowUnauthenticatedIdentities: true,
      allowClassicFlow: false,
    });
    const guest = new IamRole(this, 'guest-role', {
      name: resourceName(account, stage, 'rum-guest'),
      assumeRolePolicy: policyDocument([
        {
          Effect: 'Allow',
          Principal: { Federated: 'cognito-identity.amazonaws.com' },
          Action: 'sts:AssumeRoleWithWebIdentity',
          Condition: {
            StringEquals: { 'cognito-identity.amazonaws.com:aud': pool.id },
            'ForAnyValue:StringLike': { 'cognito-identity.amazonaws.com:amr': 'unauthenticated' },
          },
        },
      ]),
    });
    new IamRolePolicy(this, 'guest-put-events', {
      role: guest.name,
      policy: policyDocument([
        {
          Effect: 'Allow',
          Action: 'rum:PutRumEvents',
          Resource: `arn:${context.partition}:rum:${context.region}:${context.accountId}:appmonitor/${name}`,
        },
      ]),
    });
    new CognitoIdentityPoolRolesAttachment(this, 'roles', {
      identityPoolId: pool.id,
      roles: { unauthenticated: guest.arn },
    });
    this.appMonitor = new RumAppMonitor(this, 'app-monitor', {
      name,
      domain: stageHostname(account, stage),
      cwLogEnabled: false,
      appMonitorConfiguration: {
        identityPoolId: pool.id,
        guestRoleArn: guest.arn,
        sessionSampleRate: SESSION_SAMPLE_RATE,
        telemetries: ['errors', 'performance', 'http'],
        allowCookies: true,
        enableXray: false,
      },
    });
    this.identityPoolId = pool.id;
  }
}
