import path from 'node:path';
import { APP_PORT, DEFAULT_BODY_LIMIT_BYTES, NGINX_PORT } from './constants';

/** Files and directories Nginx writes or reads; EC2 and the local preview differ only here. */
export interface NginxPaths {
  pidFile: string;
  errorLog: string;
  accessLog: string;
  /** Parent of the client-body and proxy temp directories (must be writable by the worker user). */
  tempDir: string;
  proxyCacheDir: string;
  mimeTypes: string;
}

export const EC2_NGINX_PATHS: NginxPaths = {
  pidFile: '/run/nginx.pid',
  errorLog: '/var/log/nginx/error.log',
  accessLog: '/var/log/nginx/access.log',
  tempDir: '/var/lib/nginx/tmp',
  proxyCacheDir: '/var/cache/nginx/sigma-pli',
  mimeTypes: '/etc/nginx/mime.types',
};

/** Everything under one directory, for a non-root Nginx started with `-p <dir>`. */
export function localNginxPaths(dir: string): NginxPaths {
  return {
    pidFile: path.join(dir, 'nginx.pid'),
    errorLog: path.join(dir, 'logs', 'error.log'),
    accessLog: path.join(dir, 'logs', 'access.log'),
    tempDir: path.join(dir, 'tmp'),
    proxyCacheDir: path.join(dir, 'cache'),
    mimeTypes: '/etc/nginx/mime.types',
  };
}

export interface NginxConfigOptions {
  paths: NginxPaths;
  /** Address Nginx binds; EC2 listens on every interface, the preview on loopback. */
  listen?: { host?: string; port: number };
  upstream?: { host: string; port: number; keepaliveConnections?: number };
  /** Worker user; omit when Nginx does not start as root (the directive is ignored then anyway). */
  user?: string;
  workerProcesses?: number | 'auto';
  /**
   * Proxies whose `X-Forwarded-For` is believed: the VPC CIDR (the ALB's addresses) on EC2, loopback locally.
   * Values are passed through verbatim (they may be Terraform tokens).
   */
  realIpFrom: readonly string[];
  clientMaxBodyBytes?: number;
  /** Content-hashed build output (Vite's `assets/`): cached one year, immutable. */
  hashedAssetPrefixes?: readonly string[];
  /** Other public files (favicon, robots): proxy-cached briefly, their own Cache-Control kept. */
  publicStaticPaths?: readonly string[];
}

const SECURITY_HEADERS: ReadonlyArray<readonly [string, string]> = [
  ['X-Content-Type-Options', 'nosniff'],
  ['X-Frame-Options', 'DENY'],
  ['Referrer-Policy', 'strict-origin-when-cross-origin'],
  ['Permissions-Policy', 'camera=(), microphone=(), geolocation=(), payment=()'],
];

/** Single-quoted Nginx string; values are fixed text of this module, so a quote in one is a programming error. */
function quote(value: string): string {
  if (/['\\\n]/.test(value)) throw new Error(`Nginx value must not contain quotes or backslashes: ${value}`);
  return `'${value}'`;
}

function indent(lines: readonly string[], depth: number): string[] {
  const pad = '  '.repeat(depth);
  return lines.map((line) => (line === '' ? '' : pad + line));
}

/**
 * Headers of every response. Nginx owns them (the app's copies are hidden) so each appears exactly once; they are
 * re-declared in each location because a location with its own `add_header` inherits none from above.
 */
function responseHeaders(extra: ReadonlyArray<readonly [string, string]> = []): string[] {
  return [
    ...SECURITY_HEADERS.map(([name, value]) => `add_header ${name} ${quote(value)} always;`),
    'add_header Strict-Transport-Security $sigma_hsts always;',
    ...extra.map(([name, value]) => `add_header ${name} ${value.startsWith('$') ? value : quote(value)};`),
  ];
}

function problemLocation(name: string, status: number, title: string, detail: string): string[] {
  const body = JSON.stringify({ type: 'about:blank', title, status, detail });
  return [
    `location @${name} {`,
    '  default_type application/problem+json;',
    ...indent(responseHeaders(), 1),
    `  return ${status} ${quote(body)};`,
    '}',
  ];
}

function prefixLocation(prefix: string): string {
  return prefix.endsWith('/') ? `location ^~ ${prefix}` : `location = ${prefix}`;
}

/**
 * The whole `nginx.conf` of an instance: Nginx in front of the PM2 cluster. The same function renders the EC2
 * file (written by the user data) and the local preview's file, so what is tested here is what runs there.
 */
export function renderNginxConfig(options: NginxConfigOptions): string {
  const { paths } = options;
  const listen = options.listen ?? { port: NGINX_PORT };
  const upstream = options.upstream ?? { host: '127.0.0.1', port: APP_PORT };
  const bodyLimit = options.clientMaxBodyBytes ?? DEFAULT_BODY_LIMIT_BYTES;
  const hashedPrefixes = options.hashedAssetPrefixes ?? ['/assets/'];
  const publicPaths = options.publicStaticPaths ?? ['/favicon.svg', '/favicon.ico', '/robots.txt'];
  if (options.realIpFrom.length === 0) throw new Error('realIpFrom needs at least one trusted proxy address');

  /**
   * `proxy_pass` plus the upstream headers Nginx replaces. Like `add_header`, a location with any
   * `proxy_hide_header` inherits none from above, so every location carries the whole list.
   */
  const proxied = (hideAlso: readonly string[] = []) => [
    'proxy_pass http://sigma_app;',
    ...[
      ...SECURITY_HEADERS.map(([name]) => name),
      'Strict-Transport-Security',
      'X-Powered-By',
      ...hideAlso,
    ].map((name) => `proxy_hide_header ${name};`),
  ];
  const lines: string[] = [
    '# Generated by @sigma-pli/instance (renderNginxConfig); do not edit on the host.',
    ...(options.user ? [`user ${options.user};`] : []),
    `worker_processes ${options.workerProcesses ?? 'auto'};`,
    `pid ${paths.pidFile};`,
    `error_log ${paths.errorLog} warn;`,
    '',
    'events {',
    '  worker_connections 4096;',
    '}',
    '',
    'http {',
    ...indent(
      [
        `include ${paths.mimeTypes};`,
        'default_type application/octet-stream;',
        'server_tokens off;',
        'sendfile on;',
        'tcp_nopush on;',
        // Longer than the ALB idle timeout (60 s) so the ALB, not Nginx, closes idle connections.
        'keepalive_timeout 75s;',
        'keepalive_requests 10000;',
        'client_header_timeout 15s;',
        'client_body_timeout 15s;',
        'send_timeout 30s;',
        `client_max_body_size ${bodyLimit};`,
        `client_body_temp_path ${path.posix.join(paths.tempDir, 'client_body')};`,
        `proxy_temp_path ${path.posix.join(paths.tempDir, 'proxy')};`,
        `fastcgi_temp_path ${path.posix.join(paths.tempDir, 'fastcgi')};`,
        `uwsgi_temp_path ${path.posix.join(paths.tempDir, 'uwsgi')};`,
        `scgi_temp_path ${path.posix.join(paths.tempDir, 'scgi')};`,
        '',
        '# The client address: the ALB appends it to X-Forwarded-For; only the trusted proxies may set it.',
        ...options.realIpFrom.map((cidr) => `set_real_ip_from ${cidr};`),
        'real_ip_header X-Forwarded-For;',
        'real_ip_recursive on;',
        '',
        // Paths without query strings: filters such as ?cpf= must not land in the logs.
        `log_format sigma_json escape=json '{"time":"$time_iso8601","client_ip":"$remote_addr","request_id":"$request_id","method":"$request_method","path":"$uri","status":$status,"bytes_sent":$body_bytes_sent,"request_time":$request_time,"upstream_time":"$upstream_response_time","upstream_status":"$upstream_status","cache":"$upstream_cache_status","user_agent":"$http_user_agent"}';`,
        `access_log ${paths.accessLog} sigma_json buffer=32k flush=5s;`,
        '',
        'gzip on;',
        'gzip_comp_level 5;',
        'gzip_min_length 512;',
        'gzip_proxied any;',
        'gzip_vary on;',
        'gzip_types application/json application/problem+json application/javascript text/css text/plain text/csv text/xml application/xml image/svg+xml;',
        '',
        'map $http_x_forwarded_proto $sigma_forwarded_proto {',
        '  default $scheme;',
        '  https https;',
        '}',
        // HSTS only on requests that arrived over HTTPS at the edge; browsers ignore it over plain HTTP anyway.
        'map $http_x_forwarded_proto $sigma_hsts {',
        "  default '';",
        "  https 'max-age=31536000; includeSubDomains';",
        '}',
        // HTML must always be revalidated (it names the hashed assets of the current release).
        'map $upstream_http_content_type $sigma_cache_control {',
        '  default $upstream_http_cache_control;',
        "  ~^text/html 'no-cache';",
        '}',
        '',
        `proxy_cache_path ${paths.proxyCacheDir} levels=1:2 keys_zone=sigma_static:10m max_size=256m inactive=60m use_temp_path=off;`,
        '',
        'upstream sigma_app {',
        `  server ${upstream.host}:${upstream.port} max_fails=0;`,
        // The same PM2 cluster port again, as the peer `proxy_next_upstream` retries: a GET whose worker died
        // mid-request (crash, memory restart) is replayed once and the cluster hands it to a live worker.
        `  server ${upstream.host}:${upstream.port} max_fails=0 backup;`,
        `  keepalive ${upstream.keepaliveConnections ?? 64};`,
        // Shorter than the app's keep-alive timeout (Fastify: 72 s) so Nginx never reuses a socket the app closes.
        '  keepalive_timeout 60s;',
        '}',
        '',
        'proxy_http_version 1.1;',
        "proxy_set_header Connection '';",
        'proxy_set_header Host $host;',
        // Nginx has already resolved the client; the app (one trusted hop) sees exactly that address.
        'proxy_set_header X-Forwarded-For $remote_addr;',
        'proxy_set_header X-Real-IP $remote_addr;',
        'proxy_set_header X-Forwarded-Proto $sigma_forwarded_proto;',
        'proxy_set_header X-Request-Id $request_id;',
        'proxy_connect_timeout 5s;',
        'proxy_send_timeout 30s;',
        // Above the app's request timeout, so the app answers (problem+json) before Nginx gives up.
        'proxy_read_timeout 30s;',
        // Retries only idempotent requests, only before any response byte, and never after a slow (timed out) one.
        'proxy_next_upstream error;',
        'proxy_next_upstream_tries 2;',
        '',
        'server {',
        `  listen ${listen.host ? `${listen.host}:` : ''}${listen.port} default_server;`,
        '  server_name _;',
        '  error_page 413 @payload_too_large;',
        '  error_page 502 504 @upstream_unavailable;',
        '',
        // Health checks: straight to the app, never cached, not in the access log (the ALB polls every few seconds).
        '  location ^~ /health/ {',
        '    access_log off;',
        '    proxy_read_timeout 5s;',
        ...indent([...proxied(), ...responseHeaders()], 2),
        '  }',
        '',
        ...hashedPrefixes.flatMap((prefix) => [
          `  ${prefixLocation(prefix)} {`,
          ...indent(
            [
              ...proxied(['Cache-Control']),
              'proxy_cache sigma_static;',
              'proxy_cache_valid 200 1h;',
              'proxy_cache_lock on;',
              'proxy_cache_use_stale error timeout updating;',
              ...responseHeaders([
                ['Cache-Control', 'public, max-age=31536000, immutable'],
                ['X-Cache-Status', '$upstream_cache_status'],
              ]),
            ],
            2,
          ),
          '  }',
        ]),
        ...publicPaths.flatMap((staticPath) => [
          `  ${prefixLocation(staticPath)} {`,
          ...indent(
            [
              ...proxied(),
              'proxy_cache sigma_static;',
              'proxy_cache_valid 200 10m;',
              'proxy_cache_use_stale error timeout updating;',
              ...responseHeaders([['X-Cache-Status', '$upstream_cache_status']]),
            ],
            2,
          ),
          '  }',
        ]),
        '',
        '  location / {',
        ...indent(
          [...proxied(['Cache-Control']), ...responseHeaders([['Cache-Control', '$sigma_cache_control']])],
          2,
        ),
        '  }',
        '',
        ...indent(
          problemLocation(
            'payload_too_large',
            413,
            'Payload Too Large',
            `The request body exceeds the limit of ${bodyLimit} bytes.`,
          ),
          1,
        ),
        ...indent(
          problemLocation('upstream_unavailable', 502, 'Bad Gateway', 'The application is not answering.'),
          1,
        ),
        '}',
      ],
      1,
    ),
    '}',
    '',
  ];
  return lines.join('\n');
}
