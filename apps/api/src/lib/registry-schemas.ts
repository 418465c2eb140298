import {
  type Static,
  type TOptional,
  type TSchema,
  type TUnsafe,
  Type,
} from '@fastify/type-provider-typebox';
import { UFS } from '../domain/documents';

/**
 * Schema fragments shared by the registry resources (pessoas físicas, pessoas jurídicas). Formats that need
 * normalization first (CPF/CNPJ with punctuation, phones, CEP, e-mail case) are only length-bounded here; the
 * route normalizes and checks them with src/domain/documents.ts and answers 422 with the field.
 */

/**
 * `schema` or null, written as a type list (`type: ['string', 'null']`) rather than `anyOf`: validation and OpenAPI
 * read the same, and fast-json-stringify serializes a type list about twice as fast as an `anyOf` (it would test
 * each branch per value), which matters on the hot read routes.
 */
export function Nullable<T extends TSchema>(schema: T): TUnsafe<Static<T> | null> {
  const { type, enum: values, ...rest } = schema as TSchema & { type?: unknown; enum?: unknown[] };
  if (typeof type !== 'string') throw new Error('Nullable() takes a schema with a single `type`');
  return Type.Unsafe<Static<T> | null>({
    ...rest,
    type: [type, 'null'],
    ...(values ? { enum: [...values, null] } : {}),
  });
}

/** Free text: trimmed by the route, never blank. */
export const Text = (maxLength: number, options: { description?: string } = {}) =>
  Type.String({ minLength: 1, maxLength, ...options });

/**
 * One of `values`, as a plain JSON-schema `enum` (one check instead of a union of literals). Typed as a string: the
 * repositories store and return these columns as text, and the schema is what enforces the set.
 */
export const Enum = (values: readonly string[], description?: string) =>
  Type.String({ enum: [...values], ...(description ? { description } : {}) });

export const Uf = Type.String({ minLength: 2, maxLength: 4, description: 'UF (sigla)', examples: ['SP'] });
export const Email = Type.String({ minLength: 3, maxLength: 254, examples: ['maria.silva@exemplo.gov.br'] });
export const Phone = Type.String({
  minLength: 10,
  maxLength: 20,
  description: 'DDD + número (10 ou 11 dígitos; pontuação aceita)',
  examples: ['(61) 99876-5432'],
});
export const Cpf = Type.String({
  minLength: 11,
  maxLength: 14,
  description: 'CPF com ou sem pontuação; armazenado com 11 dígitos',
  examples: ['529.982.247-25'],
});
export const IsoDate = Type.String({ format: 'date', examples: ['1985-04-12'] });
export const Timestamp = Type.Unsafe<Date | string>({ type: 'string', format: 'date-time' });

/** Address block of people and organisations; required members are listed by each resource. */
export const AddressFields = {
  cep: Type.String({ minLength: 8, maxLength: 9, examples: ['70040-010'] }),
  logradouro: Text(120),
  numero: Text(20),
  complemento: Text(120),
  bairro: Text(120),
  cidade: Text(120),
  uf: Uf,
};

/** The address block in responses (stored form). */
export const AddressResponseFields = {
  cep: Nullable(Type.String()),
  logradouro: Nullable(Type.String()),
  numero: Nullable(Type.String()),
  complemento: Nullable(Type.String()),
  bairro: Nullable(Type.String()),
  cidade: Nullable(Type.String()),
  uf: Nullable(Enum(UFS)),
};

export const RecordMetaResponseFields = {
  id: Type.String({ format: 'uuid' }),
  version: Type.Integer({ description: 'versão do registro; o ETag da resposta' }),
  created_at: Timestamp,
  updated_at: Timestamp,
  created_by: Nullable(Type.String({ format: 'uuid' })),
  updated_by: Nullable(Type.String({ format: 'uuid' })),
};

/** `properties` as a create body: `required` members mandatory, the others optional (omit rather than null). */
export function createBody<P extends Record<string, TSchema>, R extends keyof P & string>(
  properties: P,
  required: readonly R[],
  options: { description?: string } = {},
) {
  const members = Object.fromEntries(
    Object.entries(properties).map(([name, schema]) => [
      name,
      required.includes(name as R) ? schema : Type.Optional(schema),
    ]),
  ) as { [K in keyof P]: K extends R ? P[K] : TOptional<P[K]> };
  return Type.Object(members, { additionalProperties: false, ...options });
}

/**
 * `properties` as a PATCH body: every member optional; members may be null (clear the value) except those in
 * `notNull` (required ones and those with a database default); at least one member.
 */
export function patchBody<P extends Record<string, TSchema>, N extends keyof P & string>(
  properties: P,
  notNull: readonly N[],
  options: { description?: string } = {},
) {
  const members = Object.fromEntries(
    Object.entries(properties).map(([name, schema]) => [
      name,
      Type.Optional(notNull.includes(name as N) ? schema : Nullable(schema)),
    ]),
  ) as { [K in keyof P]: K extends N ? TOptional<P[K]> : TOptional<TUnsafe<Static<P[K]> | null>> };
  return Type.Object(members, { additionalProperties: false, minProperties: 1, ...options });
}

/** Filters and paging common to both registry lists; each resource adds its document filter. */
export const ListQueryFields = {
  q: Type.Optional(Text(100, { description: 'palavras do nome, cada uma como prefixo ("mar silv")' })),
  cidade: Type.Optional(Text(120, { description: 'cidade exata, sem diferenciar acentos e maiúsculas' })),
  uf: Type.Optional(Uf),
  created_from: Type.Optional(
    Type.String({ format: 'date', description: 'cadastrados a partir deste dia (Brasília)' }),
  ),
  created_to: Type.Optional(
    Type.String({ format: 'date', description: 'cadastrados até este dia, inclusive' }),
  ),
  cursor: Type.Optional(
    Type.String({ minLength: 1, maxLength: 200, description: 'next_cursor da página anterior' }),
  ),
  limit: Type.Integer({ minimum: 1, maximum: 100, default: 20 }),
};

export const Page = <T extends TSchema>(item: T) =>
  Type.Object({
    items: Type.Array(item),
    next_cursor: Nullable(Type.String({ description: 'passe em ?cursor= para a próxima página' })),
  });

export const ETagHeader = { etag: Type.String({ description: 'versão atual, para If-Match' }) };

export const IfMatchHeaders = Type.Object({
  'if-match': Type.Optional(Type.String({ description: 'ETag obtido no GET (obrigatório no PATCH)' })),
});
