import { randomBytes } from 'node:crypto';
import { type FastifyPluginAsyncTypebox, type Static, Type } from '@fastify/type-provider-typebox';
import { BUSINESS_METRICS } from '@sigma-pli/config';
import { hashPassword, passwordPolicyViolation } from '../../auth/passwords';
import { newToken, tokenDigest } from '../../auth/tokens';
import { parseEmail, parsePhone } from '../../domain/documents';
import { type FieldError, ProblemError, problem, validationProblem } from '../../errors';
import { mailTemplates } from '../../mail/templates';
import { sensitiveRateLimit } from '../../plugins/security';
import { insertAccountToken } from '../../repositories/account-tokens';
import { auditContext, recordAudit } from '../../repositories/audit';
import { enqueueEmail } from '../../repositories/outbox';
import {
  findPessoaFisicaByCpf,
  insertPessoaFisica,
  type PessoaFisicaData,
} from '../../repositories/pessoas-fisicas';
import {
  findPessoaJuridicaByCnpj,
  findPessoaJuridicaById,
  insertPessoaJuridica,
  type PessoaJuridicaData,
} from '../../repositories/pessoas-juridicas';
import { insertUser } from '../../repositories/users';
import { normalizePessoaFisica } from '../pessoas-fisicas';
import { normalizePessoaJuridica } from '../pessoas-juridicas';
import { RegistrationBody } from './schemas';

/** E-mail verification links are valid for 24 hours. */
const VERIFICATION_TOKEN_MINUTES = 24 * 60;

/** `PLI-2026-7K3QX9MA`: year plus 8 characters of an unambiguous alphabet (no 0/O, 1/I). */
function newProtocol(): string {
  const alphabet = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';
  const code = [...randomBytes(8)].map((byte) => alphabet[byte % alphabet.length]).join('');
  return `PLI-${new Date().getUTCFullYear()}-${code}`;
}

/** Runs a resource's normalization, prefixing its field errors with where the resource sits in this body. */
function nested<T>(prefix: string, errors: FieldError[], normalize: () => T): T | undefined {
  try {
    return normalize();
  } catch (error) {
    if (!(error instanceof ProblemError) || error.statusCode !== 422) throw error;
    for (const item of error.extras.errors ?? []) errors.push({ ...item, field: `${prefix}.${item.field}` });
    return undefined;
  }
}

/** Unique indexes of usuario_sistema → the field a client should change. */
const ACCOUNT_CONFLICTS: Record<string, [string, string]> = {
  usuario_sistema_username_key: ['username', 'Este nome de usuário já está em uso.'],
  usuario_sistema_email_institucional_key: [
    'email_institucional',
    'Este e-mail institucional já tem uma conta.',
  ],
  usuario_sistema_pessoa_tipo_key: ['tipo_usuario', 'Esta pessoa já tem uma conta deste tipo.'],
};

function accountConflict(error: unknown): ProblemError | undefined {
  const { code, constraint } = error as { code?: string; constraint?: string };
  const conflict = code === '23505' && constraint ? ACCOUNT_CONFLICTS[constraint] : undefined;
  if (!conflict) return undefined;
  return problem(409, undefined, conflict[1], {
    code: 'CONTA_DUPLICADA',
    errors: [{ field: conflict[0], message: conflict[1] }],
  });
}

type Body = Static<typeof RegistrationBody>;

/** Validates and normalizes everything before any write; 422 lists every problem at once. */
function normalizeRegistration(body: Body) {
  const errors: FieldError[] = [];
  const pessoa = nested(
    'pessoa_fisica',
    errors,
    () => normalizePessoaFisica(body.pessoa_fisica) as PessoaFisicaData,
  );
  if ((body.instituicao_id === undefined) === (body.instituicao === undefined)) {
    errors.push({
      field: 'instituicao',
      message: 'informe instituicao_id (existente) ou instituicao (nova), não ambos',
    });
  }
  const instituicao = body.instituicao
    ? nested('instituicao', errors, () => normalizePessoaJuridica(body.instituicao!))
    : undefined;
  const contact: Record<string, string | undefined> = {};
  for (const [field, parse, value] of [
    ['email', parseEmail, body.email],
    ['email_institucional', parseEmail, body.email_institucional],
    ['telefone_institucional', parsePhone, body.telefone_institucional],
  ] as const) {
    if (value === undefined) continue;
    const parsed = parse(value);
    if (parsed.ok) contact[field] = parsed.value;
    else errors.push({ field, message: parsed.message });
  }
  const weak = passwordPolicyViolation(body.password);
  if (weak) errors.push({ field: 'password', message: weak });
  if (errors.length > 0) throw validationProblem(errors);
  return { pessoa: pessoa!, instituicao, contact };
}

/** The public application: person (matched by CPF or created), institution, account request. */
const create: FastifyPluginAsyncTypebox = async (app) => {
  const { db, config } = app;

  app.post(
    '/',
    {
      config: { access: 'public', rateLimit: sensitiveRateLimit(app.config) },
      schema: {
        tags: ['registrations'],
        summary:
          'Solicita uma conta: dados pessoais, instituição e perfil pedido (ADMIN não pode ser pedido)',
        body: RegistrationBody,
        response: { 201: Type.Object({ protocol: Type.String({ examples: ['PLI-2026-7K3QX9MA'] }) }) },
      },
    },
    async (request, reply) => {
      const body = request.body;
      const { pessoa, instituicao, contact } = normalizeRegistration(body);
      const passwordHash = await hashPassword(body.password);
      const audit = auditContext(request);
      const protocol = newProtocol();
      const token = newToken();

      await db
        .transaction(async (client) => {
          let pessoaFisicaId = (await findPessoaFisicaByCpf(client, pessoa.cpf))?.id;
          if (!pessoaFisicaId) {
            const created = await insertPessoaFisica(client, pessoa, null);
            await recordAudit(client, {
              ...audit,
              action: 'CREATE',
              entity: 'pessoa_fisica',
              entityId: created.id,
              after: created,
            });
            pessoaFisicaId = created.id;
          }

          let pessoaJuridicaId: string | undefined;
          if (body.instituicao_id) {
            pessoaJuridicaId = (await findPessoaJuridicaById(client, body.instituicao_id))?.id;
            if (!pessoaJuridicaId) {
              throw validationProblem([{ field: 'instituicao_id', message: 'instituição não encontrada' }]);
            }
          } else {
            const { data, socios } = instituicao!;
            const cnpj = (data as PessoaJuridicaData).cnpj;
            pessoaJuridicaId = (await findPessoaJuridicaByCnpj(client, cnpj))?.id;
            if (!pessoaJuridicaId) {
              const created = await insertPessoaJuridica(client, data as PessoaJuridicaData, null, socios);
              await recordAudit(client, {
                ...audit,
                action: 'CREATE',
                entity: 'pessoa_juridica',
                entityId: created.id,
                after: created,
              });
              pessoaJuridicaId = created.id;
            }
          }

          const username = body.username.toLowerCase();
          const account = {
            username,
            email: contact.email!,
            email_institucional: contact.email_institucional!,
            senha_hash: passwordHash,
            pessoa_fisica_id: pessoaFisicaId,
            pessoa_juridica_id: pessoaJuridicaId,
            tipo_usuario: body.tipo_usuario,
            tipo_solicitado: body.tipo_usuario,
            status: 'AGUARDANDO_APROVACAO' as const,
            email_verificado: false,
            protocolo: protocol,
            departamento: body.departamento ?? null,
            cargo: body.cargo ?? null,
            telefone_institucional: contact.telefone_institucional ?? null,
            ramal_institucional: body.ramal_institucional ?? null,
          };
          const userId = await insertUser(client, account);
          await insertAccountToken(client, {
            userId,
            purpose: 'VERIFICACAO_EMAIL',
            digest: tokenDigest(token),
            validMinutes: VERIFICATION_TOKEN_MINUTES,
          });
          // The page (not the API route): it consumes the token through the API and tells the person what happened.
          const link = `${config.PUBLIC_URL}/verificar-email?token=${token}`;
          await enqueueEmail(client, mailTemplates.verification(account.email_institucional, username, link));
          await recordAudit(client, {
            ...audit,
            action: 'CREATE',
            entity: 'usuario',
            entityId: userId,
            after: account,
          });
        })
        .catch((error: unknown) => {
          throw accountConflict(error) ?? error;
        });

      app.countBusinessEvent(request.log, BUSINESS_METRICS.names.registrations);
      return reply.code(201).send({ protocol });
    },
  );
};

export default create;
