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
  Uf,
} from '../../lib/registry-schemas';

export const SEXOS = ['M', 'F', 'O'] as const;
export const ESTADOS_CIVIS = ['SOLTEIRO', 'CASADO', 'DIVORCIADO', 'VIUVO', 'UNIAO_ESTAVEL'] as const;
export const ESCOLARIDADES = [
  'FUNDAMENTAL',
  'MEDIO',
  'SUPERIOR',
  'POS_GRADUACAO',
  'MESTRADO',
  'DOUTORADO',
] as const;

/** Every field a client may send for a person, as sent (before normalization). */
const PessoaFisicaFields = {
  nome_completo: Text(255, { description: 'nome civil completo' }),
  cpf: Cpf,
  nome_social: Text(255),
  data_nascimento: IsoDate,
  sexo: Enum(SEXOS, 'M, F ou O (outro)'),
  estado_civil: Enum(ESTADOS_CIVIS),
  nacionalidade: Text(120),
  naturalidade: Text(120),
  nome_mae: Text(255),
  nome_pai: Text(255),
  rg: Type.String({ minLength: 1, maxLength: 20 }),
  rg_orgao_expedidor: Text(20, { description: 'ex.: SSP' }),
  rg_uf: Uf,
  email_principal: Email,
  email_secundario: Email,
  telefone_principal: Phone,
  telefone_secundario: Phone,
  ...AddressFields,
  profissao: Text(120),
  escolaridade: Enum(ESCOLARIDADES),
};

/** What the registration form requires of a person (the database itself requires only name and CPF). */
export const PESSOA_FISICA_REQUIRED = [
  'nome_completo',
  'cpf',
  'data_nascimento',
  'email_principal',
  'telefone_principal',
  'cep',
  'logradouro',
  'numero',
  'bairro',
  'cidade',
  'uf',
] as const;

export const PessoaFisicaCreateBody = createBody(PessoaFisicaFields, PESSOA_FISICA_REQUIRED, {
  description:
    'Pessoa física. CPF, CEP, telefones, UF e e-mails são normalizados (só dígitos, maiúsculas/minúsculas).',
});
export const PessoaFisicaPatchBody = patchBody(
  PessoaFisicaFields,
  [...PESSOA_FISICA_REQUIRED, 'nacionalidade'],
  {
    description:
      'Alteração parcial: envie só os campos que mudam; null limpa um campo opcional. Exige If-Match.',
  },
);

export const PessoaFisicaResponse = Type.Object({
  ...RecordMetaResponseFields,
  nome_completo: Type.String(),
  cpf: Type.String({ description: '11 dígitos' }),
  nome_social: Nullable(Type.String()),
  data_nascimento: Nullable(Type.String({ format: 'date' })),
  sexo: Nullable(Enum(SEXOS)),
  estado_civil: Nullable(Enum(ESTADOS_CIVIS)),
  nacionalidade: Type.String(),
  naturalidade: Nullable(Type.String()),
  nome_mae: Nullable(Type.String()),
  nome_pai: Nullable(Type.String()),
  rg: Nullable(Type.String()),
  rg_orgao_expedidor: Nullable(Type.String()),
  rg_uf: Nullable(Type.String()),
  email_principal: Nullable(Type.String()),
  email_secundario: Nullable(Type.String()),
  telefone_principal: Nullable(Type.String()),
  telefone_secundario: Nullable(Type.String()),
  ...AddressResponseFields,
  profissao: Nullable(Type.String()),
  escolaridade: Nullable(Enum(ESCOLARIDADES)),
});

/** A list row: enough to pick the right person; the full record (and full CPF) is one GET away. */
export const PessoaFisicaSummary = Type.Object({
  id: Type.String({ format: 'uuid' }),
  nome_completo: Type.String(),
  nome_social: Nullable(Type.String()),
  cpf_mascarado: Type.String({ examples: ['***.982.247-**'] }),
  cidade: Nullable(Type.String()),
  uf: Nullable(Type.String()),
  created_at: Timestamp,
});

export const PessoaFisicaListQuery = Type.Object(
  { ...ListQueryFields, cpf: Type.Optional(Cpf) },
  { additionalProperties: false },
);

export const PessoaFisicaPage = Page(PessoaFisicaSummary);
