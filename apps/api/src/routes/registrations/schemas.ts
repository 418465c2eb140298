import { Type } from '@fastify/type-provider-typebox';
import { REQUESTABLE_ROLES } from '../../auth/roles';
import { RoleSchema, UserSchema } from '../usuarios/schemas';

export const RequestableRoleSchema = Type.Union(
  REQUESTABLE_ROLES.map((role) => Type.Literal(role)),
  { description: 'Tipo pedido (ADMIN não pode ser solicitado)' },
);

export const VerifyQuery = Type.Object(
  { token: Type.String({ minLength: 1, maxLength: 200 }) },
  { additionalProperties: false },
);

export const PendingListQuery = Type.Object(
  {
    status: Type.Union([Type.Literal('AGUARDANDO_APROVACAO'), Type.Literal('REJEITADO')], {
      default: 'AGUARDANDO_APROVACAO',
    }),
    cursor: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
    limit: Type.Integer({ minimum: 1, maximum: 100, default: 20 }),
  },
  { additionalProperties: false },
);

export const ApproveBody = Type.Object(
  { tipo_usuario: RoleSchema },
  { additionalProperties: false, description: 'Tipo concedido: no máximo o nível de quem aprova' },
);

export const RejectBody = Type.Object(
  { motivo: Type.String({ minLength: 3, maxLength: 1000 }) },
  { additionalProperties: false },
);

export const ApplicationEnvelope = Type.Object({ user: UserSchema });
