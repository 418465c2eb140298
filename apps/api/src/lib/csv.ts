import { Readable } from 'node:stream';

/**
 * RFC 4180 CSV for spreadsheet users: a UTF-8 byte-order mark (so Excel reads accents correctly), CRLF line ends,
 * and fields quoted when they contain a comma, quote, CR/LF or surrounding spaces. Text that a spreadsheet would
 * evaluate as a formula (`=`, `+`, `-`, `@`, tab, CR at the start) is prefixed with `'` (CSV injection); numbers
 * are written as they are.
 */

export interface CsvColumn<Row> {
  header: string;
  value: (row: Row) => string | number | boolean | null | undefined;
}

export const UTF8_BOM = '\uFEFF';
const FORMULA_START = /^[=+\-@\t\r]/;
const NEEDS_QUOTES = /[",\r\n]|^\s|\s$/;

export function csvField(value: string | number | boolean | null | undefined): string {
  if (value === null || value === undefined) return '';
  if (typeof value !== 'string') return String(value);
  const text = FORMULA_START.test(value) ? `'${value}` : value;
  return NEEDS_QUOTES.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

export function csvLine(fields: readonly (string | number | boolean | null | undefined)[]): string {
  return `${fields.map(csvField).join(',')}\r\n`;
}

async function* csvChunks<Row>(columns: readonly CsvColumn<Row>[], rows: AsyncIterable<Row> | Iterable<Row>) {
  yield UTF8_BOM + csvLine(columns.map((column) => column.header));
  for await (const row of rows) yield csvLine(columns.map((column) => column.value(row)));
}

/** A stream of the CSV document, one line per chunk; rows may come from an async source (a database cursor). */
export function csvStream<Row>(
  columns: readonly CsvColumn<Row>[],
  rows: AsyncIterable<Row> | Iterable<Row>,
): Readable {
  return Readable.from(csvChunks(columns, rows), { objectMode: false });
}
