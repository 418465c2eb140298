import { Type } from '@fastify/type-provider-typebox';
import { ROLES, USER_STATUSES } from '../../auth/roles';
import { Enum } from '../../lib/registry-schemas';

export const ReportQuery = Type.Object(
  {
    format: Type.Optional(
      Enum(['json', 'csv'] as const, 'csv: planilha (UTF-8 com BOM, separador vírgula, linhas CRLF)'),
    ),
  },
  { additionalProperties: false },
);

const Count = Type.Integer({ minimum: 0 });
const countsOf = (keys: readonly string[]) =>
  Type.Object(Object.fromEntries(keys.map((key) => [key, Count])));

export const ResumoResponse = Type.Object({
  total_pessoas_fisicas: Count,
  total_pessoas_juridicas: Count,
  total_usuarios: Count,
  solicitacoes_pendentes: Type.Integer({ minimum: 0, description: 'contas aguardando aprovação' }),
  usuarios_por_status: countsOf(USER_STATUSES),
  usuarios_por_tipo: countsOf(ROLES),
});

/** The public totals take no parameters: a cache-busting query string is 400 and never reaches the database. */
export const PublicoQuery = Type.Object({}, { additionalProperties: false });

export const PublicoResponse = Type.Object(
  {
    total_pessoas_fisicas: Count,
    total_pessoas_juridicas: Count,
    total_usuarios: Type.Integer({ minimum: 0, description: 'contas aprovadas' }),
  },
  { additionalProperties: false },
);

export const CadastrosPorMesResponse = Type.Object({
  meses: Type.Array(
    Type.Object({
      mes: Type.String({ pattern: '^\\d{4}-\\d{2}$', examples: ['2026-11'] }),
      pessoas_fisicas: Count,
      pessoas_juridicas: Count,
      usuarios: Count,
    }),
    { description: 'os últimos 12 meses (horário de Brasília), do mais antigo ao atual' },
  ),
});

export const UsuariosPorTipoResponse = Type.Object({
  tipos: Type.Array(
    Type.Object({
      tipo_usuario: Enum(ROLES),
      total: Count,
      ativos: Type.Integer({ minimum: 0, description: 'contas aprovadas' }),
      inativos: Type.Integer({ minimum: 0, description: 'pendentes, rejeitadas, suspensas ou inativas' }),
      percentual: Type.Number({ description: 'do total de contas, uma casa decimal' }),
    }),
  ),
});
