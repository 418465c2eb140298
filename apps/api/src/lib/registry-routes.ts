import type { FastifyRequest } from 'fastify';
import { problem } from '../errors';
import { assertPrecondition, type IfMatch } from './etag';

/** 404 for an id that does not exist or was deleted (the two are indistinguishable on purpose). */
export function notFound(detail: string) {
  return problem(404, undefined, detail);
}

/**
 * The current row for a conditional write, locked for the rest of the transaction: 404 when there is no live row,
 * 412 when `ifMatch` names another version. Locking before comparing is what makes two PATCHes with the same ETag
 * serialize: the second one waits for the first to commit, then sees the new version and fails.
 */
export async function lockForWrite<Row extends { version: number }>(
  find: () => Promise<Row | undefined>,
  ifMatch: IfMatch | undefined,
  notFoundDetail: string,
): Promise<Row> {
  const row = await find();
  if (!row) throw notFound(notFoundDetail);
  assertPrecondition(ifMatch, row.version);
  return row;
}

/** `Location` of a resource created under the collection this request addressed. */
export function locationOf(request: FastifyRequest, id: string): string {
  const collection = (request.url.split('?')[0] ?? '').replace(/\/+$/, '');
  return `${collection}/${id}`;
}

/** True when `If-None-Match` names the current ETag (or is `*`): the client's copy is current, answer 304. */
export function notModified(request: FastifyRequest, etag: string): boolean {
  const header = request.headers['if-none-match'];
  if (!header) return false;
  return header.trim() === '*' || header.split(',').some((tag) => tag.trim().replace(/^W\//, '') === etag);
}
