import { spawn } from 'node:child_process';
import { once } from 'node:events';
import path from 'node:path';

/**
 * A watchdog started with every preview: if the process that started the preview dies without stopping it (a test
 * runner killed by a timeout, SIGKILL), it stops what the preview left in `workDir` — PM2 (its daemon and
 * workers), Nginx, Redis and PostgreSQL, found by their pid files — and removes the directory. Plain JavaScript run
 * with `node -e`, so it works from the sources (vitest) and from the build alike.
 */
const REAPER_SOURCE = `
const { execFileSync } = require('node:child_process');
const fs = require('node:fs');
const [workDir, pm2Bin] = process.argv.slice(1);
const parent = process.ppid;
const pidIn = (file) => {
  try { return Number(fs.readFileSync(file, 'utf8').split('\\n')[0]) || undefined; } catch { return undefined; }
};
const signal = (pid, name) => { if (pid) { try { process.kill(pid, name); } catch {} } };
process.on('SIGTERM', () => process.exit(0));
setInterval(() => {
  if (process.ppid === parent) return;
  const pm2Home = workDir + '/pm2';
  if (fs.existsSync(pm2Home + '/pm2.pid')) {
    try {
      execFileSync(process.execPath, [pm2Bin, 'kill'], { env: { PATH: process.env.PATH, HOME: workDir, PM2_HOME: pm2Home }, stdio: 'ignore', timeout: 30000 });
    } catch {}
  }
  signal(pidIn(workDir + '/nginx/nginx.pid'), 'SIGQUIT');
  signal(pidIn(workDir + '/redis/redis.pid'), 'SIGTERM');
  signal(pidIn(workDir + '/postgres/data/postmaster.pid'), 'SIGINT');
  setTimeout(() => { fs.rmSync(workDir, { recursive: true, force: true }); process.exit(0); }, 5000);
}, 1000);
`;

export interface Reaper {
  /** The preview stopped normally: ends the watchdog (and waits for it, so it is not left running either). */
  dismiss(): Promise<void>;
}

export function startReaper(workDir: string): Reaper {
  const child = spawn(
    process.execPath,
    ['-e', REAPER_SOURCE, path.resolve(workDir), require.resolve('pm2/bin/pm2')],
    {
      stdio: 'ignore',
      detached: true,
    },
  );
  child.unref();
  return {
    dismiss: async () => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = once(child, 'exit');
      child.kill('SIGTERM');
      await exited;
    },
  };
}
