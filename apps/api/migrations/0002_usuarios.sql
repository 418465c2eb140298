-- System accounts, their sessions and one-time tokens, login attempts, the e-mail outbox, and the audit log.
--
-- Secrets are never stored in a usable form: session ids and e-mail/reset tokens are kept as SHA-256 digests (the
-- raw value exists only in the cookie or the e-mailed link), passwords as argon2id hashes.
-- The account's level is derived from its type (generated column), so the two can never disagree.
-- The audit log lives in its own schema, `auditoria.registro`: every write of the API records a row there in the
-- same transaction as the write, and the table is append-only (a trigger rejects UPDATE and DELETE).

CREATE SCHEMA usuarios;

CREATE TABLE usuarios.usuario_sistema (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  username text NOT NULL CHECK (username ~ '^[a-z0-9][a-z0-9._-]{2,49}$'),
  email cadastro.email NOT NULL,
  email_institucional cadastro.email NOT NULL,
  senha_hash text NOT NULL,
  -- Every applicant is a registered person at an institution. Only the bootstrap administrator (ensure-admin, first
  -- deployment) exists before the registry has anyone in it; it is marked as such instead of given a made-up CPF.
  pessoa_fisica_id uuid REFERENCES cadastro.pessoa_fisica (id),
  pessoa_juridica_id uuid REFERENCES cadastro.pessoa_juridica (id),
  conta_inicial boolean NOT NULL DEFAULT false,
  tipo_usuario text NOT NULL CHECK (tipo_usuario IN ('ADMIN', 'GESTOR', 'ANALISTA', 'OPERADOR', 'VISUALIZADOR')),
  nivel_acesso smallint NOT NULL GENERATED ALWAYS AS (
    CASE tipo_usuario WHEN 'ADMIN' THEN 5 WHEN 'GESTOR' THEN 4 WHEN 'ANALISTA' THEN 3 WHEN 'OPERADOR' THEN 2 ELSE 1 END
  ) STORED,
  -- What the applicant asked for (the API never accepts ADMIN here; accounts created by ensure-admin record it);
  -- `tipo_usuario` is what was granted (equal until a decision).
  tipo_solicitado text NOT NULL CHECK (tipo_solicitado IN ('ADMIN', 'GESTOR', 'ANALISTA', 'OPERADOR', 'VISUALIZADOR')),
  status text NOT NULL DEFAULT 'AGUARDANDO_APROVACAO'
    CHECK (status IN ('AGUARDANDO_APROVACAO', 'APROVADO', 'REJEITADO', 'SUSPENSO', 'INATIVO')),
  email_verificado boolean NOT NULL DEFAULT false,
  email_verificado_em timestamptz,
  departamento cadastro.texto_curto,
  cargo cadastro.texto_curto,
  telefone_institucional cadastro.telefone,
  ramal_institucional text CHECK (ramal_institucional ~ '^[0-9]{1,8}$'),
  -- Registration protocol handed to the applicant (PLI-YYYY-XXXXXXXX), stored so it can be looked up.
  protocolo text NOT NULL UNIQUE,
  decidido_por uuid REFERENCES usuarios.usuario_sistema (id),
  decidido_em timestamptz,
  motivo_rejeicao text CHECK (length(motivo_rejeicao) <= 1000),
  tentativas_login_falhas integer NOT NULL DEFAULT 0 CHECK (tentativas_login_falhas >= 0),
  bloqueado_ate timestamptz,
  ultimo_login_em timestamptz,
  senha_alterada_em timestamptz NOT NULL DEFAULT now(),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  created_by uuid REFERENCES usuarios.usuario_sistema (id),
  updated_by uuid REFERENCES usuarios.usuario_sistema (id),
  CHECK (status <> 'REJEITADO' OR motivo_rejeicao IS NOT NULL),
  CHECK (conta_inicial OR (pessoa_fisica_id IS NOT NULL AND pessoa_juridica_id IS NOT NULL)),
  CHECK (NOT conta_inicial OR tipo_usuario = 'ADMIN')
);

CREATE UNIQUE INDEX usuario_sistema_username_key ON usuarios.usuario_sistema (username);
-- The institutional e-mail is a login identifier, so it must name one account.
CREATE UNIQUE INDEX usuario_sistema_email_institucional_key ON usuarios.usuario_sistema (email_institucional);
-- One person may hold several accounts, one per type (as in the original system).
CREATE UNIQUE INDEX usuario_sistema_pessoa_tipo_key ON usuarios.usuario_sistema (pessoa_fisica_id, tipo_usuario);
CREATE INDEX usuario_sistema_email_idx ON usuarios.usuario_sistema (email);
CREATE INDEX usuario_sistema_status_idx ON usuarios.usuario_sistema (status, created_at DESC, id DESC);
CREATE INDEX usuario_sistema_pessoa_juridica_idx ON usuarios.usuario_sistema (pessoa_juridica_id);

CREATE FUNCTION usuarios.touch_updated_at() RETURNS trigger
  LANGUAGE plpgsql AS $$
BEGIN
  NEW.updated_at := now();
  RETURN NEW;
END;
$$;

CREATE TRIGGER usuario_sistema_touch BEFORE UPDATE ON usuarios.usuario_sistema
  FOR EACH ROW EXECUTE FUNCTION usuarios.touch_updated_at();

-- Server-side sessions. The cookie holds 32 random bytes; only their SHA-256 is stored. `expira_em` slides with
-- activity (idle timeout), `expira_absoluto_em` never moves. A revoked session keeps its row for the user's
-- session list and for forensics until the maintenance job purges it.
CREATE TABLE usuarios.sessao (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  token_hash bytea NOT NULL UNIQUE CHECK (length(token_hash) = 32),
  usuario_id uuid NOT NULL REFERENCES usuarios.usuario_sistema (id) ON DELETE CASCADE,
  criada_em timestamptz NOT NULL DEFAULT now(),
  ultimo_acesso_em timestamptz NOT NULL DEFAULT now(),
  expira_em timestamptz NOT NULL,
  expira_absoluto_em timestamptz NOT NULL,
  ip inet,
  user_agent text CHECK (length(user_agent) <= 512),
  revogada_em timestamptz,
  motivo_revogacao text CHECK (motivo_revogacao IN
    ('LOGOUT', 'ENCERRADA_PELO_USUARIO', 'SENHA_ALTERADA', 'SENHA_REDEFINIDA', 'CONTA_ALTERADA')),
  CHECK (expira_absoluto_em > criada_em),
  CHECK ((revogada_em IS NULL) = (motivo_revogacao IS NULL))
);

CREATE INDEX sessao_usuario_ativa_idx ON usuarios.sessao (usuario_id, criada_em DESC) WHERE revogada_em IS NULL;
CREATE INDEX sessao_expira_absoluto_idx ON usuarios.sessao (expira_absoluto_em);

-- Single-use tokens sent by e-mail (address verification, password reset); stored as SHA-256 digests.
CREATE TABLE usuarios.token_conta (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  usuario_id uuid NOT NULL REFERENCES usuarios.usuario_sistema (id) ON DELETE CASCADE,
  finalidade text NOT NULL CHECK (finalidade IN ('VERIFICACAO_EMAIL', 'REDEFINICAO_SENHA')),
  token_hash bytea NOT NULL UNIQUE CHECK (length(token_hash) = 32),
  criado_em timestamptz NOT NULL DEFAULT now(),
  expira_em timestamptz NOT NULL,
  usado_em timestamptz,
  CHECK (expira_em > criado_em)
);

CREATE INDEX token_conta_usuario_idx ON usuarios.token_conta (usuario_id, finalidade) WHERE usado_em IS NULL;

-- Login attempts per identifier and client IP: the lockout window counts failures here, for existing and unknown
-- identifiers alike, so the response never tells whether an account exists.
CREATE TABLE usuarios.tentativa_login (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  login text NOT NULL CHECK (length(login) <= 254),
  ip inet NOT NULL,
  sucesso boolean NOT NULL,
  ocorrida_em timestamptz NOT NULL DEFAULT now()
);

CREATE INDEX tentativa_login_login_idx ON usuarios.tentativa_login (login, ocorrida_em DESC) WHERE NOT sucesso;
CREATE INDEX tentativa_login_ocorrida_idx ON usuarios.tentativa_login (ocorrida_em);

-- Transactional outbox for e-mail: written in the same transaction as the change that causes it, delivered by a
-- worker (FOR UPDATE SKIP LOCKED, so every PM2 worker can run it). The body, which may hold a one-time link, is
-- erased once the message is sent.
CREATE TABLE usuarios.outbox_email (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  destinatario cadastro.email NOT NULL,
  assunto text NOT NULL CHECK (length(assunto) <= 200),
  corpo text,
  criado_em timestamptz NOT NULL DEFAULT now(),
  enviar_apos timestamptz NOT NULL DEFAULT now(),
  tentativas integer NOT NULL DEFAULT 0,
  enviado_em timestamptz,
  ultimo_erro text CHECK (length(ultimo_erro) <= 1000),
  CHECK (enviado_em IS NOT NULL OR corpo IS NOT NULL)
);

CREATE INDEX outbox_email_pendente_idx ON usuarios.outbox_email (enviar_apos) WHERE enviado_em IS NULL;

CREATE SCHEMA auditoria;

-- Who did what to which record: before/after images (secrets removed by the API), client IP and request id.
CREATE TABLE auditoria.registro (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  ocorrido_em timestamptz NOT NULL DEFAULT now(),
  ator_id uuid REFERENCES usuarios.usuario_sistema (id),
  acao text NOT NULL CHECK (acao ~ '^[A-Z_]{3,40}$'),
  entidade text NOT NULL CHECK (entidade ~ '^[a-z_]{3,60}$'),
  entidade_id text CHECK (length(entidade_id) <= 100),
  antes jsonb,
  depois jsonb,
  ip inet,
  request_id text CHECK (length(request_id) <= 100)
);

CREATE INDEX registro_ocorrido_idx ON auditoria.registro (ocorrido_em DESC, id DESC);
CREATE INDEX registro_ator_idx ON auditoria.registro (ator_id, ocorrido_em DESC, id DESC);
CREATE INDEX registro_entidade_idx ON auditoria.registro (entidade, entidade_id, ocorrido_em DESC, id DESC);

CREATE FUNCTION auditoria.append_only() RETURNS trigger
  LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'auditoria.registro is append-only';
END;
$$;

CREATE TRIGGER registro_append_only BEFORE UPDATE OR DELETE ON auditoria.registro
  FOR EACH STATEMENT EXECUTE FUNCTION auditoria.append_only();
