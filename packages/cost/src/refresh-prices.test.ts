import { describe, expect, it } from 'vitest';
import { loadPriceTable } from './prices';
import { applyPriceRows, parseCsvLine, rowMatches } from './refresh-prices';

// The shape of the AWS Price List bulk CSV (after its 5 metadata lines), trimmed to the columns the selectors read.
const CSV = [
  '"SKU","TermType","StartingRange","Unit","PricePerUnit","Product Family","usageType","Instance Type","Operating System","Tenancy","Pre Installed S/W","CapacityStatus"',
  '"A1","OnDemand","0","Hrs","0.0090000000","Compute Instance","BoxUsage:t4g.micro","t4g.micro","Linux","Shared","NA","Used"',
  '"A2","OnDemand","0","Hrs","0.0200000000","Compute Instance","BoxUsage:t4g.micro","t4g.micro","Windows","Shared","NA","Used"',
  '"B1","OnDemand","0","Hrs","0.0450000000","NAT Gateway","NatGateway-Hours","","","","",""',
  '"B2","OnDemand","0","GB","0.0450000000","NAT Gateway","NatGateway-Bytes","","","","",""',
  '"C1","OnDemand","0","Hrs","0.0104000000","Compute Instance","BoxUsage:t3.micro","t3.micro","Linux","Shared","NA","Used"',
  '"C2","OnDemand","0","Hrs","0.0110000000","Compute Instance","BoxUsage:t3.micro","t3.micro","Linux","Shared","NA","Used"',
];

function rows(): Record<string, string>[] {
  const [header, ...lines] = CSV.map(parseCsvLine);
  return lines.map((fields) =>
    Object.fromEntries((header ?? []).map((column, index) => [column, fields[index] ?? ''])),
  );
}

describe('refresh-prices (offline parts)', () => {
  it('parses quoted CSV fields with commas and escaped quotes', () => {
    expect(parseCsvLine('"a,b","say ""hi""",,3')).toEqual(['a,b', 'say "hi"', '', '3']);
  });

  it('matches usage types by suffix so that other regions (USW2-...) match too', () => {
    const selector = { service: 'AmazonEC2', filters: { usageType: '*NatGateway-Hours' } };
    expect(rowMatches({ usageType: 'USW2-NatGateway-Hours' }, selector)).toBe(true);
    expect(rowMatches({ usageType: 'NatGateway-Bytes' }, selector)).toBe(false);
    expect(rowMatches({}, selector)).toBe(false);
  });

  it('updates matched prices with the date, and keeps ambiguous or missing ones', () => {
    const table = loadPriceTable();
    const outcome = applyPriceRows(table, 'AmazonEC2', rows(), '2030-01-02');
    expect(table.prices['ec2.instance.t4g.micro']).toMatchObject({ usd: 0.009, asOf: '2030-01-02' });
    expect(outcome.updated).toContain('ec2.instance.t4g.micro: 0.0084 → 0.009');
    expect(outcome.unchanged).toEqual(expect.arrayContaining(['nat.hour', 'nat.gb']));
    expect(outcome.problems).toContain('ec2.instance.t3.micro: ambiguous (0.0104, 0.011)');
    expect(table.prices['ec2.instance.t3.micro']?.usd).toBe(0.0104);
    expect(
      outcome.problems.some((problem) => problem.startsWith('ec2.instance.m7g.large: no matching row')),
    ).toBe(true);
    // Prices of other services are not touched.
    expect(table.prices['alb.hour']?.asOf).not.toBe('2030-01-02');
  });
});
