/** One validation failure, addressed by a dotted field path (`pessoa_fisica.cpf`, `socios.0.nome`). */
export interface FieldError {
  field: string;
  message: string;
}

/** Extra members of a problem document, e.g. a machine-readable `code` or the validation `errors`. */
export type ProblemExtras = Record<string, unknown> & { errors?: FieldError[]; code?: string };

const TITLES: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  406: 'Not Acceptable',
  408: 'Request Timeout',
  409: 'Conflict',
  412: 'Precondition Failed',
  413: 'Payload Too Large',
  415: 'Unsupported Media Type',
  422: 'Unprocessable Entity',
  428: 'Precondition Required',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
};

export function statusTitle(status: number): string {
  return TITLES[status] ?? (status >= 500 ? 'Server Error' : 'Client Error');
}

/**
 * An error that becomes an RFC 9457 `application/problem+json` response. Throw it (or return `reply.send(err)`)
 * from any route; the error handler renders `type`, `title`, `status`, `detail` and the extras.
 */
export class ProblemError extends Error {
  readonly statusCode: number;
  readonly title: string;
  readonly detail: string | undefined;
  readonly extras: ProblemExtras;
  /** Response headers that belong to the problem, e.g. `Retry-After` on 429. */
  readonly headers: Record<string, string>;

  constructor(status: number, title: string, detail?: string, extras: ProblemExtras = {}, headers = {}) {
    super(detail ?? title);
    this.name = 'ProblemError';
    this.statusCode = status;
    this.title = title;
    this.detail = detail;
    this.extras = extras;
    this.headers = headers;
  }
}

/** `throw problem(404, 'Not Found', 'Pessoa física não encontrada')`. */
export function problem(
  status: number,
  title = statusTitle(status),
  detail?: string,
  extras?: ProblemExtras,
) {
  return new ProblemError(status, title, detail, extras);
}

/** 422 with the offending fields, for rules a JSON schema cannot express (check digits, cross-field rules). */
export function validationProblem(errors: FieldError[], detail = 'A requisição contém dados inválidos.') {
  return new ProblemError(422, 'Unprocessable Entity', detail, { errors });
}

/** The `type` URI of a problem: a stable, documented identifier per status. */
export function problemType(status: number, code?: string): string {
  return code ? `urn:sigma-pli:problem:${code.toLowerCase()}` : `urn:sigma-pli:problem:http-${status}`;
}
