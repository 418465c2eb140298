import type { KmsKey } from '@cdktf/provider-aws/lib/kms-key';
import { SnsTopic } from '@cdktf/provider-aws/lib/sns-topic';
import { SnsTopicSubscription } from '@cdktf/provider-aws/lib/sns-topic-subscription';
import type { AccountSettings, StageDefinition } from '@sigma-pli/config';
import { Construct } from 'constructs';
import { resourceName } from '../naming';

export interface AlertTopicProps {
  account: AccountSettings;
  stage: StageDefinition;
  /** Encrypts messages at rest; its policy must let CloudWatch alarms use it (EncryptionKeys.storage does). */
  key: KmsKey;
}

/** The SNS topic every alarm of the stage notifies, with the account's alarm e-mail subscribed when configured. */
export class AlertTopic extends Construct {
  readonly topic: SnsTopic;

  constructor(scope: Construct, id: string, props: AlertTopicProps) {
    super(scope, id);
    const { account, stage, key } = props;
    this.topic = new SnsTopic(this, 'topic', {
      name: resourceName(account, stage, 'alarms'),
      kmsMasterKeyId: key.arn,
    });
    if (account.alarmEmail) {
      // The address receives a confirmation e-mail; notifications start once it is confirmed.
      new SnsTopicSubscription(this, 'email', {
        topicArn: this.topic.arn,
        protocol: 'email',
        endpoint: account.alarmEmail,
      });
    }
  }
}
