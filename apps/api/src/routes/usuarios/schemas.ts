import { Type } from '@fastify/type-provider-typebox';
import { ROLES, USER_STATUSES } from '../../auth/roles';

export const RoleSchema = Type.Union(
  ROLES.map((role) => Type.Literal(role)),
  { description: 'Tipo de usuário' },
);
export const StatusSchema = Type.Union(USER_STATUSES.map((status) => Type.Literal(status)));

const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(schema: T) =>
  Type.Union([schema, Type.Null()]);
/** A timestamp: PostgreSQL gives Date objects, serialized as ISO 8601 strings. */
export const Timestamp = Type.Unsafe<Date | string>({ type: 'string', format: 'date-time' });

/** An account as every endpoint returns it; no hashes, counters or tokens. */
export const UserSchema = Type.Object({
  id: Type.String({ format: 'uuid' }),
  username: Type.String(),
  email: Type.String(),
  email_institucional: Type.String(),
  tipo_usuario: RoleSchema,
  tipo_solicitado: RoleSchema,
  nivel_acesso: Type.Integer(),
  status: StatusSchema,
  email_verificado: Type.Boolean(),
  pessoa_fisica_id: Nullable(Type.String({ format: 'uuid' })),
  pessoa_juridica_id: Nullable(Type.String({ format: 'uuid' })),
  nome_completo: Nullable(Type.String()),
  instituicao: Nullable(Type.String({ description: 'razão social da instituição' })),
  conta_inicial: Type.Boolean({ description: 'administrador criado na implantação (ensure-admin)' }),
  departamento: Nullable(Type.String()),
  cargo: Nullable(Type.String()),
  telefone_institucional: Nullable(Type.String()),
  ramal_institucional: Nullable(Type.String()),
  protocolo: Type.String(),
  motivo_rejeicao: Nullable(Type.String()),
  decidido_em: Nullable(Timestamp),
  ultimo_login_em: Nullable(Timestamp),
  created_at: Timestamp,
  updated_at: Timestamp,
});

export const UserEnvelope = Type.Object({ user: UserSchema });

export const IdParams = Type.Object({ id: Type.String({ format: 'uuid' }) }, { additionalProperties: false });

/** The password policy as a schema (length); the class mix is checked in code (passwordPolicyViolation). */
export const PasswordSchema = Type.String({ minLength: 10, maxLength: 256 });

export const UserListQuery = Type.Object(
  {
    status: Type.Optional(StatusSchema),
    tipo_usuario: Type.Optional(RoleSchema),
    q: Type.Optional(
      Type.String({ minLength: 1, maxLength: 100, description: 'parte do username, e-mail ou nome' }),
    ),
    cursor: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
    limit: Type.Integer({ minimum: 1, maximum: 100, default: 20 }),
  },
  { additionalProperties: false },
);

export const UserPage = Type.Object({
  items: Type.Array(UserSchema),
  next_cursor: Nullable(Type.String()),
});

export const UserPatchBody = Type.Object(
  { tipo_usuario: Type.Optional(RoleSchema), status: Type.Optional(StatusSchema) },
  { additionalProperties: false, minProperties: 1 },
);

export const ChangePasswordBody = Type.Object(
  { current_password: Type.String({ minLength: 1, maxLength: 256 }), new_password: PasswordSchema },
  { additionalProperties: false },
);
