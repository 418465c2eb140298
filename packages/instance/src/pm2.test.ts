import { describe, expect, it } from 'vitest';
import { APP_PROCESS_NAME } from './constants';
import { renderPm2Ecosystem } from './pm2';

const base = {
  script: '/opt/sigma-pli/current/dist/server.js',
  cwd: '/opt/sigma-pli/current',
  interpreter: '/usr/bin/node-24',
  envFile: '/etc/sigma-pli/app.env',
  logFiles: { out: '/var/log/sigma-pli/app.log', error: '/var/log/sigma-pli/app-error.log' },
};

describe('renderPm2Ecosystem', () => {
  const { apps } = JSON.parse(renderPm2Ecosystem(base));
  const app = apps[0];

  it('runs one app in cluster mode with one worker per vCPU by default', () => {
    expect(apps).toHaveLength(1);
    expect(app).toMatchObject({
      name: APP_PROCESS_NAME,
      exec_mode: 'cluster',
      instances: 'max',
      script: base.script,
    });
    expect(JSON.parse(renderPm2Ecosystem({ ...base, instances: 2 })).apps[0].instances).toBe(2);
  });

  it('writes the app output as is: no time prefix, so each JSON (and EMF) line stays a JSON document', () => {
    expect(app).not.toHaveProperty('time');
    expect(app).not.toHaveProperty('log_date_format');
    expect(app).toMatchObject({ merge_logs: true, out_file: base.logFiles.out });
  });

  it('reloads gracefully: waits for the ready message, gives workers time to drain', () => {
    expect(app.wait_ready).toBe(true);
    expect(app.listen_timeout).toBeGreaterThan(0);
    // Longer than the app's default request timeout (10 s): in-flight requests finish before SIGKILL.
    expect(app.kill_timeout).toBeGreaterThan(10_000);
  });

  it('guards memory, backs off crash loops and merges the workers logs', () => {
    expect(app.max_memory_restart).toBe('400M');
    expect(app.exp_backoff_restart_delay).toBeGreaterThan(0);
    expect(app).toMatchObject({
      merge_logs: true,
      out_file: base.logFiles.out,
      error_file: base.logFiles.error,
    });
  });

  it('reads the environment from the env file through Node, not through PM2', () => {
    expect(app.node_args).toEqual(['--env-file=/etc/sigma-pli/app.env']);
    expect(app.interpreter).toBe('/usr/bin/node-24');
    expect(app.env).toEqual({});
    expect(JSON.parse(renderPm2Ecosystem({ ...base, env: { PORT: '3100' } })).apps[0].env).toEqual({
      PORT: '3100',
    });
  });
});
