import { createHash, randomBytes } from 'node:crypto';

/** 32 random bytes, URL-safe: session ids, e-mail verification and password-reset tokens. */
export function newToken(): string {
  return randomBytes(32).toString('base64url');
}

/** What the database stores instead of a token: a leaked table cannot be replayed as cookies or links. */
export function tokenDigest(token: string): Buffer {
  return createHash('sha256').update(token).digest();
}

/** A token as received from a client is well-formed base64url of 32 bytes (43 characters). */
export function isWellFormedToken(token: string): boolean {
  return /^[A-Za-z0-9_-]{43}$/.test(token);
}
