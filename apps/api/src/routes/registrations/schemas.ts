import { Type } from '@fastify/type-provider-typebox';
import { REQUESTABLE_ROLES } from '../../auth/roles';
import { PessoaFisicaCreateBody } from '../pessoas-fisicas/schemas';
import { PessoaJuridicaCreateBody } from '../pessoas-juridicas/schemas';
import { PasswordSchema, RoleSchema, UserSchema } from '../usuarios/schemas';

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

export const RegistrationBody = Type.Object(
  {
    pessoa_fisica: PessoaFisicaCreateBody,
    instituicao_id: Type.Optional(Type.String({ format: 'uuid', description: 'instituição já cadastrada' })),
    instituicao: Type.Optional(PessoaJuridicaCreateBody),
    username: Type.String({
      pattern: '^[A-Za-z0-9][A-Za-z0-9._-]{2,49}$',
      description: '3 a 50 caracteres: letras, dígitos, ponto, hífen, sublinhado (guardado em minúsculas)',
    }),
    email: Type.String({ minLength: 3, maxLength: 254, description: 'e-mail pessoal' }),
    email_institucional: Type.String({
      minLength: 3,
      maxLength: 254,
      description: 'login e destino dos avisos',
    }),
    password: PasswordSchema,
    tipo_usuario: RequestableRoleSchema,
    departamento: Type.Optional(Type.String({ minLength: 1, maxLength: 120 })),
    cargo: Type.Optional(Type.String({ minLength: 1, maxLength: 120 })),
    telefone_institucional: Type.Optional(Type.String({ minLength: 10, maxLength: 20 })),
    ramal_institucional: Type.Optional(Type.String({ pattern: '^[0-9]{1,8}$' })),
  },
  { additionalProperties: false },
);
