import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { type Static, Type } from '@sinclair/typebox';
import { Value } from '@sinclair/typebox/value';

const PriceListSelectorSchema = Type.Object(
  {
    /** AWS Price List service code (`AmazonEC2`, `AmazonRDS`, ...). */
    service: Type.String({ minLength: 1 }),
    /** Column → value of the Price List CSV row that carries this price. */
    filters: Type.Record(Type.String(), Type.String()),
  },
  { additionalProperties: false },
);

const PriceSchema = Type.Object(
  {
    usd: Type.Number({ minimum: 0 }),
    unit: Type.String({ minLength: 1 }),
    description: Type.String({ minLength: 1 }),
    source: Type.String({ pattern: '^https://' }),
    /** Month (or day) the figure was read from its source. */
    asOf: Type.String({ pattern: '^\\d{4}-\\d{2}(-\\d{2})?$' }),
    priceList: Type.Optional(PriceListSelectorSchema),
  },
  { additionalProperties: false },
);

export const PriceTableSchema = Type.Object(
  {
    region: Type.String({ minLength: 1 }),
    currency: Type.Literal('USD'),
    hoursPerMonth: Type.Number({ minimum: 672, maximum: 744 }),
    note: Type.String(),
    prices: Type.Record(Type.String(), PriceSchema),
  },
  { additionalProperties: false },
);
export type PriceTable = Static<typeof PriceTableSchema>;
export type Price = Static<typeof PriceSchema>;
export type PriceListSelector = Static<typeof PriceListSelectorSchema>;

export const DEFAULT_PRICES_FILE = join(__dirname, '..', 'prices', 'us-east-1.json');

/** Reads and validates a price table; a bad file names the offending entry. */
export function loadPriceTable(file = DEFAULT_PRICES_FILE): PriceTable {
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new Error(`cannot read price table ${file}: ${(error as Error).message}`);
  }
  const first = Value.Errors(PriceTableSchema, parsed).First();
  if (first) throw new Error(`invalid price table ${file}: ${first.path || '/'} ${first.message}`);
  return parsed as PriceTable;
}

/** A missing price is an error that names the key: the estimate never silently prices something at zero. */
export function priceOf(table: PriceTable, key: string): Price {
  const price = table.prices[key];
  if (!price)
    throw new Error(`no price for "${key}" in the ${table.region} price table (add it or pass --prices)`);
  return price;
}
