import { PREVIEW_ADMIN, startPreview } from './layout';
import { isAlive, processesMatching } from './processes';

/**
 * `pnpm preview`: the instance layout on this machine until Ctrl-C, then everything stopped and checked gone.
 * `PREVIEW_PORT` fixes Nginx's port (default 8080); `DATABASE_URL` replaces the embedded PostgreSQL.
 */
async function main(): Promise<void> {
  const log = (line: string) => process.stdout.write(`preview: ${line}\n`);
  // Listen from the start: Ctrl-C during startup stops what already runs instead of leaving it behind.
  const interrupted = new AbortController();
  const stopRequested = new Promise<void>((resolve) => {
    const onSignal = () => {
      interrupted.abort(new Error('interrupted during startup; everything started so far was stopped'));
      resolve();
    };
    // Handlers stay installed: a second Ctrl-C (or pnpm passing the signal on) must not cut the cleanup short.
    for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.on(signal, onSignal);
  });
  const preview = await startPreview({
    nginxPort: Number(process.env.PREVIEW_PORT ?? 8080),
    ...(process.env.DATABASE_URL ? { databaseUrl: process.env.DATABASE_URL } : {}),
    log,
    signal: interrupted.signal,
  });
  const pids = await preview.runningPids();
  process.stdout.write(
    [
      '',
      `  SIGMA-PLI preview: ${preview.url}   (Nginx → PM2 cluster → API; the API alone: ${preview.appUrl})`,
      `  local admin: ${PREVIEW_ADMIN.email} / ${PREVIEW_ADMIN.password}   (fake, this machine only)`,
      `  logs: ${preview.workDir}/logs, ${preview.nginx.accessLog}`,
      '  Ctrl-C stops everything.',
      '',
    ].join('\n'),
  );
  await stopRequested;
  log('stopping Nginx, PM2, Redis, PostgreSQL…');
  const workDir = preview.workDir;
  await preview.stop();
  const left = [...pids.filter(isAlive), ...processesMatching(workDir).map((entry) => entry.pid)];
  if (left.length > 0) {
    process.stderr.write(`preview: still running after stop: ${[...new Set(left)].join(', ')}\n`);
    process.exitCode = 1;
    return;
  }
  log('stopped; nothing left running');
}

main().catch((error: Error) => {
  process.stderr.write(`preview: ${error.message}\n`);
  process.exit(1);
});
