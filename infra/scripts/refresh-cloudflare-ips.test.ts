import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { CLOUDFLARE_IP_RANGES } from '../src/data/cloudflare-ip-ranges';
// @ts-expect-error the script is plain ESM JavaScript without type declarations
import { DATA_FILE, parseIpsResponse, renderModule } from './refresh-cloudflare-ips.mjs';

describe('refresh-cloudflare-ips', () => {
  it('parses and sorts the API answer', () => {
    expect(
      parseIpsResponse({
        success: true,
        result: { ipv4_cidrs: ['198.51.100.0/24', '192.0.2.0/24'], ipv6_cidrs: ['2001:db8::/32'] },
      }),
    ).toEqual({ ipv4: ['192.0.2.0/24', '198.51.100.0/24'], ipv6: ['2001:db8::/32'] });
  });

  it('rejects an answer that is not a list of CIDRs', () => {
    expect(() => parseIpsResponse({ success: false })).toThrow(/unexpected answer/);
    expect(() =>
      parseIpsResponse({ success: true, result: { ipv4_cidrs: ['192.0.2.300/24'], ipv6_cidrs: [] } }),
    ).toThrow(/not an IPv4 CIDR: 192.0.2.300\/24/);
    expect(() => parseIpsResponse({ success: true, result: { ipv4_cidrs: [], ipv6_cidrs: [] } })).toThrow(
      /no IPv4 range/,
    );
  });

  it('checked-in list is exactly what the script writes, with its source and date', () => {
    expect(readFileSync(DATA_FILE, 'utf8')).toBe(renderModule(CLOUDFLARE_IP_RANGES));
    expect(CLOUDFLARE_IP_RANGES.source).toBe('https://api.cloudflare.com/client/v4/ips');
    expect(CLOUDFLARE_IP_RANGES.retrievedOn).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(
      parseIpsResponse({
        success: true,
        result: { ipv4_cidrs: CLOUDFLARE_IP_RANGES.ipv4, ipv6_cidrs: CLOUDFLARE_IP_RANGES.ipv6 },
      }).ipv4,
    ).toEqual(CLOUDFLARE_IP_RANGES.ipv4);
  });

  it('fetches the list and writes the module, and --check fails when the file is stale', async () => {
    const body = JSON.stringify({
      success: true,
      result: { ipv4_cidrs: ['198.51.100.0/24'], ipv6_cidrs: ['2001:db8::/32'] },
    });
    const server = createServer((_, response) => {
      response.writeHead(200, { 'content-type': 'application/json' }).end(body);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/client/v4/ips`;
    const out = join(mkdtempSync(join(tmpdir(), 'cloudflare-ips-')), 'ranges.ts');
    const run = (...args: string[]) =>
      promisify(execFile)(process.execPath, [join(__dirname, 'refresh-cloudflare-ips.mjs'), ...args], {
        env: { ...process.env, CLOUDFLARE_IPS_URL: url },
      });
    try {
      await run('--out', out);
      const written = readFileSync(out, 'utf8');
      expect(written).toContain("'198.51.100.0/24',");
      expect(written).toContain(`how: 'fetched from ${url}'`);
      expect((await run('--out', out)).stdout).toMatch(/unchanged \(1 IPv4, 1 IPv6\)/);
      await expect(run('--check', '--out', DATA_FILE)).rejects.toMatchObject({ code: 1 });
    } finally {
      server.close();
    }
  });
});
