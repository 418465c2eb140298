import fp from 'fastify-plugin';
import Redis from 'ioredis';

/**
 * A small fault-tolerant cache over Redis: every operation fails soft (returns null / does nothing) so that a Redis
 * outage degrades to PostgreSQL instead of failing requests. Absent when REDIS_URL is unset.
 */
export interface Cache {
  client: Redis;
  get(key: string): Promise<string | null>;
  set(key: string, value: string, ttlSeconds: number): Promise<void>;
  del(keys: string[]): Promise<void>;
  ping(): Promise<boolean>;
}

declare module 'fastify' {
  interface FastifyInstance {
    cache: Cache | null;
  }
}

export function createCache(url: string, onError: (error: Error) => void): Cache {
  const client = new Redis(url, {
    // Fail fast while disconnected instead of queueing: callers fall back to PostgreSQL.
    enableOfflineQueue: false,
    maxRetriesPerRequest: 1,
    connectTimeout: 1_000,
    commandTimeout: 500,
    lazyConnect: false,
    retryStrategy: (attempt) => Math.min(attempt * 200, 2_000),
  });
  let lastReport = 0;
  client.on('error', (error) => {
    // Reconnection attempts repeat the same error; report at most every 10 s.
    if (Date.now() - lastReport > 10_000) {
      lastReport = Date.now();
      onError(error);
    }
  });
  return {
    client,
    get: (key) => client.get(key).catch(() => null),
    set: async (key, value, ttlSeconds) => {
      await client.set(key, value, 'EX', ttlSeconds).catch(() => {});
    },
    del: async (keys) => {
      if (keys.length > 0) await client.del(...keys).catch(() => {});
    },
    ping: () =>
      client
        .ping()
        .then((answer) => answer === 'PONG')
        .catch(() => false),
  };
}

function untilReady(client: Redis, timeoutMs: number): Promise<void> {
  if (client.status === 'ready') return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(done, timeoutMs);
    client.once('ready', done);
    function done() {
      clearTimeout(timer);
      client.off('ready', done);
      resolve();
    }
  });
}

export default fp(
  async (app) => {
    if (!app.config.REDIS_URL) {
      app.decorate('cache', null);
      return;
    }
    const cache = createCache(app.config.REDIS_URL, (error) =>
      app.log.warn({ err: { message: error.message } }, 'redis unavailable; using PostgreSQL only'),
    );
    app.decorate('cache', cache);
    // Commands fail fast until the first connection is ready (no offline queue): the first requests would skip the
    // shared rate-limit store and the session cache. Wait for it briefly; a Redis that is down delays start-up by
    // at most this, and the app then runs on PostgreSQL alone.
    await untilReady(cache.client, 2_000);
    app.addHook('onClose', async () => {
      cache.client.disconnect();
    });
  },
  { name: 'redis', dependencies: ['config'] },
);
