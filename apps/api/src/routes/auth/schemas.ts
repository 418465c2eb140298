import { Type } from '@fastify/type-provider-typebox';
import { PasswordSchema, Timestamp } from '../usuarios/schemas';

export const LoginBody = Type.Object(
  {
    login: Type.String({ minLength: 1, maxLength: 254, description: 'username ou e-mail institucional' }),
    password: Type.String({ minLength: 1, maxLength: 256 }),
  },
  { additionalProperties: false },
);

export const SessionSchema = Type.Object({
  id: Type.String({ format: 'uuid' }),
  criada_em: Timestamp,
  ultimo_acesso_em: Timestamp,
  expira_em: Timestamp,
  ip: Type.Union([Type.String(), Type.Null()]),
  user_agent: Type.Union([Type.String(), Type.Null()]),
  atual: Type.Boolean({ description: 'a sessão desta requisição' }),
});

export const PasswordResetBody = Type.Object(
  { email: Type.String({ format: 'email', maxLength: 254 }) },
  { additionalProperties: false },
);

export const PasswordResetConfirmBody = Type.Object(
  { token: Type.String({ minLength: 1, maxLength: 200 }), password: PasswordSchema },
  { additionalProperties: false },
);
