import type { AccountSettings, StageDefinition } from '@sigma-pli/config';

/**
 * Host name a stage serves: the account's `appHostname` when the stage has no host label, `<label>.<domain>`
 * otherwise. The certificate, DNS records and any external health check use this one function.
 */
export function stageHostname(
  account: Pick<AccountSettings, 'appHostname' | 'domain'>,
  stage: { edge: Pick<StageDefinition['edge'], 'hostLabel'> },
): string {
  const label = stage.edge.hostLabel;
  return label === null ? account.appHostname : `${label}.${account.domain}`;
}
