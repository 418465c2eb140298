import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import {
  APP_PROCESS_NAME,
  DEFAULT_BODY_LIMIT_BYTES,
  formatEnvFile,
  renderPm2Ecosystem,
} from '@sigma-pli/instance';
import { type PreviewNginx, startNginx } from './nginx';
import { Pm2 } from './pm2';
import { type PreviewPostgres, startPostgres } from './postgres';
import { freePort, isAlive, waitFor } from './processes';
import { startReaper } from './reaper';
import { findRedisServer, type PreviewRedis, startRedis } from './redis';

const run = promisify(execFile);

/** Obviously fake administrator of the local preview (the app creates it at start from these variables). */
export const PREVIEW_ADMIN = {
  email: 'admin@preview.invalid',
  password: 'preview-admin-only-local',
} as const;

export interface PreviewOptions {
  /**
   * The API package (its `dist/server.js` and `dist/cli.js`): `SIGMA_PREVIEW_APP_DIR` (e.g. an extracted release)
   * or else `apps/api` of this repository.
   */
  appDir?: string;
  /** PM2 cluster size; the instances use one worker per vCPU. */
  instances?: number;
  /** Use this PostgreSQL instead of starting an embedded one. */
  databaseUrl?: string;
  /** Start `redis-server` (default: when it is installed). */
  redis?: boolean;
  nginxPort?: number;
  bodyLimitBytes?: number;
  /** Extra app environment (e.g. a higher rate limit for load tests). */
  env?: Record<string, string>;
  log?: (line: string) => void;
  /** Aborts a start in progress (Ctrl-C during startup): what already runs is stopped, then the start throws. */
  signal?: AbortSignal;
}

export interface Preview {
  /** Through Nginx, as the ALB reaches an instance. */
  url: string;
  /** The app directly (PM2 cluster port), for the benchmark's baseline. */
  appUrl: string;
  workDir: string;
  databaseUrl: string;
  postgres?: PreviewPostgres;
  redis?: PreviewRedis;
  pm2: Pm2;
  nginx: PreviewNginx;
  appLog: string;
  /** Every process the preview started that is running now (Nginx, PM2 daemon and workers, Redis, PostgreSQL). */
  runningPids(): Promise<number[]>;
  stop(): Promise<void>;
}

export const DEFAULT_APP_DIR = path.resolve(__dirname, '..', '..', '..', 'apps', 'api');

async function httpStatus(url: string): Promise<number> {
  const response = await fetch(url, { signal: AbortSignal.timeout(2_000) });
  await response.arrayBuffer();
  return response.status;
}

/** PostgreSQL's postmaster pid, from its data directory. */
function postgresPid(workDir: string): number | undefined {
  const file = path.join(workDir, 'postgres', 'data', 'postmaster.pid');
  if (!existsSync(file)) return undefined;
  const first = readFileSync(file, 'utf8').split('\n')[0];
  return first ? Number(first) : undefined;
}

/**
 * Starts the instance layout on this machine: PostgreSQL (embedded unless a URL is given), Redis when available,
 * the built app under PM2 in cluster mode from `renderPm2Ecosystem`, and Nginx from `renderNginxConfig`, both
 * rendered for a temp directory. Migrations run the way the user data runs them (`node dist/cli.js migrate`).
 */
export async function startPreview(options: PreviewOptions = {}): Promise<Preview> {
  const log = options.log ?? (() => {});
  const appDir = options.appDir ?? (process.env.SIGMA_PREVIEW_APP_DIR || DEFAULT_APP_DIR);
  const server = path.join(appDir, 'dist', 'server.js');
  const cli = path.join(appDir, 'dist', 'cli.js');
  for (const file of [server, cli]) {
    if (!existsSync(file))
      throw new Error(`${file} is missing: build the API first (pnpm --filter @sigma-pli/api build)`);
  }
  const workDir = mkdtempSync(path.join(os.tmpdir(), 'sigma-preview-'));
  chmodSync(workDir, 0o755);
  const reaper = startReaper(workDir);
  const stops: Array<() => Promise<unknown>> = [];
  const stopAll = async () => {
    for (const stop of stops.reverse()) await stop().catch(() => {});
    stops.length = 0;
  };

  const step = (line: string) => {
    log(line);
    options.signal?.throwIfAborted();
  };

  try {
    options.signal?.throwIfAborted();
    let postgres: PreviewPostgres | undefined;
    let databaseUrl = options.databaseUrl;
    if (!databaseUrl) {
      postgres = await startPostgres(path.join(workDir, 'postgres'));
      stops.push(() => postgres!.stop());
      databaseUrl = postgres.url();
      step(`PostgreSQL 15 (embedded) on 127.0.0.1:${postgres.port}`);
    }

    let redis: PreviewRedis | undefined;
    const redisBinary = findRedisServer();
    if (options.redis ?? redisBinary !== undefined) {
      if (!redisBinary)
        throw new Error('redis-server is not installed (Debian: apt-get install redis-server)');
      const redisDir = path.join(workDir, 'redis');
      mkdirSync(redisDir);
      redis = await startRedis(redisBinary, redisDir);
      stops.push(() => redis!.stop());
      step(`Redis on ${redis.url}`);
    }

    const appPort = await freePort();
    const nginxPort = options.nginxPort ?? (await freePort());
    const url = `http://127.0.0.1:${nginxPort}`;
    const bodyLimit = options.bodyLimitBytes ?? DEFAULT_BODY_LIMIT_BYTES;
    const envFile = path.join(workDir, 'app.env');
    const env: Record<string, string> = {
      NODE_ENV: 'production',
      // Production requires a session-signing secret; a fresh one per preview run.
      SESSION_SECRET: randomBytes(32).toString('base64url'),
      HOST: '127.0.0.1',
      PORT: String(appPort),
      LOG_LEVEL: 'info',
      DATABASE_URL: databaseUrl,
      ...(redis ? { REDIS_URL: redis.url } : {}),
      PUBLIC_URL: url,
      TRUST_PROXY_HOPS: '1',
      BODY_LIMIT_BYTES: String(bodyLimit),
      SIGMA_ADMIN_EMAIL: PREVIEW_ADMIN.email,
      SIGMA_ADMIN_PASSWORD: PREVIEW_ADMIN.password,
      ...options.env,
    };
    writeFileSync(envFile, formatEnvFile(env), { mode: 0o600 });

    await run(process.execPath, [`--env-file=${envFile}`, cli, 'migrate'], {
      cwd: appDir,
      env: { PATH: process.env.PATH },
    });
    step('migrations applied');

    const pm2 = new Pm2(path.join(workDir, 'pm2'));
    const appLog = path.join(workDir, 'logs', 'app.log');
    const ecosystemFile = path.join(workDir, 'ecosystem.config.json');
    writeFileSync(
      ecosystemFile,
      renderPm2Ecosystem({
        script: server,
        cwd: appDir,
        interpreter: process.execPath,
        envFile,
        instances: options.instances ?? 2,
        logFiles: { out: appLog, error: path.join(workDir, 'logs', 'app-error.log') },
      }),
    );
    stops.push(() => pm2.kill());
    await pm2.start(ecosystemFile);
    const appUrl = `http://127.0.0.1:${appPort}`;
    await waitFor(
      'the app (PM2 cluster) to answer /health/live',
      async () => (await httpStatus(`${appUrl}/health/live`)) === 200,
    );
    step(`API under PM2 (${APP_PROCESS_NAME}, cluster mode) on ${appUrl}`);

    const nginx = await startNginx(path.join(workDir, 'nginx'), {
      listen: { host: '127.0.0.1', port: nginxPort },
      upstream: { host: '127.0.0.1', port: appPort },
      realIpFrom: ['127.0.0.1/32'],
      clientMaxBodyBytes: bodyLimit,
      workerProcesses: 1,
    });
    stops.push(() => nginx.stop());
    await waitFor(
      'Nginx to pass /health/live through',
      async () => (await httpStatus(`${url}/health/live`)) === 200,
    );
    step(`Nginx on ${url}`);

    const runningPids = async () => {
      const daemon = await pm2.daemonPid();
      const pids = [nginx.pid(), redis?.pid(), postgresPid(workDir), daemon];
      // Only ask PM2 while its daemon runs: any pm2 command would otherwise start a new one.
      const workers = daemon !== undefined && isAlive(daemon) ? await pm2.list().catch(() => []) : [];
      return [...pids, ...workers.map((worker) => worker.pid)].filter(
        (pid): pid is number => pid !== undefined && pid > 0 && isAlive(pid),
      );
    };

    return {
      url,
      appUrl,
      workDir,
      databaseUrl,
      ...(postgres ? { postgres } : {}),
      ...(redis ? { redis } : {}),
      pm2,
      nginx,
      appLog,
      runningPids,
      stop: async () => {
        const started = await runningPids();
        await stopAll();
        // `pm2 kill` returns before its daemon has exited: wait, so that "stopped" means nothing runs.
        await waitFor('every preview process to exit', () => started.every((pid) => !isAlive(pid)), 15_000);
        rmSync(workDir, { recursive: true, force: true });
        await reaper.dismiss();
      },
    };
  } catch (error) {
    await stopAll();
    rmSync(workDir, { recursive: true, force: true });
    await reaper.dismiss();
    throw error;
  }
}
