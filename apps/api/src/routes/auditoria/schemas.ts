import { Type } from '@fastify/type-provider-typebox';
import { Nullable, Page, Timestamp } from '../../lib/registry-schemas';

export const AuditListQuery = Type.Object(
  {
    ator_id: Type.Optional(Type.String({ format: 'uuid', description: 'conta que agiu' })),
    entidade: Type.Optional(Type.String({ pattern: '^[a-z_]{3,60}$', examples: ['pessoa_fisica'] })),
    entidade_id: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
    acao: Type.Optional(Type.String({ pattern: '^[A-Z_]{3,40}$', examples: ['UPDATE'] })),
    from: Type.Optional(Type.String({ format: 'date', description: 'a partir deste dia (Brasília)' })),
    to: Type.Optional(Type.String({ format: 'date', description: 'até este dia, inclusive' })),
    cursor: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
    limit: Type.Integer({ minimum: 1, maximum: 100, default: 50 }),
  },
  { additionalProperties: false },
);

const AuditSummaryFields = {
  id: Type.String({ pattern: '^[0-9]+$' }),
  ocorrido_em: Timestamp,
  ator_id: Nullable(Type.String({ format: 'uuid' })),
  ator_username: Nullable(Type.String()),
  acao: Type.String(),
  entidade: Type.String(),
  entidade_id: Nullable(Type.String()),
  campos_alterados: Nullable(
    Type.Array(Type.String(), { description: 'campos com valor diferente antes/depois' }),
  ),
  ip: Nullable(Type.String()),
  request_id: Nullable(Type.String()),
};

export const AuditPage = Page(Type.Object(AuditSummaryFields));

export const AuditEntryResponse = Type.Object({
  ...AuditSummaryFields,
  antes: Type.Unknown({ description: 'estado anterior (null na criação)' }),
  depois: Type.Unknown({ description: 'estado posterior (null na exclusão)' }),
});

export const AuditIdParams = Type.Object(
  { id: Type.String({ pattern: '^[1-9][0-9]{0,18}$' }) },
  { additionalProperties: false },
);
