import { APP_PROCESS_NAME } from './constants';

export interface Pm2EcosystemOptions {
  /** Entry point of the built app (absolute). */
  script: string;
  cwd: string;
  /** Node.js binary; on EC2 the namespaced `/usr/bin/node-<major>` so an `alternatives` switch cannot change it. */
  interpreter: string;
  /**
   * Environment file read by Node itself (`--env-file`) each time a worker starts: secrets never enter PM2's
   * process list or dump, and a `pm2 reload` picks up a rotated password.
   */
  envFile: string;
  /** One worker per vCPU (`'max'`) on EC2; a fixed count locally. */
  instances?: 'max' | number;
  name?: string;
  logFiles: { out: string; error: string };
  /** Restart a worker whose RSS exceeds this (PM2 syntax, e.g. `'400M'`). */
  maxMemoryRestart?: string;
  /** Wait this long for a worker's `process.send('ready')` before PM2 treats it as up anyway. */
  listenTimeoutMs?: number;
  /** Time a worker has to drain after SIGINT before SIGKILL; above the app's request timeout. */
  killTimeoutMs?: number;
  /** Extra non-secret environment (the preview sets its ports here; EC2 keeps everything in the env file). */
  env?: Record<string, string>;
}

export interface Pm2App {
  name: string;
  script: string;
  cwd: string;
  interpreter: string;
  node_args: string[];
  exec_mode: 'cluster';
  instances: 'max' | number;
  wait_ready: boolean;
  listen_timeout: number;
  kill_timeout: number;
  max_memory_restart: string;
  exp_backoff_restart_delay: number;
  max_restarts: number;
  min_uptime: number;
  autorestart: boolean;
  merge_logs: boolean;
  out_file: string;
  error_file: string;
  env: Record<string, string>;
}

/** The PM2 app definition (an object, for the preview to start directly). */
export function pm2App(options: Pm2EcosystemOptions): Pm2App {
  return {
    name: options.name ?? APP_PROCESS_NAME,
    script: options.script,
    cwd: options.cwd,
    interpreter: options.interpreter,
    node_args: [`--env-file=${options.envFile}`],
    exec_mode: 'cluster',
    instances: options.instances ?? 'max',
    // Reload replaces workers one by one, each only after the new one reports ready: no dropped requests.
    wait_ready: true,
    listen_timeout: options.listenTimeoutMs ?? 15_000,
    kill_timeout: options.killTimeoutMs ?? 15_000,
    max_memory_restart: options.maxMemoryRestart ?? '400M',
    // A worker that keeps crashing (database down at boot, bad release) backs off instead of spinning.
    exp_backoff_restart_delay: 200,
    max_restarts: 50,
    min_uptime: 10_000,
    autorestart: true,
    merge_logs: true,
    out_file: options.logFiles.out,
    error_file: options.logFiles.error,
    env: { ...options.env },
  };
}

/** `ecosystem.config.json` of the instance: the app in cluster mode, graceful reload, memory guard. */
export function renderPm2Ecosystem(options: Pm2EcosystemOptions): string {
  return `${JSON.stringify({ apps: [pm2App(options)] }, null, 2)}\n`;
}
