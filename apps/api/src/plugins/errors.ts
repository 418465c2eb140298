import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { isDatabaseUnavailable } from '../db/pools';
import { type FieldError, ProblemError, type ProblemExtras, problemType, statusTitle } from '../errors';

interface AjvIssue {
  keyword: string;
  instancePath: string;
  message?: string;
  params: Record<string, unknown>;
}

/** `/pessoa_fisica/cpf` + `missingProperty: nome` → `pessoa_fisica.cpf.nome`; the request part prefixes querystring. */
function fieldPath(issue: AjvIssue, context: string | undefined): string {
  const segments = issue.instancePath
    .split('/')
    .filter(Boolean)
    .map((part) => part.replace(/~1/g, '/').replace(/~0/g, '~'));
  const child = issue.params.missingProperty ?? issue.params.additionalProperty;
  if (typeof child === 'string') segments.push(child);
  const path = segments.join('.');
  if (context && context !== 'body') return path ? `${context}.${path}` : context;
  return path || '(body)';
}

function validationFieldErrors(issues: AjvIssue[], context: string | undefined): FieldError[] {
  const seen = new Set<string>();
  const errors: FieldError[] = [];
  for (const issue of issues) {
    const field = fieldPath(issue, context);
    const message =
      issue.keyword === 'additionalProperties' ? 'campo desconhecido' : (issue.message ?? 'inválido');
    const key = `${field}\u0000${message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    errors.push({ field, message });
  }
  return errors;
}

export function sendProblem(
  reply: FastifyReply,
  status: number,
  title: string,
  detail: string | undefined,
  extras: ProblemExtras = {},
) {
  return reply
    .code(status)
    .type('application/problem+json; charset=utf-8')
    .send({
      type: problemType(status, extras.code),
      title,
      status,
      ...(detail ? { detail } : {}),
      ...extras,
    });
}

/**
 * Maps every error to `application/problem+json`:
 * - ProblemError → as declared;
 * - schema violations → 422 with `errors[{field, message}]`, except unknown fields → 400 (a client bug, not bad data);
 * - malformed JSON and other framework 4xx → their status;
 * - database unreachable → 503; anything else → 500 with a generic detail (the log keeps the error, the client
 *   never sees SQL, stack traces or internal messages).
 */
export function handleError(
  error: FastifyError | ProblemError,
  request: FastifyRequest,
  reply: FastifyReply,
) {
  if (error instanceof ProblemError) {
    if (error.statusCode >= 500) request.log.error({ err: error }, 'request failed');
    for (const [name, value] of Object.entries(error.headers)) reply.header(name, value);
    return sendProblem(reply, error.statusCode, error.title, error.detail, error.extras);
  }
  if (error.validation) {
    const issues = error.validation as unknown as AjvIssue[];
    const errors = validationFieldErrors(issues, error.validationContext);
    const unknownField = issues.some((issue) => issue.keyword === 'additionalProperties');
    if (unknownField) {
      return sendProblem(reply, 400, statusTitle(400), 'A requisição contém campos desconhecidos.', {
        errors: errors.filter((item) => item.message === 'campo desconhecido'),
      });
    }
    return sendProblem(reply, 422, statusTitle(422), 'A requisição contém dados inválidos.', { errors });
  }
  if (isDatabaseUnavailable(error)) {
    request.log.error({ err: { message: error.message, code: error.code } }, 'database unavailable');
    reply.header('retry-after', '5');
    return sendProblem(reply, 503, statusTitle(503), 'O banco de dados está indisponível no momento.');
  }
  const status = typeof error.statusCode === 'number' && error.statusCode >= 400 ? error.statusCode : 500;
  if (status >= 500) {
    request.log.error({ err: error }, 'request failed');
    return sendProblem(reply, status, statusTitle(status), 'Erro interno. Tente novamente mais tarde.');
  }
  // Framework client errors (malformed JSON, body too large, unsupported media type, rate limit) carry safe messages.
  if (status === 400 && error.code === 'FST_ERR_CTP_INVALID_JSON_BODY') {
    return sendProblem(reply, 400, statusTitle(400), 'O corpo da requisição não é um JSON válido.');
  }
  return sendProblem(reply, status, statusTitle(status), error.message);
}

/** 404 for unknown routes (installed by the security plugin, behind the rate limiter: scanners get throttled). */
export function notFoundHandler(request: FastifyRequest, reply: FastifyReply) {
  return sendProblem(
    reply,
    404,
    statusTitle(404),
    `Rota ${request.method} ${request.url.split('?')[0]} não existe.`,
  );
}

export default fp(
  async (app: FastifyInstance) => {
    app.setErrorHandler(handleError);
  },
  { name: 'errors' },
);
