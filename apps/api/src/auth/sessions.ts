import type pg from 'pg';
import type { Queryable } from '../db/pools';
import type { Cache } from '../plugins/redis';
import {
  findLiveSession,
  insertSession,
  type RevocationReason,
  revokeOwnSession,
  revokeSession,
  revokeUserSessions,
  touchSession,
} from '../repositories/sessions';
import { REVOCATION_CHANNEL } from './revocation-listener';
import type { AuthUser } from './roles';
import { newToken, tokenDigest } from './tokens';

export const SESSION_COOKIE = 'sigma_sid';

/** How long a cached session is trusted before PostgreSQL is asked again (also the activity-write interval). */
const TOUCH_INTERVAL_MS = 60_000;

export interface ActiveSession {
  id: string;
  user: AuthUser;
}

interface CachedSession {
  sessionId: string;
  user: AuthUser;
  /** Epoch ms. */
  expiresAt: number;
  absoluteExpiresAt: number;
  touchedAt: number;
}

const cacheKey = (digestHex: string) => `sigma:sess:${digestHex}`;

/** Sessions kept in each worker's memory; beyond this the oldest entries make room. */
const LOCAL_CACHE_SIZE = 10_000;

/** Digests per pg_notify payload (PostgreSQL caps a payload at 8000 bytes; a digest is 64 hex characters). */
const NOTIFY_BATCH = 100;

/**
 * Server-side sessions. PostgreSQL is the source of truth; a session found there is cached for up to a minute in
 * the worker's memory and, when configured, in Redis (shared by workers and instances), so most requests cost no
 * database round trip. After a minute the next request re-validates it against PostgreSQL while sliding its idle
 * expiry (one write per session per minute at most).
 *
 * Revocation (logout, password change/reset, suspension, role change) deletes the Redis entry and announces the
 * digests with pg_notify inside the revoking transaction; every worker's RevocationListener evicts them from memory
 * when the transaction commits. The memory cache is used only while that listener is connected (a missed
 * notification must not keep a revoked session alive); without it requests fall back to Redis, then PostgreSQL.
 * If Redis missed a delete (outage), the per-minute re-validation still ends the session within a minute.
 */
export class SessionStore {
  private readonly local = new Map<string, CachedSession>();

  constructor(
    private readonly db: pg.Pool,
    private readonly cache: Cache | null,
    private readonly settings: { idleMinutes: number; maxHours: number },
    /** Whether revocation notifications are being received, i.e. whether the memory cache may be trusted. */
    private readonly localCacheTrusted: () => boolean = () => false,
  ) {}

  /** Whether this worker currently hears revocations (and so uses its memory cache). */
  isListening(): boolean {
    return this.localCacheTrusted();
  }

  /** Drops revoked sessions from this worker's memory (called by the revocation listener). */
  evictLocal(digestsHex: readonly string[]) {
    for (const digest of digestsHex) this.local.delete(digest);
  }

  /** Forgets everything held in memory (the revocation listener lost its connection). */
  clearLocal() {
    this.local.clear();
  }

  /** Creates a session; returns the raw token for the cookie (never stored) and the session id. */
  async create(db: Queryable, userId: string, ip: string, userAgent: string | undefined) {
    const token = newToken();
    const id = await insertSession(db, {
      tokenHash: tokenDigest(token),
      userId,
      idleMinutes: this.settings.idleMinutes,
      maxHours: this.settings.maxHours,
      ip,
      userAgent,
    });
    return { token, id };
  }

  /** The live session for a cookie token, sliding its idle expiry; undefined when absent, expired or revoked. */
  async authenticate(token: string): Promise<ActiveSession | undefined> {
    const digest = tokenDigest(token).toString('hex');
    const now = Date.now();
    const cached = await this.readCache(digest);
    if (cached && cached.expiresAt > now && cached.absoluteExpiresAt > now) {
      if (now - cached.touchedAt < TOUCH_INTERVAL_MS) return { id: cached.sessionId, user: cached.user };
      const expiresAt = await touchSession(this.db, cached.sessionId, this.settings.idleMinutes);
      if (!expiresAt) {
        this.local.delete(digest);
        await this.cache?.del([cacheKey(digest)]);
        return undefined;
      }
      await this.writeCache(digest, { ...cached, expiresAt: expiresAt.getTime(), touchedAt: now });
      return { id: cached.sessionId, user: cached.user };
    }
    const record = await findLiveSession(this.db, Buffer.from(digest, 'hex'));
    if (!record) return undefined;
    let expiresAt = record.expiresAt.getTime();
    let touchedAt = record.lastSeenAt.getTime();
    if (now - touchedAt >= TOUCH_INTERVAL_MS) {
      const touched = await touchSession(this.db, record.sessionId, this.settings.idleMinutes);
      if (!touched) return undefined;
      expiresAt = touched.getTime();
      touchedAt = now;
    }
    await this.writeCache(digest, {
      sessionId: record.sessionId,
      user: record.user,
      expiresAt,
      absoluteExpiresAt: record.absoluteExpiresAt.getTime(),
      touchedAt,
    });
    return { id: record.sessionId, user: record.user };
  }

  async revoke(db: Queryable, sessionId: string, reason: RevocationReason) {
    await this.forget(db, await revokeSession(db, sessionId, reason));
  }

  /** Revokes one of the user's own sessions; false when it is not theirs or no longer live. */
  async revokeOwn(db: Queryable, userId: string, sessionId: string, reason: RevocationReason) {
    const digests = await revokeOwnSession(db, userId, sessionId, reason);
    await this.forget(db, digests);
    return digests.length > 0;
  }

  /** Ends every session of an account (password change, suspension, role change), optionally keeping one. */
  async revokeAllForUser(db: Queryable, userId: string, reason: RevocationReason, keepSessionId?: string) {
    const digests = await revokeUserSessions(db, userId, reason, keepSessionId);
    await this.forget(db, digests);
    return digests.length;
  }

  /**
   * Forgets revoked sessions: here and in Redis right away, in every worker when the revoking transaction commits
   * (pg_notify on the transaction's own connection is delivered only on commit). A request racing the revoking
   * transaction may re-cache the session; the commit's notification evicts it again.
   */
  private async forget(db: Queryable, digests: Buffer[]) {
    if (digests.length === 0) return;
    const hex = digests.map((digest) => digest.toString('hex'));
    this.evictLocal(hex);
    await this.cache?.del(hex.map(cacheKey));
    for (let start = 0; start < hex.length; start += NOTIFY_BATCH) {
      await db.query('SELECT pg_notify($1, $2)', [
        REVOCATION_CHANNEL,
        hex.slice(start, start + NOTIFY_BATCH).join(','),
      ]);
    }
  }

  private async readCache(digest: string): Promise<CachedSession | undefined> {
    if (this.localCacheTrusted()) {
      const local = this.local.get(digest);
      if (local) return local;
    }
    const raw = await this.cache?.get(cacheKey(digest));
    return raw ? (JSON.parse(raw) as CachedSession) : undefined;
  }

  private async writeCache(digest: string, session: CachedSession) {
    if (this.localCacheTrusted()) {
      this.local.delete(digest);
      this.local.set(digest, session);
      if (this.local.size > LOCAL_CACHE_SIZE) this.local.delete(this.local.keys().next().value!);
    }
    if (!this.cache) return;
    const ttl = Math.ceil(Math.min(TOUCH_INTERVAL_MS, session.absoluteExpiresAt - Date.now()) / 1000);
    if (ttl > 0) await this.cache.set(cacheKey(digest), JSON.stringify(session), ttl);
  }
}
