/**
 * Paths of the API that take credentials or create accounts (login, password flows, registration): both the
 * Cloudflare and the AWS WAF rate limits are stricter on POSTs to them.
 */
export const CREDENTIAL_PATH_PREFIXES = ['/api/v1/auth/', '/api/v1/registrations'] as const;

/** The JSON API: never cached at the edge. */
export const API_PATH_PREFIX = '/api/';
