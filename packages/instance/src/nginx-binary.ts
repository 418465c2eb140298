import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { localNginxPaths, type NginxConfigOptions, renderNginxConfig } from './nginx';

/** Path of an `nginx` binary on this machine, or undefined (Debian installs it in /usr/sbin, often off PATH). */
export function findNginx(): string | undefined {
  for (const candidate of ['/usr/sbin/nginx', '/usr/local/sbin/nginx', '/usr/bin/nginx']) {
    if (spawnSync(candidate, ['-v']).status === 0) return candidate;
  }
  const which = spawnSync('sh', ['-c', 'command -v nginx'], { encoding: 'utf8' });
  return which.status === 0 ? which.stdout.trim() || undefined : undefined;
}

/** When Nginx starts as root it switches workers to `user`; run them as the current user so they can use `dir`. */
export function localNginxUser(): string | undefined {
  return process.getuid?.() === 0 ? os.userInfo().username : undefined;
}

export type LocalNginxOptions = Omit<NginxConfigOptions, 'paths' | 'user'>;

/**
 * Renders the instance's Nginx config for a private prefix directory (non-root friendly: pid, logs, temp and cache
 * inside it) and creates the directories it needs. Returns the config file path.
 */
export function writeLocalNginxConfig(dir: string, options: LocalNginxOptions): string {
  const paths = localNginxPaths(dir);
  for (const sub of [path.dirname(paths.errorLog), paths.tempDir, paths.proxyCacheDir]) {
    mkdirSync(sub, { recursive: true });
  }
  const file = path.join(dir, 'nginx.conf');
  const user = localNginxUser();
  writeFileSync(file, renderNginxConfig({ ...options, paths, ...(user ? { user } : {}) }));
  return file;
}

/** The command-line flags that keep Nginx entirely inside `dir` (its startup error log included). */
export function localNginxArgs(dir: string, configFile: string): string[] {
  return ['-p', dir, '-c', configFile, '-e', localNginxPaths(dir).errorLog];
}

/** `nginx -t` on a config; returns Nginx's report, throws with it when the config is rejected. */
export function testNginxConfig(nginx: string, dir: string, configFile: string): string {
  const result = spawnSync(nginx, ['-t', ...localNginxArgs(dir, configFile)], { encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`nginx -t rejected ${configFile}:\n${result.stderr}`);
  return result.stderr;
}
