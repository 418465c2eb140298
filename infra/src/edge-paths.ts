/**
 * API endpoints that take credentials or create accounts: both the Cloudflare and the AWS WAF rate limits are
 * stricter on them.
 */
export const CREDENTIAL_PATHS = ['/api/v1/auth/login', '/api/v1/registrations'] as const;

/** The JSON API: never cached at the edge. */
export const API_PATH_PREFIX = '/api/';
