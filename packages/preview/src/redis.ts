import { type ChildProcess, spawn } from 'node:child_process';
import { createConnection } from 'node:net';
import { findExecutable, freePort, stopChild, waitFor } from './processes';

export interface PreviewRedis {
  url: string;
  pid(): number | undefined;
  stop(): Promise<void>;
  start(): Promise<void>;
}

export function findRedisServer(): string | undefined {
  return findExecutable('redis-server');
}

function ping(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createConnection({ host: '127.0.0.1', port }, () => socket.write('PING\r\n'));
    socket.once('data', (data) => {
      socket.destroy();
      resolve(data.toString().startsWith('+PONG'));
    });
    socket.once('error', () => resolve(false));
  });
}

/** A throw-away `redis-server` (no persistence) on a free loopback port; restartable for the outage test. */
export async function startRedis(binary: string, dir: string): Promise<PreviewRedis> {
  const port = await freePort();
  let child: ChildProcess | undefined;
  const start = async () => {
    child = spawn(
      binary,
      // The pid file lets the reaper find this server if the preview's own process is killed.
      [
        '--port',
        String(port),
        '--bind',
        '127.0.0.1',
        '--save',
        '',
        '--appendonly',
        'no',
        '--dir',
        dir,
        '--pidfile',
        `${dir}/redis.pid`,
      ],
      {
        stdio: 'ignore',
        detached: true,
      },
    );
    await waitFor(`redis-server on ${port}`, () => ping(port), 10_000);
  };
  await start();
  return {
    url: `redis://127.0.0.1:${port}`,
    pid: () => child?.pid,
    start,
    stop: async () => {
      if (child) await stopChild(child, 'SIGTERM');
    },
  };
}
