import { execFile } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { promisify } from 'node:util';

const run = promisify(execFile);

export interface Pm2Process {
  name: string;
  pid: number;
  pm_id: number;
  pm2_env: { status: string; restart_time: number; unstable_restarts: number };
}

/**
 * The `pm2` CLI (the npm package pinned in this package, run by this Node.js) with its own PM2_HOME, so the
 * preview and its tests never touch a user's PM2 daemon. The same commands the instance's systemd unit runs.
 */
export class Pm2 {
  private readonly bin = require.resolve('pm2/bin/pm2');

  constructor(readonly home: string) {
    mkdirSync(home, { recursive: true });
  }

  async cli(...args: string[]): Promise<string> {
    const { stdout } = await run(process.execPath, [this.bin, ...args], {
      env: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: this.home, PM2_HOME: this.home },
      maxBuffer: 16 * 1024 * 1024,
    });
    return stdout;
  }

  start(ecosystemFile: string): Promise<string> {
    return this.cli('start', ecosystemFile);
  }

  /** Zero-downtime reload: workers replaced one at a time, each after the new one is ready. */
  reload(name: string): Promise<string> {
    return this.cli('reload', name);
  }

  async list(): Promise<Pm2Process[]> {
    return JSON.parse(await this.cli('jlist')) as Pm2Process[];
  }

  /** The daemon's pid, from its pid file. */
  async daemonPid(): Promise<number | undefined> {
    const { readFile } = await import('node:fs/promises');
    const text = await readFile(`${this.home}/pm2.pid`, 'utf8').catch(() => '');
    return text.trim() === '' ? undefined : Number(text.trim());
  }

  /** Stops every app and the daemon. */
  kill(): Promise<string> {
    return this.cli('kill');
  }
}
