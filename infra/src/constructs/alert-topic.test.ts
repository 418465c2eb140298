import { KmsKey } from '@cdktf/provider-aws/lib/kms-key';
import type { AccountSettings } from '@sigma-pli/config';
import { describe, expect, it } from 'vitest';
import {
  onlyResource,
  resourcesOf,
  stageNamed,
  synthConstruct,
  testAccount,
  tfRef,
} from '../test-support/synth-json';
import { AlertTopic } from './alert-topic';

function synthTopic(account: AccountSettings) {
  return synthConstruct((stack) => {
    const key = new KmsKey(stack, 'key', {});
    new AlertTopic(stack, 'alerts', { account, stage: stageNamed('growth'), key });
  });
}

describe('AlertTopic', () => {
  it('creates a KMS-encrypted topic and subscribes the alarm e-mail', () => {
    const json = synthTopic(testAccount());
    expect(onlyResource(json, 'aws_sns_topic')).toMatchObject({
      name: 'sigma-pli-growth-alarms',
      kms_master_key_id: tfRef('aws_kms_key.key.arn'),
    });
    const subscription = onlyResource(json, 'aws_sns_topic_subscription');
    expect(subscription).toMatchObject({ protocol: 'email', endpoint: 'alarms@example.com' });
    expect(subscription.topic_arn).toMatch(/^\$\{aws_sns_topic\.[\w-]+\.arn\}$/);
  });

  it('subscribes nobody when the account has no alarm e-mail', () => {
    const { alarmEmail: _, ...account } = testAccount();
    expect(resourcesOf(synthTopic(account), 'aws_sns_topic_subscription')).toEqual({});
  });
});
