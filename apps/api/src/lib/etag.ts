import { problem } from '../errors';

/**
 * Optimistic locking with entity tags. A record's ETag is its `version` (bumped by the database on every update);
 * tags are strong because the version identifies the exact representation.
 *
 * Writes that replace state (PATCH) must send `If-Match`: a missing header is 428 Precondition Required (RFC 6585)
 * rather than a silent last-writer-wins, and a tag that no longer matches is 412 Precondition Failed.
 */

export function etagFor(version: number): string {
  return `"${version}"`;
}

/** What an `If-Match` header accepts: any current version (`*`) or one of the listed versions. */
export type IfMatch = { any: true } | { any: false; versions: number[] };

/**
 * Parses `If-Match` (`"3"`, `"3", "4"`, `*`). Weak tags (`W/"3"`) never match: If-Match uses strong comparison.
 * Tags this API never issued are kept as "matches nothing" so the request fails with 412, as RFC 9110 asks.
 */
export function parseIfMatch(header: string): IfMatch {
  const value = header.trim();
  if (value === '*') return { any: true };
  const versions: number[] = [];
  for (const tag of value.split(',')) {
    const match = /^"([1-9][0-9]{0,9})"$/.exec(tag.trim());
    if (match) versions.push(Number(match[1]));
  }
  return { any: false, versions };
}

export function ifMatchAccepts(ifMatch: IfMatch, version: number): boolean {
  return ifMatch.any || ifMatch.versions.includes(version);
}

/** The `If-Match` of a request that must be conditional; 428 when it is absent. */
export function requireIfMatch(header: string | string[] | undefined): IfMatch {
  const value = Array.isArray(header) ? header.join(',') : header;
  if (value === undefined || value.trim() === '') {
    throw problem(428, undefined, 'Envie o cabeçalho If-Match com o ETag obtido no GET deste registro.', {
      code: 'IF_MATCH_REQUIRED',
    });
  }
  return parseIfMatch(value);
}

/** The `If-Match` of a request where the condition is optional (DELETE): `undefined` when absent. */
export function optionalIfMatch(header: string | string[] | undefined): IfMatch | undefined {
  const value = Array.isArray(header) ? header.join(',') : header;
  return value === undefined || value.trim() === '' ? undefined : parseIfMatch(value);
}

/** Throws 412 unless `ifMatch` (when given) accepts the record's current `version`. */
export function assertPrecondition(ifMatch: IfMatch | undefined, version: number): void {
  if (ifMatch && !ifMatchAccepts(ifMatch, version)) {
    throw problem(
      412,
      undefined,
      'O registro foi alterado por outra pessoa; recarregue-o e tente novamente.',
      {
        code: 'STALE_VERSION',
        current_etag: etagFor(version),
      },
    );
  }
}
