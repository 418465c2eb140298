import type { Queryable } from '../db/pools';
import { cursorTimestampSql, type KeysetPosition } from '../lib/cursor';
import { Conditions } from './sql-conditions';

/**
 * The read side of the audit log (`auditoria.registro`; rows are written by recordAudit in audit.ts). Lists carry
 * who/what/when and the names of the changed fields, not the before/after images: those hold personal data and
 * are read one entry at a time.
 */

export interface AuditFilters {
  actorId?: string | undefined;
  entity?: string | undefined;
  entityId?: string | undefined;
  action?: string | undefined;
  /** Calendar days (YYYY-MM-DD) in Brasília time, both inclusive. */
  from?: string | undefined;
  to?: string | undefined;
  after?: KeysetPosition | undefined;
  limit: number;
}

export interface AuditSummaryRow {
  id: string;
  ocorrido_em: Date;
  ator_id: string | null;
  ator_username: string | null;
  acao: string;
  entidade: string;
  entidade_id: string | null;
  /** Top-level keys whose value differs between before and after; null unless both images exist. */
  campos_alterados: string[] | null;
  ip: string | null;
  request_id: string | null;
  cursor_created_at: string;
}

export type AuditEntry = Omit<AuditSummaryRow, 'cursor_created_at'> & { antes: unknown; depois: unknown };

const SUMMARY_COLUMNS = `r.id::text AS id, r.ocorrido_em, r.ator_id, u.username AS ator_username, r.acao, r.entidade,
  r.entidade_id, host(r.ip) AS ip, r.request_id,
  CASE WHEN jsonb_typeof(r.antes) = 'object' AND jsonb_typeof(r.depois) = 'object' THEN
    ARRAY(SELECT d.key FROM jsonb_each(r.depois) AS d
          WHERE r.antes -> d.key IS DISTINCT FROM d.value AND d.key NOT IN ('version', 'updated_at', 'updated_by')
          ORDER BY d.key)
  END AS campos_alterados`;

const FROM = 'auditoria.registro AS r LEFT JOIN usuarios.usuario_sistema AS u ON u.id = r.ator_id';

/**
 * One page in (ocorrido_em DESC, id DESC) order, `limit + 1` rows. The filters match the log's indexes:
 * (ator_id, ocorrido_em, id), (entidade, entidade_id, ocorrido_em, id) and (ocorrido_em, id).
 */
export async function listAuditEntries(db: Queryable, filters: AuditFilters): Promise<AuditSummaryRow[]> {
  const conditions = new Conditions();
  if (filters.actorId !== undefined) conditions.add('a', (p) => `r.ator_id = ${p}`, filters.actorId);
  if (filters.entity !== undefined) conditions.add('e', (p) => `r.entidade = ${p}`, filters.entity);
  if (filters.entityId !== undefined) conditions.add('i', (p) => `r.entidade_id = ${p}`, filters.entityId);
  if (filters.action !== undefined) conditions.add('o', (p) => `r.acao = ${p}`, filters.action);
  conditions.dayRange('r.ocorrido_em', filters.from, filters.to);
  if (filters.after !== undefined) {
    conditions.add(
      'c',
      (at, id) => `(r.ocorrido_em, r.id) < (${at}::timestamptz, ${id}::bigint)`,
      filters.after.createdAt,
      filters.after.id,
    );
  }
  const { rows } = await db.query<AuditSummaryRow>(
    `SELECT ${SUMMARY_COLUMNS}, ${cursorTimestampSql('r.ocorrido_em')} AS cursor_created_at
     FROM ${FROM}
     ${conditions.where}
     ORDER BY r.ocorrido_em DESC, r.id DESC
     LIMIT ${conditions.parameter(filters.limit + 1)}`,
    conditions.values,
  );
  return rows;
}

export async function findAuditEntry(db: Queryable, id: string): Promise<AuditEntry | undefined> {
  const { rows } = await db.query<AuditEntry>(
    `SELECT ${SUMMARY_COLUMNS}, r.antes, r.depois FROM ${FROM} WHERE r.id = $1::bigint`,
    [id],
  );
  return rows[0];
}
