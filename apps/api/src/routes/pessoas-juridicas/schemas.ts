import { Type } from '@fastify/type-provider-typebox';
import {
  AddressFields,
  AddressResponseFields,
  Cpf,
  createBody,
  Email,
  Enum,
  IsoDate,
  ListQueryFields,
  Nullable,
  Page,
  Phone,
  patchBody,
  RecordMetaResponseFields,
  Text,
  Timestamp,
} from '../../lib/registry-schemas';

export const PORTES = ['MEI', 'ME', 'EPP', 'MEDIO', 'GRANDE'] as const;
export const SITUACOES = ['ATIVA', 'SUSPENSA', 'INAPTA', 'BAIXADA', 'NULA'] as const;

/** A company holds at most this many partners/representatives. */
export const MAX_SOCIOS = 50;

export const Cnpj = Type.String({
  minLength: 14,
  maxLength: 18,
  description: 'CNPJ com ou sem pontuação; armazenado com 14 dígitos',
  examples: ['11.222.333/0001-81'],
});

const Inscricao = Type.String({
  minLength: 1,
  maxLength: 25,
  description: 'só letras e dígitos são guardados',
});

const PessoaJuridicaFields = {
  razao_social: Text(255),
  nome_fantasia: Text(255),
  cnpj: Cnpj,
  inscricao_estadual: Inscricao,
  inscricao_municipal: Inscricao,
  natureza_juridica: Text(120, { description: 'ex.: 206-2 Sociedade Empresária Limitada' }),
  porte: Enum(PORTES),
  data_abertura: IsoDate,
  situacao: Enum(SITUACOES, 'situação cadastral na Receita Federal'),
  email_principal: Email,
  email_secundario: Email,
  telefone_principal: Phone,
  telefone_secundario: Phone,
  website: Type.String({
    maxLength: 255,
    pattern: '^https?://\\S+$',
    examples: ['https://www.exemplo.gov.br'],
  }),
  ...AddressFields,
};

export const PESSOA_JURIDICA_REQUIRED = [
  'razao_social',
  'cnpj',
  'email_principal',
  'telefone_principal',
  'cep',
  'logradouro',
  'numero',
  'bairro',
  'cidade',
  'uf',
] as const;

export const SocioBody = Type.Object(
  {
    nome: Text(255),
    cpf: Cpf,
    cargo: Type.Optional(Text(120)),
    email: Type.Optional(Email),
    telefone: Type.Optional(Phone),
  },
  { additionalProperties: false },
);

const Socios = Type.Array(SocioBody, {
  maxItems: MAX_SOCIOS,
  description: 'sócios e representantes; no PATCH, a lista enviada substitui a atual ([] remove todos)',
});

const create = createBody(PessoaJuridicaFields, PESSOA_JURIDICA_REQUIRED);
export const PessoaJuridicaCreateBody = Type.Object(
  { ...create.properties, socios: Type.Optional(Socios) },
  {
    additionalProperties: false,
    description: 'Pessoa jurídica com seus sócios, gravados numa só transação.',
  },
);

const patch = patchBody(PessoaJuridicaFields, [...PESSOA_JURIDICA_REQUIRED, 'situacao']);
export const PessoaJuridicaPatchBody = Type.Object(
  { ...patch.properties, socios: Type.Optional(Socios) },
  {
    additionalProperties: false,
    minProperties: 1,
    description: 'Alteração parcial; null limpa um campo opcional; socios substitui a lista. Exige If-Match.',
  },
);

export const SocioResponse = Type.Object({
  nome: Type.String(),
  cpf: Type.String(),
  cargo: Nullable(Type.String()),
  email: Nullable(Type.String()),
  telefone: Nullable(Type.String()),
});

export const PessoaJuridicaResponse = Type.Object({
  ...RecordMetaResponseFields,
  razao_social: Type.String(),
  nome_fantasia: Nullable(Type.String()),
  cnpj: Type.String({ description: '14 dígitos' }),
  inscricao_estadual: Nullable(Type.String()),
  inscricao_municipal: Nullable(Type.String()),
  natureza_juridica: Nullable(Type.String()),
  porte: Nullable(Enum(PORTES)),
  data_abertura: Nullable(Type.String({ format: 'date' })),
  situacao: Enum(SITUACOES),
  email_principal: Nullable(Type.String()),
  email_secundario: Nullable(Type.String()),
  telefone_principal: Nullable(Type.String()),
  telefone_secundario: Nullable(Type.String()),
  website: Nullable(Type.String()),
  ...AddressResponseFields,
  socios: Type.Array(SocioResponse),
});

export const PessoaJuridicaSummary = Type.Object({
  id: Type.String({ format: 'uuid' }),
  razao_social: Type.String(),
  nome_fantasia: Nullable(Type.String()),
  cnpj: Type.String(),
  situacao: Enum(SITUACOES),
  porte: Nullable(Enum(PORTES)),
  cidade: Nullable(Type.String()),
  uf: Nullable(Type.String()),
  created_at: Timestamp,
});

export const PessoaJuridicaListQuery = Type.Object(
  { ...ListQueryFields, cnpj: Type.Optional(Cnpj) },
  { additionalProperties: false },
);

export const PessoaJuridicaPage = Page(PessoaJuridicaSummary);
