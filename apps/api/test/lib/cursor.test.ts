import { describe, expect, it } from 'vitest';
import { BIGINT_ID, decodeCursor, encodeCursor, toPage } from '../../src/lib/cursor';

const position = { createdAt: '2026-11-29T02:10:08.123456Z', id: '0b6b1f4e-5a7d-4c55-9a51-3f1f1e0c2d9a' };

describe('keyset cursor', () => {
  it('round-trips a position and is opaque URL-safe text', () => {
    const cursor = encodeCursor(position);
    expect(cursor).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(decodeCursor(cursor)).toEqual(position);
  });

  it.each([
    ['not base64 of anything useful', 'garbage!!'],
    ['a millisecond timestamp', encodeCursor({ ...position, createdAt: '2026-11-29T02:10:08.123Z' })],
    ['an id that is not a UUID', encodeCursor({ ...position, id: "1' OR '1'='1" })],
    ['extra parts', Buffer.from(`${position.createdAt}|${position.id}|x`).toString('base64url')],
    ['an impossible date', encodeCursor({ ...position, createdAt: '2026-13-45T02:10:08.123456Z' })],
    ['nothing', ''],
  ])('rejects %s', (_label, cursor) => {
    expect(decodeCursor(cursor)).toBeUndefined();
  });
});

describe('keyset cursor with bigint ids', () => {
  it('accepts identity ids only when asked to', () => {
    const cursor = encodeCursor({ createdAt: position.createdAt, id: '12345' });
    expect(decodeCursor(cursor)).toBeUndefined();
    expect(decodeCursor(cursor, BIGINT_ID)).toEqual({ createdAt: position.createdAt, id: '12345' });
    expect(decodeCursor(encodeCursor({ ...position, id: '-1' }), BIGINT_ID)).toBeUndefined();
  });
});

describe('toPage', () => {
  const rows = ['a', 'b', 'c'].map((name, index) => ({
    id: `0b6b1f4e-5a7d-4c55-9a51-3f1f1e0c2d9${index}`,
    cursor_created_at: `2026-11-29T02:10:0${index}.000000Z`,
    name,
  }));

  it('returns limit items and a cursor at the last one when an extra row was fetched', () => {
    const page = toPage(rows, 2, (row) => row.name);
    expect(page.items).toEqual(['a', 'b']);
    expect(decodeCursor(page.next_cursor!)).toEqual({
      createdAt: rows[1]!.cursor_created_at,
      id: rows[1]!.id,
    });
  });

  it('has no cursor on the last page', () => {
    expect(toPage(rows, 3, (row) => row.name)).toEqual({ items: ['a', 'b', 'c'], next_cursor: null });
    expect(toPage([], 3, (row) => row)).toEqual({ items: [], next_cursor: null });
  });
});
