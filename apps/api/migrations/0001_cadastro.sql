-- The registry: people (pessoa física), organisations (pessoa jurídica) and their partners/representatives.
--
-- Values are stored in their canonical form (digits only, upper-case UF, lower-case e-mail); the API normalizes
-- and validates with src/domain/documents.ts, and the domains below enforce the same rules here so that no other
-- writer (registration flow, seeds, manual fixes) can store something the API would reject.
--
-- Rows are soft-deleted (`deleted_at`). CPF/CNPJ uniqueness applies to live rows only: a deleted record keeps its
-- history (audit log, foreign keys from user accounts) and the document may be registered again as a new record.
-- `version` is bumped by a trigger on every update and is the ETag for optimistic locking.
--
-- Name search uses a generated tsvector ('simple' configuration over accent-folded text) with a GIN index rather
-- than pg_trgm: it needs no extension (unaccent/pg_trgm need CREATE EXTENSION rights on RDS and contrib in the
-- embedded PostgreSQL), its index is several times smaller, and word-prefix queries ("mar silv" → "Maria da Silva")
-- are what people type when looking up a name. Infix matching inside a word is deliberately not offered.

CREATE SCHEMA cadastro;

-- Accent and case folding for search and city filters. translate() with both cases before lower() because lower()
-- only folds ASCII under the C collation. Immutable, so it can back generated columns and expression indexes.
CREATE FUNCTION cadastro.search_fold(value text) RETURNS text
  LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
  RETURN lower(translate(value,
    'ÁÀÂÃÄÅÉÈÊËÍÌÎÏÓÒÔÕÖÚÙÛÜÇÑÝáàâãäåéèêëíìîïóòôõöúùûüçñýÿ',
    'AAAAAAEEEEIIIIOOOOOUUUUCNYaaaaaaeeeeiiiiooooouuuucnyy'));

-- Mod-11 check digit with weights counting down from first_weight and wrapping from 2 back to 9 (CNPJ);
-- CPF weights (10/11 down to 2) never wrap. Mirrors mod11CheckDigit in src/domain/documents.ts. A PL/pgSQL loop:
-- the set-based SQL version costs ~90 µs per call, this one a few µs (it runs on every insert and bulk seed).
CREATE FUNCTION cadastro.mod11_check_digit(digits text, first_weight integer) RETURNS integer
  LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE AS $$
DECLARE
  total integer := 0;
  weight integer := first_weight;
BEGIN
  FOR position IN 1..length(digits) LOOP
    total := total + (ascii(substr(digits, position, 1)) - 48) * weight;
    weight := CASE WHEN weight = 2 THEN 9 ELSE weight - 1 END;
  END LOOP;
  RETURN CASE WHEN total % 11 < 2 THEN 0 ELSE 11 - total % 11 END;
END;
$$;

CREATE FUNCTION cadastro.cpf_is_valid(cpf text) RETURNS boolean
  LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
  RETURN CASE
    WHEN cpf !~ '^[0-9]{11}$' OR cpf ~ '^(.)\1*$' THEN false
    ELSE substr(cpf, 10, 1)::integer = cadastro.mod11_check_digit(substr(cpf, 1, 9), 10)
     AND substr(cpf, 11, 1)::integer = cadastro.mod11_check_digit(substr(cpf, 1, 10), 11)
  END;

CREATE FUNCTION cadastro.cnpj_is_valid(cnpj text) RETURNS boolean
  LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
  RETURN CASE
    WHEN cnpj !~ '^[0-9]{14}$' OR cnpj ~ '^(.)\1*$' THEN false
    ELSE substr(cnpj, 13, 1)::integer = cadastro.mod11_check_digit(substr(cnpj, 1, 12), 5)
     AND substr(cnpj, 14, 1)::integer = cadastro.mod11_check_digit(substr(cnpj, 1, 13), 6)
  END;

CREATE DOMAIN cadastro.cpf AS text CHECK (cadastro.cpf_is_valid(VALUE));
CREATE DOMAIN cadastro.cnpj AS text CHECK (cadastro.cnpj_is_valid(VALUE));
CREATE DOMAIN cadastro.cep AS text CHECK (VALUE ~ '^[0-9]{8}$' AND VALUE <> '00000000');
-- Area code without zeros + number; 11 digits only for mobiles (third digit 9).
CREATE DOMAIN cadastro.telefone AS text CHECK (VALUE ~ '^[1-9]{2}(9[0-9]{8}|[0-9]{8})$');
CREATE DOMAIN cadastro.uf AS text CHECK (VALUE IN (
  'AC', 'AL', 'AP', 'AM', 'BA', 'CE', 'DF', 'ES', 'GO', 'MA', 'MT', 'MS', 'MG', 'PA',
  'PB', 'PR', 'PE', 'PI', 'RJ', 'RN', 'RS', 'RO', 'RR', 'SC', 'SP', 'SE', 'TO'));
CREATE DOMAIN cadastro.email AS text
  CHECK (length(VALUE) <= 254 AND VALUE = lower(VALUE) AND VALUE ~ '^[^[:space:]@]+@[^[:space:]@]+\.[^[:space:]@]+$');
CREATE DOMAIN cadastro.nome AS text CHECK (length(VALUE) BETWEEN 1 AND 255 AND VALUE = btrim(VALUE));
CREATE DOMAIN cadastro.texto_curto AS text CHECK (length(VALUE) <= 120);

-- Keeps `version` (the ETag) and `updated_at` honest for every writer, not only the API's repositories.
CREATE FUNCTION cadastro.touch_row() RETURNS trigger
  LANGUAGE plpgsql AS $$
BEGIN
  NEW.version := OLD.version + 1;
  NEW.updated_at := now();
  RETURN NEW;
END;
$$;

CREATE TABLE cadastro.pessoa_fisica (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  nome_completo cadastro.nome NOT NULL,
  cpf cadastro.cpf NOT NULL,
  nome_social cadastro.nome,
  data_nascimento date CHECK (data_nascimento >= DATE '1900-01-01'),
  sexo char(1) CHECK (sexo IN ('M', 'F', 'O')),
  estado_civil text CHECK (estado_civil IN ('SOLTEIRO', 'CASADO', 'DIVORCIADO', 'VIUVO', 'UNIAO_ESTAVEL')),
  nacionalidade cadastro.texto_curto NOT NULL DEFAULT 'BRASILEIRA',
  naturalidade cadastro.texto_curto,
  nome_mae cadastro.nome,
  nome_pai cadastro.nome,
  rg text CHECK (rg ~ '^[0-9A-Z]{1,20}$'),
  rg_orgao_expedidor text CHECK (length(rg_orgao_expedidor) <= 20),
  rg_uf cadastro.uf,
  email_principal cadastro.email,
  email_secundario cadastro.email,
  telefone_principal cadastro.telefone,
  telefone_secundario cadastro.telefone,
  cep cadastro.cep,
  logradouro cadastro.texto_curto,
  numero text CHECK (length(numero) <= 20),
  complemento cadastro.texto_curto,
  bairro cadastro.texto_curto,
  cidade cadastro.texto_curto,
  uf cadastro.uf,
  profissao cadastro.texto_curto,
  escolaridade text CHECK (escolaridade IN ('FUNDAMENTAL', 'MEDIO', 'SUPERIOR', 'POS_GRADUACAO', 'MESTRADO', 'DOUTORADO')),
  search tsvector NOT NULL GENERATED ALWAYS AS (
    to_tsvector('simple'::regconfig, cadastro.search_fold(nome_completo || ' ' || coalesce(nome_social, '')))
  ) STORED,
  version integer NOT NULL DEFAULT 1 CHECK (version > 0),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  deleted_at timestamptz,
  -- Actor ids (usuarios.usuario_sistema); no foreign key: that table is created after this one and references it,
  -- and a public registration creates its applicant's record before any account exists (actor = NULL).
  created_by uuid,
  updated_by uuid,
  deleted_by uuid,
  CHECK (deleted_at IS NULL OR deleted_at >= created_at)
);

CREATE TRIGGER pessoa_fisica_touch BEFORE UPDATE ON cadastro.pessoa_fisica
  FOR EACH ROW EXECUTE FUNCTION cadastro.touch_row();

-- Live rows only: uniqueness, and every list query (which always filters deleted_at IS NULL) uses these.
-- The list order is (created_at DESC, id DESC), which is also the keyset cursor.
CREATE UNIQUE INDEX pessoa_fisica_cpf_key ON cadastro.pessoa_fisica (cpf) WHERE deleted_at IS NULL;
CREATE INDEX pessoa_fisica_created_idx ON cadastro.pessoa_fisica (created_at DESC, id DESC) WHERE deleted_at IS NULL;
CREATE INDEX pessoa_fisica_uf_idx ON cadastro.pessoa_fisica (uf, created_at DESC, id DESC) WHERE deleted_at IS NULL;
CREATE INDEX pessoa_fisica_cidade_idx ON cadastro.pessoa_fisica (cadastro.search_fold(cidade), created_at DESC, id DESC)
  WHERE deleted_at IS NULL;
CREATE INDEX pessoa_fisica_search_idx ON cadastro.pessoa_fisica USING gin (search) WHERE deleted_at IS NULL;

CREATE TABLE cadastro.pessoa_juridica (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  razao_social cadastro.nome NOT NULL,
  nome_fantasia cadastro.nome,
  cnpj cadastro.cnpj NOT NULL,
  inscricao_estadual text CHECK (inscricao_estadual ~ '^[0-9A-Z]{1,20}$'),
  inscricao_municipal text CHECK (inscricao_municipal ~ '^[0-9A-Z]{1,20}$'),
  natureza_juridica cadastro.texto_curto,
  porte text CHECK (porte IN ('MEI', 'ME', 'EPP', 'MEDIO', 'GRANDE')),
  data_abertura date CHECK (data_abertura >= DATE '1800-01-01'),
  situacao text NOT NULL DEFAULT 'ATIVA' CHECK (situacao IN ('ATIVA', 'SUSPENSA', 'INAPTA', 'BAIXADA', 'NULA')),
  email_principal cadastro.email,
  email_secundario cadastro.email,
  telefone_principal cadastro.telefone,
  telefone_secundario cadastro.telefone,
  website text CHECK (length(website) <= 255 AND website ~ '^https?://[^[:space:]]+$'),
  cep cadastro.cep,
  logradouro cadastro.texto_curto,
  numero text CHECK (length(numero) <= 20),
  complemento cadastro.texto_curto,
  bairro cadastro.texto_curto,
  cidade cadastro.texto_curto,
  uf cadastro.uf,
  search tsvector NOT NULL GENERATED ALWAYS AS (
    to_tsvector('simple'::regconfig, cadastro.search_fold(razao_social || ' ' || coalesce(nome_fantasia, '')))
  ) STORED,
  version integer NOT NULL DEFAULT 1 CHECK (version > 0),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  deleted_at timestamptz,
  created_by uuid,
  updated_by uuid,
  deleted_by uuid,
  CHECK (deleted_at IS NULL OR deleted_at >= created_at)
);

CREATE TRIGGER pessoa_juridica_touch BEFORE UPDATE ON cadastro.pessoa_juridica
  FOR EACH ROW EXECUTE FUNCTION cadastro.touch_row();

CREATE UNIQUE INDEX pessoa_juridica_cnpj_key ON cadastro.pessoa_juridica (cnpj) WHERE deleted_at IS NULL;
CREATE INDEX pessoa_juridica_created_idx ON cadastro.pessoa_juridica (created_at DESC, id DESC) WHERE deleted_at IS NULL;
CREATE INDEX pessoa_juridica_uf_idx ON cadastro.pessoa_juridica (uf, created_at DESC, id DESC) WHERE deleted_at IS NULL;
CREATE INDEX pessoa_juridica_cidade_idx
  ON cadastro.pessoa_juridica (cadastro.search_fold(cidade), created_at DESC, id DESC) WHERE deleted_at IS NULL;
CREATE INDEX pessoa_juridica_search_idx ON cadastro.pessoa_juridica USING gin (search) WHERE deleted_at IS NULL;

-- Partners and legal representatives. They have no life of their own: they are written only together with their
-- company (replaced as a set in the company's transaction, audited as part of the company's before/after).
CREATE TABLE cadastro.socio_representante (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  pessoa_juridica_id uuid NOT NULL REFERENCES cadastro.pessoa_juridica (id) ON DELETE CASCADE,
  posicao smallint NOT NULL CHECK (posicao >= 0),
  nome cadastro.nome NOT NULL,
  cpf cadastro.cpf NOT NULL,
  cargo cadastro.texto_curto,
  email cadastro.email,
  telefone cadastro.telefone,
  created_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (pessoa_juridica_id, cpf),
  UNIQUE (pessoa_juridica_id, posicao)
);
