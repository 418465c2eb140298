import {
  type FieldError,
  type FieldParsers,
  normalizeFields,
  type Parsed,
  parseUf,
} from '../domain/documents';
import { prefixSearchQuery, todayInBrasilia } from '../domain/registry';
import { problem, validationProblem } from '../errors';
import type { RegistryListFilters } from '../repositories/registry-table';
import { decodeCursor, type KeysetPosition } from './cursor';

/** Collects field errors from several normalization steps and throws one 422 listing all of them. */
export class FieldErrors {
  readonly errors: FieldError[] = [];

  /** Normalizes `input` (see normalizeFields), records its errors and returns the normalized copy. */
  normalize<T extends Record<string, unknown>>(input: T, parsers: FieldParsers, prefix = ''): T {
    const { value, errors } = normalizeFields(input, parsers, prefix);
    this.errors.push(...errors);
    return value;
  }

  add(field: string, message: string): void {
    this.errors.push({ field, message });
  }

  throwIfAny(): void {
    if (this.errors.length > 0) throw validationProblem(this.errors);
  }
}

/** Adds an error when `date` (YYYY-MM-DD) lies outside [min, today]. */
export function checkPastDate(
  errors: FieldErrors,
  field: string,
  date: string | null | undefined,
  min: string,
) {
  if (typeof date !== 'string') return;
  if (date < min) errors.add(field, `must not be before ${min}`);
  else if (date > todayInBrasilia()) errors.add(field, 'must not be in the future');
}

/** Adds an error on the `to` query parameter when the day range ends before it starts. */
export function checkDayRange(
  errors: FieldErrors,
  [fromName, from]: [string, string | undefined],
  [toName, to]: [string, string | undefined],
) {
  if (from && to && from > to) errors.add(`querystring.${toName}`, `must not be before ${fromName}`);
}

/**
 * The position in a `cursor` query parameter; 400 when it is not a cursor this API issued (a cursor is opaque, so
 * a bad one is a client bug, not bad data).
 */
export function cursorParam(cursor: string | undefined, idPattern?: RegExp): KeysetPosition | undefined {
  if (cursor === undefined) return undefined;
  const position = decodeCursor(cursor, idPattern);
  if (position === undefined) {
    throw problem(400, undefined, 'Cursor de paginação inválido; use o next_cursor de uma página anterior.', {
      errors: [{ field: 'querystring.cursor', message: 'invalid cursor' }],
    });
  }
  return position;
}

export interface ListQuery {
  q?: string | undefined;
  cidade?: string | undefined;
  uf?: string | undefined;
  created_from?: string | undefined;
  created_to?: string | undefined;
  cursor?: string | undefined;
  limit: number;
}

/**
 * Turns a validated list querystring into repository filters: normalizes the document and UF, checks that the
 * search has words and the dates are in order (422 naming `querystring.<field>`), and decodes the cursor.
 */
export function listFilters(
  query: ListQuery,
  document: { field: 'cpf' | 'cnpj'; value: string | undefined; parse: (input: string) => Parsed },
): RegistryListFilters {
  const errors = new FieldErrors();
  const normalized = errors.normalize(
    { [document.field]: document.value, uf: query.uf },
    { [document.field]: document.parse, uf: parseUf },
    'querystring.',
  );
  if (query.q !== undefined && prefixSearchQuery(query.q) === undefined) {
    errors.add('querystring.q', 'must contain a letter or digit');
  }
  checkDayRange(errors, ['created_from', query.created_from], ['created_to', query.created_to]);
  errors.throwIfAny();
  const after = cursorParam(query.cursor);
  return {
    q: query.q,
    document: normalized[document.field] as string | undefined,
    cidade: query.cidade?.trim(),
    uf: normalized.uf as string | undefined,
    createdFrom: query.created_from,
    createdTo: query.created_to,
    after,
    limit: query.limit,
  };
}
