import { ApplicationinsightsApplication } from '@cdktf/provider-aws/lib/applicationinsights-application';
import { ResourcegroupsGroup } from '@cdktf/provider-aws/lib/resourcegroups-group';
import type { AccountSettings, StageDefinition } from '@sigma-pli/config';
import { Construct } from 'constructs';
import { resourceName } from '../naming';

export interface ApplicationInsightsProps {
  account: AccountSettings;
  stage: StageDefinition;
}

/**
 * CloudWatch Application Insights over a resource group of everything the stage tagged (the provider's default
 * tags `project` and `stage`): it sets up detectors for the ALB, instances, RDS and ElastiCache it finds there.
 */
export class ApplicationInsights extends Construct {
  readonly resourceGroup: ResourcegroupsGroup;
  readonly application: ApplicationinsightsApplication;

  constructor(scope: Construct, id: string, props: ApplicationInsightsProps) {
    super(scope, id);
    const { account, stage } = props;
    this.resourceGroup = new ResourcegroupsGroup(this, 'group', {
      name: resourceName(account, stage, 'resources'),
      description: `Every resource of ${stage.name}, by its default tags`,
      resourceQuery: {
        type: 'TAG_FILTERS_1_0',
        query: JSON.stringify({
          ResourceTypeFilters: ['AWS::AllSupported'],
          TagFilters: [
            { Key: 'project', Values: [account.project] },
            { Key: 'stage', Values: [stage.name] },
          ],
        }),
      },
    });
    this.application = new ApplicationinsightsApplication(this, 'application', {
      resourceGroupName: this.resourceGroup.name,
      autoConfigEnabled: true,
      cweMonitorEnabled: true,
      opsCenterEnabled: false,
    });
  }
}
