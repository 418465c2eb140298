import { describe, expect, it } from 'vitest';
import { stageHostname } from './hostnames';

const account = { appHostname: 'www.example.com', domain: 'example.com' };

describe('stageHostname', () => {
  it('serves the account host name when the stage has no label', () => {
    expect(stageHostname(account, { edge: { hostLabel: null } })).toBe('www.example.com');
  });

  it('serves <label>.<domain> otherwise', () => {
    expect(stageHostname(account, { edge: { hostLabel: 'growth' } })).toBe('growth.example.com');
  });
});
