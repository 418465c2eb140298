#!/usr/bin/env node
import { writeFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { Readable } from 'node:stream';
import { DEFAULT_PRICES_FILE, loadPriceTable, type PriceListSelector, type PriceTable } from './prices';

/**
 * Refreshes the price table from the AWS Price List bulk files (one CSV per service and region, public, no
 * credentials): `pnpm --filter @sigma-pli/cost refresh-prices [--region us-east-1] [--out FILE]`.
 * Only entries with a `priceList` selector are refreshed; the others (Cloudflare plans, multipliers, prices
 * that the bulk files spread over many rows) keep their figure, source and date. Needs a network; tests use
 * `applyPriceRows` on an inline CSV instead.
 */

const BULK_URL = (service: string, region: string) =>
  `https://pricing.us-east-1.amazonaws.com/offers/v1.0/aws/${service}/current/${region}/index.csv`;

/** Splits one CSV line (RFC 4180 quoting, as the Price List files use). */
export function parseCsvLine(line: string): string[] {
  const fields: string[] = [];
  let field = '';
  let quoted = false;
  for (let index = 0; index < line.length; index += 1) {
    const char = line[index];
    if (quoted) {
      if (char === '"' && line[index + 1] === '"') {
        field += '"';
        index += 1;
      } else if (char === '"') {
        quoted = false;
      } else {
        field += char;
      }
    } else if (char === '"') {
      quoted = true;
    } else if (char === ',') {
      fields.push(field);
      field = '';
    } else {
      field += char;
    }
  }
  fields.push(field);
  return fields;
}

/** A filter value `*Suffix` matches by suffix: usage types carry a region prefix outside us-east-1 (`USW2-`). */
export function rowMatches(row: Readonly<Record<string, string>>, selector: PriceListSelector): boolean {
  return Object.entries(selector.filters).every(([column, expected]) => {
    const actual = row[column];
    if (actual === undefined) return false;
    return expected.startsWith('*') ? actual.endsWith(expected.slice(1)) : actual === expected;
  });
}

export interface RefreshOutcome {
  updated: string[];
  unchanged: string[];
  /** Keys whose selector matched no row, or rows with different prices (the selector is too loose). */
  problems: string[];
}

/**
 * Applies Price List rows (objects keyed by the CSV header) of one service to the table: every selector of that
 * service must match rows with exactly one distinct first-tier price.
 */
export function applyPriceRows(
  table: PriceTable,
  service: string,
  rows: Iterable<Readonly<Record<string, string>>>,
  asOf: string,
): RefreshOutcome {
  const wanted = Object.entries(table.prices).filter(([, price]) => price.priceList?.service === service);
  const found = new Map<string, Set<number>>(wanted.map(([key]) => [key, new Set()]));
  for (const row of rows) {
    if (row.StartingRange !== undefined && row.StartingRange !== '0') continue;
    for (const [key, price] of wanted) {
      if (price.priceList && rowMatches(row, price.priceList)) {
        found.get(key)?.add(Number(row.PricePerUnit));
      }
    }
  }
  const outcome: RefreshOutcome = { updated: [], unchanged: [], problems: [] };
  for (const [key, price] of wanted) {
    const values = [...(found.get(key) ?? [])];
    if (values.length !== 1 || !Number.isFinite(values[0])) {
      outcome.problems.push(
        `${key}: ${values.length === 0 ? 'no matching row' : `ambiguous (${values.join(', ')})`}`,
      );
      continue;
    }
    const usd = values[0] as number;
    if (usd === price.usd) {
      outcome.unchanged.push(key);
    } else {
      outcome.updated.push(`${key}: ${price.usd} → ${usd}`);
      price.usd = usd;
    }
    price.asOf = asOf;
  }
  return outcome;
}

/** Streams one service's bulk CSV: 5 metadata lines, the header, then one row per price dimension. */
async function* bulkRows(service: string, region: string): AsyncGenerator<Record<string, string>> {
  const response = await fetch(BULK_URL(service, region));
  if (!response.ok || !response.body) throw new Error(`${service}: HTTP ${response.status}`);
  const lines = createInterface({ input: Readable.fromWeb(response.body as never), crlfDelay: Infinity });
  let header: string[] | undefined;
  let skipped = 0;
  for await (const line of lines) {
    if (skipped < 5) {
      skipped += 1;
      continue;
    }
    const fields = parseCsvLine(line);
    if (!header) {
      header = fields;
      continue;
    }
    yield Object.fromEntries(header.map((column, index) => [column, fields[index] ?? '']));
  }
}

async function collect(service: string, region: string): Promise<Record<string, string>[]> {
  const rows: Record<string, string>[] = [];
  for await (const row of bulkRows(service, region)) {
    if (row.TermType === 'OnDemand') rows.push(row);
  }
  return rows;
}

async function main(argv: string[]): Promise<number> {
  const option = (name: string) => {
    const index = argv.indexOf(name);
    return index === -1 ? undefined : argv[index + 1];
  };
  const out = option('--out') ?? DEFAULT_PRICES_FILE;
  const table = loadPriceTable(option('--prices') ?? DEFAULT_PRICES_FILE);
  const region = option('--region') ?? table.region;
  table.region = region;
  const asOf = new Date().toISOString().slice(0, 10);
  const services = [
    ...new Set(Object.values(table.prices).flatMap((price) => price.priceList?.service ?? [])),
  ];
  let problems = 0;
  for (const service of services) {
    process.stderr.write(`fetching ${service} (${region})…\n`);
    const outcome = applyPriceRows(table, service, await collect(service, region), asOf);
    for (const line of outcome.updated) process.stderr.write(`  updated ${line}\n`);
    for (const line of outcome.problems) process.stderr.write(`  kept ${line}\n`);
    problems += outcome.problems.length;
  }
  writeFileSync(out, `${JSON.stringify(table, null, 2)}\n`);
  process.stderr.write(`wrote ${out}${problems > 0 ? ` (${problems} price(s) kept: see above)` : ''}\n`);
  return 0;
}

if (require.main === module) {
  main(process.argv.slice(2)).then(
    (status) => {
      process.exitCode = status;
    },
    (error: Error) => {
      process.stderr.write(`refresh-prices: ${error.message} (this script needs network access)\n`);
      process.exitCode = 2;
    },
  );
}
