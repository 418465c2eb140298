/**
 * Opaque keyset-pagination cursors. Lists are ordered by (timestamp DESC, id DESC) — `created_at` for the registry,
 * `ocorrido_em` for the audit log; a cursor is the position of the last item of a page. The timestamp travels as PostgreSQL's own microsecond-precision text (a JS Date would
 * round to milliseconds and make the next page skip or repeat rows created within the same millisecond).
 */

export interface KeysetPosition {
  /** The order timestamp in UTC with microseconds, e.g. `2026-11-29T02:10:08.123456Z`. */
  createdAt: string;
  id: string;
}

const TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/;
/** Ids a cursor may carry: UUID primary keys (registry) or identity bigints (audit log). */
export const UUID_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
export const BIGINT_ID = /^[1-9][0-9]{0,18}$/;

/** SQL for the cursor timestamp of a row, in the format `TIMESTAMP` accepts. */
export function cursorTimestampSql(column = 'created_at'): string {
  return `to_char(${column} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;
}

export function encodeCursor(position: KeysetPosition): string {
  return Buffer.from(`${position.createdAt}|${position.id}`, 'utf8').toString('base64url');
}

/** The position in `cursor`, or `undefined` when it is not one this API produced. */
export function decodeCursor(cursor: string, idPattern: RegExp = UUID_ID): KeysetPosition | undefined {
  const [createdAt, id, ...rest] = Buffer.from(cursor, 'base64url').toString('utf8').split('|');
  if (rest.length > 0 || !createdAt || !id || !TIMESTAMP.test(createdAt) || !idPattern.test(id))
    return undefined;
  if (Number.isNaN(Date.parse(createdAt))) return undefined;
  return { createdAt, id };
}

export interface Page<T> {
  items: T[];
  next_cursor: string | null;
}

/**
 * Turns `limit + 1` fetched rows into a page: the extra row only tells that another page exists, and the cursor
 * points at the last row returned.
 */
export function toPage<Row extends { id: string; cursor_created_at: string }, T>(
  rows: Row[],
  limit: number,
  toItem: (row: Row) => T,
): Page<T> {
  const pageRows = rows.slice(0, limit);
  const last = pageRows.at(-1);
  return {
    items: pageRows.map(toItem),
    next_cursor:
      rows.length > limit && last ? encodeCursor({ createdAt: last.cursor_created_at, id: last.id }) : null,
  };
}
