import { type ChildProcess, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import {
  findNginx,
  type LocalNginxOptions,
  localNginxArgs,
  localNginxPaths,
  testNginxConfig,
  writeLocalNginxConfig,
} from '@sigma-pli/instance';
import { stopChild, waitFor } from './processes';

export interface PreviewNginx {
  configFile: string;
  accessLog: string;
  pid(): number | undefined;
  stop(): Promise<void>;
}

/**
 * Nginx in the foreground (`daemon off`) with the instance's config rendered for `dir`: pid, logs, temp and cache
 * inside it, so it runs without touching /etc/nginx or /var.
 */
export async function startNginx(dir: string, options: LocalNginxOptions): Promise<PreviewNginx> {
  const nginx = findNginx();
  if (!nginx) throw new Error('nginx is not installed (Debian: apt-get install nginx)');
  const configFile = writeLocalNginxConfig(dir, options);
  testNginxConfig(nginx, dir, configFile);
  const paths = localNginxPaths(dir);
  const child: ChildProcess = spawn(nginx, [...localNginxArgs(dir, configFile), '-g', 'daemon off;'], {
    stdio: ['ignore', 'ignore', 'pipe'],
    detached: true,
  });
  let stderr = '';
  child.stderr?.on('data', (chunk) => {
    stderr += chunk;
  });
  const port = options.listen?.port;
  await waitFor(
    `nginx on port ${port}`,
    async () => {
      if (child.exitCode !== null) throw new Error(`nginx exited: ${stderr}`);
      const pid = Number(readFileSync(paths.pidFile, 'utf8'));
      return pid === child.pid;
    },
    10_000,
  ).catch((error) => {
    child.kill('SIGKILL');
    throw new Error(`${(error as Error).message}\n${stderr}`);
  });
  return {
    configFile,
    accessLog: paths.accessLog,
    pid: () => child.pid,
    // SIGQUIT: graceful shutdown (finish in-flight requests).
    stop: () => stopChild(child, 'SIGQUIT'),
  };
}
