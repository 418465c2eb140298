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

const cacheKey = (digest: Buffer) => `sigma:sess:${digest.toString('hex')}`;

/**
 * Server-side sessions: PostgreSQL is the source of truth; Redis, when configured, caches the lookup for up to a
 * minute. Revocation deletes the cache entries, so it applies on the next request; if Redis missed the delete
 * (outage), the periodic touch against PostgreSQL still ends the session within a minute. Without Redis every
 * request reads PostgreSQL (one indexed lookup) and writes the activity time at most once a minute.
 */
export class SessionStore {
  constructor(
    private readonly db: pg.Pool,
    private readonly cache: Cache | null,
    private readonly settings: { idleMinutes: number; maxHours: number },
  ) {}

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
    const digest = tokenDigest(token);
    const now = Date.now();
    const cached = await this.readCache(digest);
    if (cached && cached.expiresAt > now && cached.absoluteExpiresAt > now) {
      if (now - cached.touchedAt < TOUCH_INTERVAL_MS) return { id: cached.sessionId, user: cached.user };
      const expiresAt = await touchSession(this.db, cached.sessionId, this.settings.idleMinutes);
      if (!expiresAt) {
        await this.cache?.del([cacheKey(digest)]);
        return undefined;
      }
      await this.writeCache(digest, { ...cached, expiresAt: expiresAt.getTime(), touchedAt: now });
      return { id: cached.sessionId, user: cached.user };
    }
    const record = await findLiveSession(this.db, digest);
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
    await this.forget(await revokeSession(db, sessionId, reason));
  }

  /** Revokes one of the user's own sessions; false when it is not theirs or no longer live. */
  async revokeOwn(db: Queryable, userId: string, sessionId: string, reason: RevocationReason) {
    const digests = await revokeOwnSession(db, userId, sessionId, reason);
    await this.forget(digests);
    return digests.length > 0;
  }

  /** Ends every session of an account (password change, suspension, role change), optionally keeping one. */
  async revokeAllForUser(db: Queryable, userId: string, reason: RevocationReason, keepSessionId?: string) {
    const digests = await revokeUserSessions(db, userId, reason, keepSessionId);
    await this.forget(digests);
    return digests.length;
  }

  /**
   * Forgets cached sessions. Deleting a cache entry is always safe (the next request re-reads PostgreSQL), so it
   * happens right away; a request racing the revoking transaction may re-cache the session until the next touch
   * against PostgreSQL (at most a minute).
   */
  private async forget(digests: Buffer[]) {
    await this.cache?.del(digests.map(cacheKey));
  }

  private async readCache(digest: Buffer): Promise<CachedSession | undefined> {
    const raw = await this.cache?.get(cacheKey(digest));
    return raw ? (JSON.parse(raw) as CachedSession) : undefined;
  }

  private async writeCache(digest: Buffer, session: CachedSession) {
    if (!this.cache) return;
    const ttl = Math.ceil(Math.min(TOUCH_INTERVAL_MS, session.absoluteExpiresAt - Date.now()) / 1000);
    if (ttl > 0) await this.cache.set(cacheKey(digest), JSON.stringify(session), ttl);
  }
}
