import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Queryable } from '../db/pools';
import { problem } from '../errors';
import type { Database } from '../plugins/db';
import { auditContext, recordAudit } from '../repositories/audit';
import { assertPrecondition, etagFor, type IfMatch } from './etag';

/**
 * The write flows shared by the registry resources. Every write runs in one transaction with its audit row
 * (CREATE / UPDATE / DELETE with before/after images), so either both are stored or neither is.
 */
export interface RegistryResource<Row extends { id: string; version: number }> {
  /** Audit entity name, e.g. `pessoa_fisica`. */
  entity: string;
  /** 404 detail for an unknown or deleted id (the two are indistinguishable on purpose). */
  notFoundDetail: string;
  find(db: Queryable, id: string, options: { forUpdate?: boolean }): Promise<Row | undefined>;
}

/**
 * Sets `Cache-Control` on every response of the calling route plugin. These responses carry personal data, so no
 * shared cache (CDN, proxy) may keep them: registry records use `private, no-cache` (the browser revalidates with
 * its ETag), reports and the audit log `no-store`.
 */
export function cachePolicy(app: FastifyInstance, value: 'private, no-cache' | 'no-store'): void {
  app.addHook('onRequest', async (_request, reply) => {
    reply.header('cache-control', value);
  });
}

export function notFound(detail: string) {
  return problem(404, undefined, detail);
}

/** `Location` of a resource created under the collection this request addressed. */
export function locationOf(request: FastifyRequest, id: string): string {
  const collection = (request.url.split('?')[0] ?? '').replace(/\/+$/, '');
  return `${collection}/${id}`;
}

/**
 * Sets the record's ETag on the reply and tells whether `If-None-Match` names it (or is `*`), in which case the
 * client's copy is current and the route answers 304.
 */
export function etagIsCurrent(request: FastifyRequest, reply: FastifyReply, version: number): boolean {
  const etag = etagFor(version);
  reply.header('etag', etag);
  const header = request.headers['if-none-match'];
  if (!header) return false;
  return header.trim() === '*' || header.split(',').some((tag) => tag.trim().replace(/^W\//, '') === etag);
}

/**
 * The current row for a conditional write, locked for the rest of the transaction: 404 when there is no live row,
 * 412 when `ifMatch` names another version. Locking before comparing is what makes two PATCHes with the same ETag
 * serialize: the second one waits for the first to commit, then sees the new version and fails.
 */
async function lockForWrite<Row extends { id: string; version: number }>(
  client: Queryable,
  resource: RegistryResource<Row>,
  id: string,
  ifMatch: IfMatch | undefined,
): Promise<Row> {
  const row = await resource.find(client, id, { forUpdate: true });
  if (!row) throw notFound(resource.notFoundDetail);
  assertPrecondition(ifMatch, row.version);
  return row;
}

export function createAudited<Row extends { id: string; version: number }>(
  db: Database,
  request: FastifyRequest,
  resource: RegistryResource<Row>,
  insert: (client: Queryable) => Promise<Row>,
): Promise<Row> {
  return db.transaction(async (client) => {
    const after = await insert(client);
    await recordAudit(client, {
      ...auditContext(request),
      action: 'CREATE',
      entity: resource.entity,
      entityId: after.id,
      after,
    });
    return after;
  });
}

export function updateAudited<Row extends { id: string; version: number }>(
  db: Database,
  request: FastifyRequest,
  resource: RegistryResource<Row>,
  target: { id: string; ifMatch: IfMatch },
  update: (client: Queryable, before: Row) => Promise<Row>,
): Promise<Row> {
  return db.transaction(async (client) => {
    const before = await lockForWrite(client, resource, target.id, target.ifMatch);
    const after = await update(client, before);
    await recordAudit(client, {
      ...auditContext(request),
      action: 'UPDATE',
      entity: resource.entity,
      entityId: before.id,
      before,
      after,
    });
    return after;
  });
}

export interface SoftDelete {
  /** True when something that must keep pointing at the record (a user account) still does. */
  isReferenced(client: Queryable, id: string): Promise<boolean>;
  /** 409 detail and code when it is referenced. */
  referencedConflict: { detail: string; code: string };
  softDelete(client: Queryable, id: string, actorId: string): Promise<boolean>;
}

export function deleteAudited<Row extends { id: string; version: number }>(
  db: Database,
  request: FastifyRequest,
  resource: RegistryResource<Row>,
  target: { id: string; ifMatch: IfMatch | undefined; actorId: string },
  remove: SoftDelete,
): Promise<void> {
  return db.transaction(async (client) => {
    const before = await lockForWrite(client, resource, target.id, target.ifMatch);
    if (await remove.isReferenced(client, before.id)) {
      throw problem(409, undefined, remove.referencedConflict.detail, {
        code: remove.referencedConflict.code,
      });
    }
    await remove.softDelete(client, before.id, target.actorId);
    await recordAudit(client, {
      ...auditContext(request),
      action: 'DELETE',
      entity: resource.entity,
      entityId: before.id,
      before,
    });
  });
}
