import type { Queryable } from '../db/pools';
import { isUf } from '../domain/documents';
import { prefixSearchQuery } from '../domain/registry';
import { ProblemError } from '../errors';
import { cursorTimestampSql, type KeysetPosition } from '../lib/cursor';
import { Conditions } from './sql-conditions';

/**
 * SQL shared by the two registry tables (`cadastro.pessoa_fisica`, `cadastro.pessoa_juridica`): they have the same
 * life cycle (live rows only, soft delete, version trigger, actor ids) and the same list filters, so inserts,
 * updates, soft deletes and list queries are built here from each table's column list. Column names only ever come
 * from those constant lists, never from request input; every value is a bind parameter.
 */

export interface RegistryTable<Column extends string> {
  /** Schema-qualified table name. */
  table: string;
  /** Short prefix for prepared-statement names (PostgreSQL truncates names to 63 bytes). */
  statementPrefix: string;
  /** Columns a client may write. */
  writable: readonly Column[];
  /** The live-row unique index on the document column, and the document column it protects. */
  documentKey: { index: string; column: 'cpf' | 'cnpj' };
}

/** Columns every registry row has besides its own data. */
export const META_COLUMNS = [
  'id',
  'version',
  'created_at',
  'updated_at',
  'created_by',
  'updated_by',
] as const;

export interface RowMeta {
  id: string;
  version: number;
  created_at: Date;
  updated_at: Date;
  created_by: string | null;
  updated_by: string | null;
}

/** 409 for a CPF/CNPJ that a live record already has; a ProblemError so it renders even when not caught. */
export class DuplicateDocumentError extends ProblemError {
  readonly field: 'cpf' | 'cnpj';

  constructor(field: 'cpf' | 'cnpj') {
    const label = field.toUpperCase();
    super(409, 'Conflict', `Já existe um cadastro ativo com este ${label}.`, {
      code: `${label}_DUPLICADO`,
      errors: [{ field, message: `${label} already registered` }],
    });
    this.name = 'DuplicateDocumentError';
    this.field = field;
  }
}

function isUniqueViolation(error: unknown, index: string): boolean {
  const { code, constraint } = error as { code?: unknown; constraint?: unknown };
  return code === '23505' && constraint === index;
}

/** Runs `fn`, turning a violation of the table's live-document unique index into DuplicateDocumentError. */
async function translatingDuplicates<T>(spec: RegistryTable<string>, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (error) {
    if (isUniqueViolation(error, spec.documentKey.index))
      throw new DuplicateDocumentError(spec.documentKey.column);
    throw error;
  }
}

/** The writable columns present in `data` (undefined means "not sent"; null means "clear"). */
function presentColumns<Column extends string>(
  spec: RegistryTable<Column>,
  data: Partial<Record<Column, unknown>>,
) {
  return spec.writable.filter((column) => data[column] !== undefined);
}

export function selectList(spec: RegistryTable<string>): string {
  return [...META_COLUMNS, ...spec.writable].join(', ');
}

export async function insertRow<Column extends string, Row>(
  db: Queryable,
  spec: RegistryTable<Column>,
  data: Partial<Record<Column, unknown>>,
  actorId: string | null,
): Promise<Row> {
  const columns = presentColumns(spec, data);
  const values = [...columns.map((column) => data[column]), actorId];
  const placeholders = columns.map((_, index) => `$${index + 1}`);
  const actor = `$${values.length}`;
  const text = `INSERT INTO ${spec.table} (${[...columns, 'created_by', 'updated_by'].join(', ')})
    VALUES (${[...placeholders, actor, actor].join(', ')})
    RETURNING ${selectList(spec)}`;
  return translatingDuplicates(spec, async () => (await db.query(text, values)).rows[0] as Row);
}

/** The live row with `id`, optionally locked for the rest of the caller's transaction. */
export async function findLiveRow<Row>(
  db: Queryable,
  spec: RegistryTable<string>,
  id: string,
  options: { forUpdate?: boolean; extraSelect?: string } = {},
): Promise<Row | undefined> {
  const extra = options.extraSelect ? `, ${options.extraSelect}` : '';
  const { rows } = await db.query({
    name: `${spec.statementPrefix}:find${options.forUpdate ? ':lock' : ''}${extra ? ':extra' : ''}`,
    text: `SELECT ${selectList(spec)}${extra} FROM ${spec.table} AS t WHERE id = $1 AND deleted_at IS NULL${
      options.forUpdate ? ' FOR UPDATE' : ''
    }`,
    values: [id],
  });
  return rows[0] as Row | undefined;
}

export async function findLiveRowByDocument<Row>(
  db: Queryable,
  spec: RegistryTable<string>,
  document: string,
): Promise<Row | undefined> {
  const { rows } = await db.query(
    `SELECT ${selectList(spec)} FROM ${spec.table} WHERE ${spec.documentKey.column} = $1 AND deleted_at IS NULL`,
    [document],
  );
  return rows[0] as Row | undefined;
}

/** Applies `changes` to a live row (the caller has locked it); the trigger bumps `version` and `updated_at`. */
export async function updateRow<Column extends string, Row>(
  db: Queryable,
  spec: RegistryTable<Column>,
  id: string,
  changes: Partial<Record<Column, unknown>>,
  actorId: string,
): Promise<Row> {
  const columns = presentColumns(spec, changes);
  const values = [...columns.map((column) => changes[column]), actorId, id];
  const assignments = [
    ...columns.map((column, index) => `${column} = $${index + 1}`),
    `updated_by = $${columns.length + 1}`,
  ];
  const text = `UPDATE ${spec.table} SET ${assignments.join(', ')}
    WHERE id = $${values.length} AND deleted_at IS NULL
    RETURNING ${selectList(spec)}`;
  return translatingDuplicates(spec, async () => (await db.query(text, values)).rows[0] as Row);
}

export async function softDeleteRow(
  db: Queryable,
  spec: RegistryTable<string>,
  id: string,
  actorId: string,
): Promise<boolean> {
  const { rowCount } = await db.query(
    `UPDATE ${spec.table} SET deleted_at = now(), deleted_by = $2, updated_by = $2
     WHERE id = $1 AND deleted_at IS NULL`,
    [id, actorId],
  );
  return rowCount === 1;
}

/**
 * True when a user account that is not finished (pending, approved or suspended) points at the record through
 * `column` of `usuarios.usuario_sistema`: such records are someone's identity or institution and stay.
 */
export async function isLinkedToOpenAccount(
  db: Queryable,
  column: 'pessoa_fisica_id' | 'pessoa_juridica_id',
  id: string,
): Promise<boolean> {
  const { rows } = await db.query(
    `SELECT EXISTS (
       SELECT 1 FROM usuarios.usuario_sistema
       WHERE ${column} = $1 AND status IN ('AGUARDANDO_APROVACAO', 'APROVADO', 'SUSPENSO')
     ) AS linked`,
    [id],
  );
  return rows[0].linked === true;
}

export interface RegistryListFilters {
  /** Words to find in the names, each as a prefix (`mar silv` → "Maria da Silva"). */
  q?: string | undefined;
  /** Exact CPF/CNPJ (normalized digits). */
  document?: string | undefined;
  cidade?: string | undefined;
  uf?: string | undefined;
  /** Calendar days (YYYY-MM-DD) in Brasília time, both inclusive. */
  createdFrom?: string | undefined;
  createdTo?: string | undefined;
  after?: KeysetPosition | undefined;
  limit: number;
}

/**
 * One page of live rows in (created_at DESC, id DESC) order, `limit + 1` rows so the caller knows whether another
 * page exists. Each filter maps onto an index of migration 0001.
 *
 * Lists are prepared statements (named by their filter shape), so a busy connection skips planning — except name
 * searches, whose best plan depends on how common the words are (GIN bitmap for rare ones, the created_at index for
 * frequent ones). The UF goes into the SQL as a literal, not a parameter: its selectivity is skewed (SP is a large
 * share, AC almost nothing), and a generic plan for `uf = $1` walks the created_at index filtering by UF — instant
 * for SP, a full index scan for AC. With the literal each of the 27 UFs gets its own statement and plan. It is safe
 * to inline because only the 27 known codes get this far (checked here as well).
 */
export async function listRows<Row>(
  db: Queryable,
  spec: RegistryTable<string>,
  columns: readonly string[],
  filters: RegistryListFilters,
): Promise<(Row & { id: string; cursor_created_at: string })[]> {
  const conditions = new Conditions('deleted_at IS NULL');
  const search = filters.q === undefined ? undefined : prefixSearchQuery(filters.q);
  if (search !== undefined) {
    conditions.add('q', (p) => `search @@ to_tsquery('simple', cadastro.search_fold(${p}))`, search);
  }
  if (filters.document !== undefined) {
    conditions.add('d', (p) => `${spec.documentKey.column} = ${p}`, filters.document);
  }
  if (filters.cidade !== undefined) {
    conditions.add(
      'c',
      (p) => `cadastro.search_fold(cidade) = cadastro.search_fold(${p})`,
      filters.cidade.trim(),
    );
  }
  if (filters.uf !== undefined) {
    const uf = filters.uf;
    if (!isUf(uf)) throw new Error(`not a UF: ${JSON.stringify(uf)}`);
    conditions.add(`u${uf}`, () => `uf = '${uf}'`);
  }
  conditions.dayRange('created_at', filters.createdFrom, filters.createdTo);
  if (filters.after !== undefined) {
    conditions.add(
      'a',
      (createdAt, id) => `(created_at, id) < (${createdAt}::timestamptz, ${id}::uuid)`,
      filters.after.createdAt,
      filters.after.id,
    );
  }
  const text = `SELECT id, ${columns.join(', ')}, ${cursorTimestampSql()} AS cursor_created_at
    FROM ${spec.table}
    ${conditions.where}
    ORDER BY created_at DESC, id DESC
    LIMIT ${conditions.parameter(filters.limit + 1)}`;
  const { rows } = await db.query(
    search === undefined
      ? { name: `${spec.statementPrefix}:list:${conditions.shape}`, text, values: conditions.values }
      : { text, values: conditions.values },
  );
  return rows as (Row & { id: string; cursor_created_at: string })[];
}
