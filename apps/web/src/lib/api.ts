/**
 * Typed fetch wrapper for the SIGMA-PLI API (same origin, session cookie). Every non-2xx answer becomes an ApiError
 * carrying the RFC 9457 problem document; a 401 on a signed-in page sends the user to the login page.
 */
export interface FieldError {
  field: string;
  message: string;
}

export interface Problem {
  type?: string;
  title: string;
  status: number;
  detail?: string;
  code?: string;
  errors?: FieldError[];
}

export class ApiError extends Error {
  constructor(readonly problem: Problem) {
    super(problem.detail ?? problem.title);
    this.name = 'ApiError';
  }

  get status(): number {
    return this.problem.status;
  }

  get fieldErrors(): FieldError[] {
    return this.problem.errors ?? [];
  }
}

export interface ApiResponse<T> {
  status: number;
  data: T;
  etag: string | null;
  location: string | null;
}

export type Query = Record<string, string | number | boolean | undefined | null>;

export interface RequestOptions {
  method?: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';
  body?: unknown;
  query?: Query;
  /** The ETag of the version being changed (optimistic locking: a stale one gets 412). */
  ifMatch?: string | null;
  /** Whether a 401 sends the browser to the login page (false for the login call itself and public pages). */
  redirectOnUnauthorized?: boolean;
}

export interface Page<T> {
  items: T[];
  next_cursor: string | null;
}

export const API_BASE = '/api/v1';

/** pt-BR headings per status (the API's `title` is the English reason phrase; its `detail` is already pt-BR). */
const STATUS_TITLES: Record<number, string> = {
  0: 'Sem conexão com o servidor',
  400: 'Requisição inválida',
  401: 'Sessão encerrada',
  403: 'Acesso não permitido',
  404: 'Não encontrado',
  409: 'Conflito com um registro existente',
  412: 'O registro foi alterado por outra pessoa',
  413: 'Dados grandes demais',
  422: 'Dados inválidos',
  428: 'Versão do registro não informada',
  429: 'Muitas tentativas',
  503: 'Serviço temporariamente indisponível',
};

export function problemTitle(problem: Problem): string {
  return STATUS_TITLES[problem.status] ?? (problem.status >= 500 ? 'Erro no servidor' : problem.title);
}

export function problemMessage(problem: Problem): string {
  return problem.detail ?? problemTitle(problem);
}

export function buildUrl(path: string, query?: Query): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query ?? {})) {
    if (value !== undefined && value !== null && value !== '') params.set(key, String(value));
  }
  const search = params.toString();
  return `${API_BASE}${path}${search ? `?${search}` : ''}`;
}

export function loginUrl(next = `${location.pathname}${location.search}`): string {
  return `/entrar?proximo=${encodeURIComponent(next)}`;
}

/** Field names in problem documents may be JSON pointers (`/socios/0/cpf`) or dotted; forms use dotted names. */
export function normalizeField(field: string): string {
  return field
    .replace(/^\/?(body|querystring)[./]?/, '')
    .replace(/^\//, '')
    .replaceAll('/', '.');
}

async function toProblem(response: Response): Promise<Problem> {
  const type = response.headers.get('content-type') ?? '';
  if (type.includes('json')) {
    const body = (await response.json().catch(() => null)) as Partial<Problem> | null;
    if (body && typeof body === 'object') {
      return {
        ...body,
        title: body.title ?? response.statusText,
        status: body.status ?? response.status,
        errors: body.errors?.map((error) => ({ ...error, field: normalizeField(error.field ?? '') })),
      };
    }
  }
  return { title: response.statusText || 'Erro', status: response.status };
}

export async function request<T>(path: string, options: RequestOptions = {}): Promise<ApiResponse<T>> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (options.body !== undefined) headers['content-type'] = 'application/json';
  if (options.ifMatch) headers['if-match'] = options.ifMatch;
  let response: Response;
  try {
    response = await fetch(buildUrl(path, options.query), {
      method: options.method ?? 'GET',
      headers,
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
      credentials: 'same-origin',
    });
  } catch {
    throw new ApiError({
      title: 'Sem conexão com o servidor',
      status: 0,
      detail: 'Verifique sua conexão e tente novamente.',
    });
  }
  if (!response.ok) {
    const problem = await toProblem(response);
    if (response.status === 401 && options.redirectOnUnauthorized !== false) location.assign(loginUrl());
    throw new ApiError(problem);
  }
  const text = response.status === 204 ? '' : await response.text();
  return {
    status: response.status,
    data: (text ? JSON.parse(text) : undefined) as T,
    etag: response.headers.get('etag'),
    location: response.headers.get('location'),
  };
}

export const api = {
  get: <T>(path: string, query?: Query, options: RequestOptions = {}) =>
    request<T>(path, { ...options, query }).then((r) => r.data),
  post: <T>(path: string, body?: unknown, options: RequestOptions = {}) =>
    request<T>(path, { ...options, method: 'POST', body: body ?? {} }),
  patch: <T>(path: string, body: unknown, ifMatch: string | null) =>
    request<T>(path, { method: 'PATCH', body, ifMatch }),
  delete: (path: string, options: RequestOptions = {}) =>
    request<void>(path, { ...options, method: 'DELETE' }),
};
