import type { FastifyRequest } from 'fastify';
import type { Queryable } from '../db/pools';

export interface AuditEntry {
  /** The acting account; null for anonymous actions (public registration, password reset by link). */
  actorId: string | null;
  /** What happened, upper snake case: CREATE, UPDATE, DELETE, APPROVE, REJECT, LOGIN, PASSWORD_RESET… */
  action: string;
  /** What it happened to, lower snake case: pessoa_fisica, pessoa_juridica, usuario, sessao… */
  entity: string;
  entityId: string | null;
  before?: unknown;
  after?: unknown;
  ip: string;
  requestId: string;
}

/** Keys never written into the audit images, wherever they appear. */
const SECRET_KEYS = new Set(['senha_hash', 'password', 'senha', 'token', 'token_hash']);

function withoutSecrets(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutSecrets);
  if (value instanceof Date || value === null || typeof value !== 'object') return value;
  return Object.fromEntries(
    Object.entries(value as Record<string, unknown>)
      .filter(([key]) => !SECRET_KEYS.has(key))
      .map(([key, item]) => [key, withoutSecrets(item)]),
  );
}

/**
 * Appends an audit row. Call it with the transaction's client, after the write it describes: the row commits or
 * rolls back together with the write.
 */
export async function recordAudit(client: Queryable, entry: AuditEntry): Promise<void> {
  await client.query(
    `INSERT INTO auditoria.registro (ator_id, acao, entidade, entidade_id, antes, depois, ip, request_id)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
    [
      entry.actorId,
      entry.action,
      entry.entity,
      entry.entityId,
      entry.before === undefined ? null : JSON.stringify(withoutSecrets(entry.before)),
      entry.after === undefined ? null : JSON.stringify(withoutSecrets(entry.after)),
      entry.ip,
      entry.requestId.slice(0, 100),
    ],
  );
}

/** The request-derived part of an audit entry: who (if anyone is logged in), from where, which request. */
export function auditContext(request: FastifyRequest): Pick<AuditEntry, 'actorId' | 'ip' | 'requestId'> {
  return { actorId: request.user?.id ?? null, ip: request.ip, requestId: request.id };
}
