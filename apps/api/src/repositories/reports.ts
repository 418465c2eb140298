import { ROLES, type Role, USER_STATUSES, type UserStatus } from '../auth/roles';
import type { Queryable } from '../db/pools';
import { BUSINESS_TIME_ZONE } from '../domain/registry';

/**
 * Aggregates for /relatorios, run on the read pool. Registry counts are of live records (soft-deleted ones are
 * out of the registry); months are calendar months in Brasília time, like every date the users see.
 */

export interface Resumo {
  total_pessoas_fisicas: number;
  total_pessoas_juridicas: number;
  total_usuarios: number;
  solicitacoes_pendentes: number;
  usuarios_por_status: Record<UserStatus, number>;
  usuarios_por_tipo: Record<Role, number>;
}

/** `{ A: 2 }` over `keys` → `{ A: 2, B: 0, … }`: every status/type appears, also with no accounts. */
function completeCounts<K extends string>(keys: readonly K[], counts: Record<string, number> | null) {
  return Object.fromEntries(keys.map((key) => [key, counts?.[key] ?? 0])) as Record<K, number>;
}

export async function resumo(db: Queryable): Promise<Resumo> {
  const { rows } = await db.query({
    name: 'reports:resumo',
    text: `SELECT
      (SELECT count(*) FROM cadastro.pessoa_fisica WHERE deleted_at IS NULL) AS pessoas_fisicas,
      (SELECT count(*) FROM cadastro.pessoa_juridica WHERE deleted_at IS NULL) AS pessoas_juridicas,
      (SELECT json_object_agg(status, total) FROM (
         SELECT status, count(*)::int AS total FROM usuarios.usuario_sistema GROUP BY status) AS s) AS por_status,
      (SELECT json_object_agg(tipo_usuario, total) FROM (
         SELECT tipo_usuario, count(*)::int AS total FROM usuarios.usuario_sistema GROUP BY tipo_usuario) AS t) AS por_tipo`,
  });
  const row = rows[0];
  const porStatus = completeCounts(USER_STATUSES, row.por_status);
  return {
    total_pessoas_fisicas: Number(row.pessoas_fisicas),
    total_pessoas_juridicas: Number(row.pessoas_juridicas),
    total_usuarios: Object.values(porStatus).reduce((sum, count) => sum + count, 0),
    solicitacoes_pendentes: porStatus.AGUARDANDO_APROVACAO,
    usuarios_por_status: porStatus,
    usuarios_por_tipo: completeCounts(ROLES, row.por_tipo),
  };
}

/** The public subset of the resumo (the home page's totals): counts only, no personal data. */
export interface TotaisPublicos {
  total_pessoas_fisicas: number;
  total_pessoas_juridicas: number;
  /** Approved accounts only: pending, rejected, suspended and inactive ones are not the system's users. */
  total_usuarios: number;
}

/** Derived from the resumo's single query, so both reports always count live records the same way. */
export async function totaisPublicos(db: Queryable): Promise<TotaisPublicos> {
  const report = await resumo(db);
  return {
    total_pessoas_fisicas: report.total_pessoas_fisicas,
    total_pessoas_juridicas: report.total_pessoas_juridicas,
    total_usuarios: report.usuarios_por_status.APROVADO,
  };
}

export interface CadastrosNoMes {
  /** `YYYY-MM`. */
  mes: string;
  pessoas_fisicas: number;
  pessoas_juridicas: number;
  usuarios: number;
}

/** The last 12 calendar months, oldest first, the current month included; months without records count 0. */
export async function cadastrosPorMes(db: Queryable): Promise<CadastrosNoMes[]> {
  const tz = `'${BUSINESS_TIME_ZONE}'`;
  const monthly = (table: string, live: string) => `(
    SELECT count(*)::int FROM ${table}
    WHERE ${live} created_at >= m.inicio AT TIME ZONE ${tz} AND created_at < (m.inicio + interval '1 month') AT TIME ZONE ${tz})`;
  const { rows } = await db.query<CadastrosNoMes>({
    name: 'reports:cadastros-por-mes',
    text: `WITH meses AS (
        SELECT generate_series(
          date_trunc('month', now() AT TIME ZONE ${tz}) - interval '11 months',
          date_trunc('month', now() AT TIME ZONE ${tz}),
          interval '1 month') AS inicio)
      SELECT to_char(m.inicio, 'YYYY-MM') AS mes,
        ${monthly('cadastro.pessoa_fisica', 'deleted_at IS NULL AND')} AS pessoas_fisicas,
        ${monthly('cadastro.pessoa_juridica', 'deleted_at IS NULL AND')} AS pessoas_juridicas,
        ${monthly('usuarios.usuario_sistema', '')} AS usuarios
      FROM meses AS m ORDER BY m.inicio`,
  });
  return rows;
}

export interface UsuariosDoTipo {
  tipo_usuario: Role;
  total: number;
  /** Approved accounts (the ones that can log in). */
  ativos: number;
  /** Every other status: pending, rejected, suspended, inactive. */
  inativos: number;
  /** Share of all accounts, in percent with one decimal. */
  percentual: number;
}

/** One row per account type, highest level first, including types nobody has. */
export async function usuariosPorTipo(db: Queryable): Promise<UsuariosDoTipo[]> {
  const { rows } = await db.query<{ tipo_usuario: Role; total: number; ativos: number }>({
    name: 'reports:usuarios-por-tipo',
    text: `SELECT tipo_usuario, count(*)::int AS total, (count(*) FILTER (WHERE status = 'APROVADO'))::int AS ativos
      FROM usuarios.usuario_sistema GROUP BY tipo_usuario`,
  });
  const byType = new Map(rows.map((row) => [row.tipo_usuario, row]));
  const all = rows.reduce((sum, row) => sum + row.total, 0);
  return [...ROLES].reverse().map((tipo) => {
    const { total = 0, ativos = 0 } = byType.get(tipo) ?? {};
    return {
      tipo_usuario: tipo,
      total,
      ativos,
      inativos: total - ativos,
      percentual: all === 0 ? 0 : Math.round((total / all) * 1000) / 10,
    };
  });
}
