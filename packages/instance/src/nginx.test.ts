import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { EC2_NGINX_PATHS, localNginxPaths, renderNginxConfig } from './nginx';
import { findNginx, testNginxConfig, writeLocalNginxConfig } from './nginx-binary';

const ec2 = renderNginxConfig({ paths: EC2_NGINX_PATHS, user: 'nginx', realIpFrom: ['10.20.0.0/16'] });

/** The directives of one `location` block, by its header line. */
function locationBlock(config: string, header: string): string {
  const start = config.indexOf(`${header} {`);
  expect(start, `missing ${header}`).toBeGreaterThan(-1);
  return config.slice(start, config.indexOf('\n    }', start));
}

describe('renderNginxConfig', () => {
  it('proxies to a keepalive upstream of the app on loopback', () => {
    expect(ec2).toContain('server 127.0.0.1:3000 max_fails=0;');
    // One retry of an idempotent request whose worker died, through the cluster port again.
    expect(ec2).toContain('server 127.0.0.1:3000 max_fails=0 backup;');
    expect(ec2).toContain('proxy_next_upstream error;');
    expect(ec2).toContain('proxy_next_upstream_tries 2;');
    expect(ec2).toMatch(/upstream sigma_app \{[^}]*keepalive 64;/);
    expect(ec2).toContain('proxy_http_version 1.1;');
    expect(ec2).toContain("proxy_set_header Connection '';");
    expect(ec2).toContain('listen 80 default_server;');
    expect(ec2).toContain('user nginx;');
  });

  it('takes the client address from X-Forwarded-For only from the trusted proxies, and forwards it', () => {
    expect(ec2).toContain('set_real_ip_from 10.20.0.0/16;');
    expect(ec2).toContain('real_ip_header X-Forwarded-For;');
    expect(ec2).toContain('real_ip_recursive on;');
    expect(ec2).toContain('proxy_set_header X-Forwarded-For $remote_addr;');
    expect(() => renderNginxConfig({ paths: EC2_NGINX_PATHS, realIpFrom: [] })).toThrow(/realIpFrom/);
  });

  it('passes a Terraform token through untouched', () => {
    const config = renderNginxConfig({ paths: EC2_NGINX_PATHS, realIpFrom: ['${TfToken[TOKEN.42]}'] });
    expect(config).toContain('set_real_ip_from ${TfToken[TOKEN.42]};');
  });

  it('compresses JSON and problem+json', () => {
    expect(ec2).toContain('gzip on;');
    expect(ec2).toMatch(/gzip_types[^;]*application\/json[^;]*application\/problem\+json/);
    expect(ec2).toContain('gzip_proxied any;');
  });

  it('caches hashed assets for a year, proxy-caches public files, and makes HTML revalidate', () => {
    const assets = locationBlock(ec2, 'location ^~ /assets/');
    expect(assets).toContain("add_header Cache-Control 'public, max-age=31536000, immutable';");
    expect(assets).toContain('proxy_cache sigma_static;');
    expect(locationBlock(ec2, 'location = /favicon.svg')).toContain('proxy_cache sigma_static;');
    expect(ec2).toMatch(
      /map \$upstream_http_content_type \$sigma_cache_control \{[^}]*~\^text\/html 'no-cache';/,
    );
    expect(locationBlock(ec2, 'location /')).toContain('add_header Cache-Control $sigma_cache_control;');
  });

  it('passes /health/ straight through, uncached and out of the access log', () => {
    const health = locationBlock(ec2, 'location ^~ /health/');
    expect(health).toContain('access_log off;');
    expect(health).toContain('proxy_pass http://sigma_app;');
    expect(health).not.toContain('proxy_cache ');
  });

  it('limits the body size and answers 413 as problem+json', () => {
    expect(ec2).toContain('client_max_body_size 1048576;');
    expect(
      renderNginxConfig({ paths: EC2_NGINX_PATHS, realIpFrom: ['10.0.0.0/8'], clientMaxBodyBytes: 2048 }),
    ).toContain('client_max_body_size 2048;');
    const tooLarge = locationBlock(ec2, 'location @payload_too_large');
    expect(tooLarge).toContain('default_type application/problem+json;');
    expect(tooLarge).toContain('return 413');
  });

  it('sends the security headers from every location that sets headers', () => {
    const blocks = ec2.split(/\n {4}location /).slice(1);
    expect(blocks.length).toBeGreaterThanOrEqual(6);
    for (const block of blocks) {
      for (const header of [
        'X-Content-Type-Options',
        'X-Frame-Options',
        'Referrer-Policy',
        'Strict-Transport-Security',
      ]) {
        expect(block, block.split('\n')[0]).toContain(`add_header ${header} `);
        // The app's own copy is hidden in the same block (hides are not inherited by a block that has any).
        if (block.includes('proxy_pass')) expect(block).toContain(`proxy_hide_header ${header};`);
      }
    }
    expect(ec2).toContain('server_tokens off;');
    expect(ec2).toContain('proxy_hide_header X-Powered-By;');
  });

  it('keeps query strings out of the access log and sets timeouts', () => {
    expect(ec2).toContain('"path":"$uri"');
    expect(ec2).not.toContain('$request_uri');
    for (const directive of [
      'proxy_connect_timeout',
      'proxy_read_timeout',
      'client_body_timeout',
      'keepalive_timeout',
    ]) {
      expect(ec2).toMatch(new RegExp(`${directive} \\d+s;`));
    }
  });

  it('renders local paths under one directory from the same function', () => {
    const local = renderNginxConfig({
      paths: localNginxPaths('/tmp/preview'),
      listen: { host: '127.0.0.1', port: 18080 },
      upstream: { host: '127.0.0.1', port: 13000 },
      realIpFrom: ['127.0.0.1/32'],
    });
    expect(local).toContain('listen 127.0.0.1:18080 default_server;');
    expect(local).toContain('server 127.0.0.1:13000 max_fails=0;');
    expect(local).toContain('pid /tmp/preview/nginx.pid;');
    expect(local).not.toContain('user ');
    expect(local.replace(/\/tmp\/preview/g, '')).not.toMatch(/\/var\//);
  });
});

const nginx = findNginx();

describe.runIf(nginx)('nginx -t', () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'sigma-nginx-t-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('accepts the rendered config (EC2 directives, local paths)', () => {
    const file = writeLocalNginxConfig(dir, {
      listen: { host: '127.0.0.1', port: 18081 },
      realIpFrom: ['10.20.0.0/16'],
    });
    expect(testNginxConfig(nginx!, dir, file)).toMatch(/syntax is ok/);
  });

  it('rejects a broken config, so the check above can fail', () => {
    const file = writeLocalNginxConfig(dir, { listen: { port: 18082 }, realIpFrom: ['not-an-address'] });
    expect(() => testNginxConfig(nginx!, dir, file)).toThrow(/nginx -t rejected/);
  });
});
